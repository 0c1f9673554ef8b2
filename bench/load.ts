/** A closed-loop HTTP load generator over keep-alive sockets: throughput and latency percentiles. */
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  non200: number;
}

export interface PreparedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export async function runLoad(baseUrl: string, total: number, concurrency: number, next: (i: number) => PreparedRequest): Promise<LoadResult> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let issued = 0;
  let non200 = 0;
  const worker = async () => {
    while (issued < total) {
      const prepared = next(issued++);
      const started = process.hrtime.bigint();
      const status = await send(agent, url, prepared);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (status !== 200) non200++;
    }
  };
  const began = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { requests: total, seconds, perSecond: total / seconds, p50ms: pct(0.5), p99ms: pct(0.99), non200 };
}

function send(agent: Agent, url: URL, prepared: PreparedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: prepared.path, method: prepared.method, headers: prepared.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(prepared.body);
  });
}

export function formatResult(name: string, result: LoadResult): string {
  return `${name.padEnd(28)} ${result.perSecond.toFixed(0).padStart(7)} req/s   p50 ${result.p50ms.toFixed(2)} ms   p99 ${result.p99ms.toFixed(2)} ms   (${result.requests} requests, ${result.non200} non-200)`;
}
