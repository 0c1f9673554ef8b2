/** A WebSocket test client: every frame it receives is kept, and tests wait for the ones they expect. */
import WebSocket from 'ws';

export interface Received {
  text: string;
  json: any;
}

export class WsClient {
  readonly frames: Received[] = [];
  closed: { code: number; reason: string } | null = null;
  private cursor = 0;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      let json: any = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      this.frames.push({ text, json });
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static async open(baseUrl: string, path: string): Promise<WsClient> {
    const socket = new WebSocket(baseUrl.replace(/^http/, 'ws') + path);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsClient(socket);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next frame (after the ones already taken) that matches; frames skipped over stay readable by `all`. */
  async next(match: (frame: Received) => boolean = () => true): Promise<Received> {
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++];
        if (match(frame)) return frame;
      }
      if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Sends a request and waits for the answer carrying its id. */
  async request(message: { id: string } & Record<string, unknown>): Promise<any> {
    this.send(message);
    return (await this.next((f) => f.json?.id === message.id)).json;
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
