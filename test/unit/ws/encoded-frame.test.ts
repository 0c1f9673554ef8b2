import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { EncodedFrame } from '../../../src/ws/encoded-frame.ts';

describe('EncodedFrame', () => {
  let server: WebSocketServer;
  before(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
  });
  after(() => server.close());

  it('is a text frame a WebSocket client reads back, at every length encoding', async () => {
    const lengths = [0, 125, 126, 65_535, 65_536, 200_000];
    const payloads = lengths.map((length) => 'é'.repeat(Math.floor(length / 2)) + 'x'.repeat(length % 2));
    assert.deepEqual(payloads.map((p) => Buffer.byteLength(p)), lengths);
    // Written to the TCP socket under the WebSocket, as the sessions write pushes.
    server.once('connection', (_socket, request) => payloads.forEach((p) => request.socket.write(EncodedFrame.text(p).wire)));
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const received = await new Promise<string[]>((resolve, reject) => {
      const texts: string[] = [];
      client.on('error', reject);
      client.on('message', (data, isBinary) => {
        if (isBinary) reject(new Error('binary frame'));
        texts.push(data.toString('utf8'));
        if (texts.length === payloads.length) resolve(texts);
      });
    });
    client.close();
    assert.deepEqual(received, payloads);
  });
});
