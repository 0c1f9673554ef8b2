/** A TCP proxy in front of a real server, which a test can cut (every connection dropped, new ones refused) and restore. */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private cutOff = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async open(targetHost: string, targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => proxy!.accept(client, targetHost, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy is not listening on TCP');
    proxy = new TcpProxy(server, address.port);
    return proxy;
  }

  /** Drops every connection through the proxy, and every new one, until `restore`; resolves once they are closed. */
  async cut(): Promise<void> {
    this.cutOff = true;
    const closed = [...this.sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(closed);
  }

  restore(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    await this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket, targetHost: string, targetPort: number): void {
    if (this.cutOff) return void client.destroy();
    const upstream = connect(targetPort, targetHost);
    for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
      this.sockets.add(socket);
      socket.pipe(other);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        other.destroy();
      });
    }
  }
}
