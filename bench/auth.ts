/**
 * `npm run bench:auth`: signed requests per second and p50/p99 latency through HTTP for an authenticated
 * read endpoint (GET /api/v1/trading/portfolio), beside a bare node:http server answering the same request
 * in the same run. Each server runs in its own process; the load comes from this one over keep-alive
 * connections, one request in flight on each. BENCH_SECONDS (default 5) and BENCH_CONNECTIONS (default 16).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign, stringToSign } from '../src/auth/signature.ts';
import type { DemoCredentials } from '../src/ops/bootstrap.ts';
import { readDemoCredentials, startServerProcess } from '../test/support/process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 16);
const PATH = '/api/v1/trading/portfolio';
const PARAMS = { belongingTo: '0' };

interface Result {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** One signed request as raw bytes: a GET is not replay-guarded, so it may be sent again within the nonce window. */
function signedRequestBytes(baseUrl: string, credentials: DemoCredentials): Buffer {
  const nonce = String(Math.floor(Date.now() / 1000));
  const signature = sign(credentials.secretKey, stringToSign(PARAMS, nonce));
  const { host } = new URL(baseUrl);
  const lines = [`GET ${PATH}?${new URLSearchParams(PARAMS)} HTTP/1.1`, `host: ${host}`, 'content-type: application/json', `x-mbx-apikey: ${credentials.apiKey}`, `nonce: ${nonce}`, `signature: ${signature}`];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
}

/**
 * A keep-alive connection that sends one request at a time and resolves with each whole response body.
 * Deliberately minimal (Content-Length bodies only) so the load generator costs far less than a server.
 */
class Connection {
  private buffer = Buffer.alloc(0);
  private waiting: ((body: string) => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  static open(baseUrl: string): Promise<Connection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => resolve(new Connection(socket))).once('error', reject);
    });
  }

  send(bytes: Buffer): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/content-length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('latin1'))?.[1]);
    if (this.buffer.length < headerEnd + 4 + length) return;
    const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(headerEnd + 4 + length);
    this.waiting?.(body);
  }
}

async function load(name: string, baseUrl: string, credentials: DemoCredentials, seconds: number): Promise<Result> {
  const bytes = signedRequestBytes(baseUrl, credentials);
  const connections = await Promise.all(Array.from({ length: CONNECTIONS }, () => Connection.open(baseUrl)));
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const worker = async (connection: Connection) => {
    while (performance.now() < end) {
      const started = performance.now();
      const body = await connection.send(bytes);
      latencies.push(performance.now() - started);
      if (!body.startsWith('{"code":200000')) throw new Error(`${name} answered ${body}`);
    }
  };
  const started = performance.now();
  await Promise.all(connections.map(worker));
  const elapsed = (performance.now() - started) / 1000;
  for (const connection of connections) connection.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { name, requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-bench-'));
  const openconnex = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [1_000_000_000, 1000] } }) });
  const bare = await startServerProcess({}, 'bench/bare-server.ts');
  try {
    const credentials = readDemoCredentials(dataDir);
    const results: Result[] = [];
    for (const [name, baseUrl] of [['node:http bare', bare.baseUrl], ['openconnex signed', openconnex.baseUrl]] as const) {
      await load(name, baseUrl, credentials, 1); // warm-up
      results.push(await load(name, baseUrl, credentials, SECONDS));
    }
    console.log(`GET ${PATH}, ${CONNECTIONS} keep-alive connections, ${SECONDS} s each, node ${process.version}`);
    console.table(results.map((r) => ({ server: r.name, requests: r.requests, 'req/s': Math.round(r.perSecond), 'p50 ms': r.p50.toFixed(2), 'p99 ms': r.p99.toFixed(2) })));
    console.log(`openconnex / bare throughput: ${(results[1].perSecond / results[0].perSecond).toFixed(2)}`);
  } finally {
    await Promise.all([openconnex.stop(), bare.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
