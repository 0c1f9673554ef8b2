import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Receiver } from 'ws';
import { EncodedFrame } from '../../src/ws/encoded-frame.ts';

/** Reads a wire frame back the way a WebSocket client does. */
function received(wire: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, isBinary: boolean) => (isBinary ? reject(new Error('binary')) : resolve(data.toString('utf8'))));
    receiver.on('error', reject);
    receiver.write(wire);
  });
}

describe('EncodedFrame', () => {
  it('is a text frame a WebSocket client reads back, at every length encoding', async () => {
    for (const length of [0, 125, 126, 65_535, 65_536, 200_000]) {
      const payload = 'é'.repeat(Math.floor(length / 2)) + 'x'.repeat(length % 2);
      assert.equal(Buffer.byteLength(payload), length);
      assert.equal(await received(EncodedFrame.text(payload).wire), payload, `length ${length}`);
    }
  });
});
