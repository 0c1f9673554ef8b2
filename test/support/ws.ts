/**
 * A WebSocket test client: every frame it receives is kept, and tests wait for the ones they expect.
 * Every JSON frame is checked against the messages the server's AsyncAPI document has its stream send;
 * waiting past a frame that does not match fails.
 */
import assert from 'node:assert/strict';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import WebSocket from 'ws';
import { wsLoginMessage } from '../../src/client/ws-login.ts';
import { streamValidator } from './documented.ts';
import type { TestServer } from './server.ts';

export interface Received {
  text: string;
  json: any;
}

export class WsClient {
  readonly frames: Received[] = [];
  closed: { code: number; reason: string } | null = null;
  private cursor = 0;
  private waiters: (() => void)[] = [];

  /** Frames outside the document, with why. */
  private readonly undocumented: string[] = [];

  private constructor(
    readonly socket: WebSocket,
    documented: ValidateFunction,
  ) {
    socket.on('message', (data) => {
      const text = data.toString();
      let json: any = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      if (json !== null && !documented(json)) this.undocumented.push(`${text.slice(0, 400)}\n${JSON.stringify(documented.errors?.slice(0, 6))}`);
      this.frames.push({ text, json });
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static async open(baseUrl: string, path: string): Promise<WsClient> {
    const documented = await streamValidator(baseUrl, path);
    const socket = new WebSocket(baseUrl.replace(/^http/, 'ws') + path);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsClient(socket, documented);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next frame after the ones `next` already took that matches; frames skipped over are taken too. */
  async next(match: (frame: Received) => boolean = () => true): Promise<Received> {
    for (;;) {
      this.assertDocumented();
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++];
        if (match(frame)) return frame;
      }
      await this.waitForMore();
    }
  }

  /** The first frame received at or after index `from` that matches, whatever `next` took. */
  async find(match: (frame: Received) => boolean, from = 0): Promise<Received> {
    for (let i = from; ; i++) {
      while (i >= this.frames.length) await this.waitForMore();
      this.assertDocumented();
      if (match(this.frames[i])) return this.frames[i];
    }
  }

  private assertDocumented(): void {
    assert.deepEqual(this.undocumented, [], 'frames the AsyncAPI document does not describe');
  }

  /** Sends a request and waits for the answer carrying its id (pushes stay unread for `next`). */
  async request(message: { id: string } & Record<string, unknown>): Promise<any> {
    const from = this.frames.length;
    this.send(message);
    return (await this.find((f) => f.json?.id === message.id, from)).json;
  }

  private async waitForMore(): Promise<void> {
    if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting`);
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async waitClosed(): Promise<{ code: number; reason: string }> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.closed;
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** The demo user's private WebSocket, logged in. */
export async function openDemoPrivate(server: TestServer): Promise<WsClient> {
  const ws = await WsClient.open(server.baseUrl, '/v1/private');
  const login = await ws.request({ id: 'login', ...wsLoginMessage({ apiKey: server.demo.apiKey, secretKey: server.demo.secretKey }) });
  assert.equal(login.code, 200000, login.msg);
  return ws;
}
