/**
 * The ceiling for `npm run bench:ws`: a raw `ws` broadcast server with no engine, journal or rendering.
 * It acknowledges subscriptions as openconnex does and, per broadcast, frames the given text once
 * and writes those bytes to every subscribed socket, each socket corked until the end of the turn: the
 * least work a server can do to push one frame to many connections in Node.
 */
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { EncodedFrame } from '../src/ws/encoded-frame.ts';

export class RawBroadcastServer {
  private readonly subscribers = new Map<string, Set<Socket>>();
  private readonly corked = new Set<Socket>();

  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket, request) => {
      socket.on('message', (data) => {
        const text = data.toString();
        if (text === 'ping') return socket.send('pong');
        const message = JSON.parse(text) as { id: string; args: { channel: string; inst: string[] } };
        const { channel, inst } = message.args;
        for (const sym of inst) this.subscribersOf(`${channel}|${sym}`).add(request.socket);
        socket.send(JSON.stringify({ id: message.id, event: 'subscribe', code: 200000, msg: 'Success', data: inst.map((sym) => ({ channel, sym })) }));
      });
      socket.on('close', () => this.subscribers.forEach((set) => set.delete(request.socket)));
    });
  }

  static start(): Promise<RawBroadcastServer> {
    return new Promise((resolve) => {
      const server: WebSocketServer = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => resolve(new RawBroadcastServer(server)));
    });
  }

  get url(): string {
    const { port } = this.server.address() as { port: number };
    return `ws://127.0.0.1:${port}`;
  }

  /** Pushes one text frame to every socket subscribed to `topic` (`CHANNEL|sym`). */
  broadcast(topic: string, text: string): void {
    const set = this.subscribers.get(topic);
    if (!set || set.size === 0) return;
    const { wire } = EncodedFrame.text(text);
    if (this.corked.size === 0) process.nextTick(() => this.uncorkAll());
    for (const socket of set) {
      if (!this.corked.has(socket)) {
        this.corked.add(socket);
        socket.cork();
      }
      socket.write(wire);
    }
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private subscribersOf(topic: string): Set<Socket> {
    let set = this.subscribers.get(topic);
    if (!set) this.subscribers.set(topic, (set = new Set()));
    return set;
  }

  private uncorkAll(): void {
    for (const socket of this.corked) socket.uncork();
    this.corked.clear();
  }
}
