/**
 * `npm run bench:orders`: signed HTTP order placements per second through the whole server (auth,
 * rate limits, engine, journal with group commit and fdatasync, history projection), with p50/p99
 * latency, on a SPOT and on a PERP sym (leverage set first; the perp path adds the margin check of the
 * unified account), beside a bare `node:http` server answering the same requests with a fixed envelope, in
 * the same run and with the same client. The targets take turns in short rounds (BENCH_ROUNDS), so a
 * slower or faster spell of a shared machine falls on all, and the ratio is also given as the median of
 * the rounds' ratios (each round's rate over bare's in the same round), which one spell cannot move.
 * After each round the bench waits until the server has projected the round into its history, and
 * counts that wait: the rate is one it sustains. The servers run in this process, the load generator in
 * one child process kept for the run, so the client does not share an event loop with the server it measures.
 * Options: BENCH_SECONDS per target over all rounds (default 6), BENCH_ROUNDS (default 8; bare runs first in each, SPOT and PERP alternate which goes next), BENCH_CONCURRENCY (default 64); DATABASE_URL and DATABASE_SCHEMA
 * project history into PostgreSQL instead of the embedded PGlite; BENCH_ONLY=openconnex skips the
 * bare server (for profiling the server alone); SNAPSHOT_EVERY and SNAPSHOT_JOURNAL_PERCENT as for the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { baseUrlOf, startApp } from '../src/app.ts';
import { sign, stringToSign } from '../src/auth/signature.ts';
import { createDemoUser } from '../src/ops/bootstrap.ts';
import { cpuBetween, threadCpu } from './thread-cpu.ts';
import { loadConfig } from '../src/config.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
/** Long enough for the JIT to have optimized the whole request path. */
const WARMUP_SECONDS = 2;
const SPOT_SYM = 'BINANCE_SPOT_BTC_USDT';
const PERP_SYM = 'BINANCE_PERP_BTC_USDT';
/** Any leverage the sym allows: the bid below the book never fills, so only the margin it holds depends on it. */
const PERP_LEVERAGE = 10;

interface Target {
  /** The order each request places: a bid at 20000, far below the book, of `orderQty`. */
  sym: string;
  orderQty: string;
  host: string;
  port: number;
  apiKey: string;
  secretKey: string;
}

interface Result {
  requests: number;
  failures: number;
  seconds: number;
  latenciesMs: number[];
  /** The load generator's own CPU, in milliseconds. */
  clientCpuMs: number;
}

let sequence = 0;

/** One signed place-order request: an IOC bid below the book, so every order runs the whole path and ends. */
function placeOrder(target: Target, agent: Agent): Promise<boolean> {
  const params = { sym: target.sym, side: 'BUY', orderType: 'LIMIT', timeInForce: 'IOC', orderQty: target.orderQty, limitPrice: '20000', clientOrderId: `b${process.pid}x${++sequence}` };
  const nonce = String(Math.floor(Date.now() / 1000));
  const body = JSON.stringify(params);
  const headers = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'X-MBX-APIKEY': target.apiKey,
    nonce,
    signature: sign(target.secretKey, stringToSign(params, nonce)),
  };
  return new Promise((resolve, reject) => {
    const req = request({ host: target.host, port: target.port, path: '/api/v1/trading/order', method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()).code === 200000));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function drive(target: Target, seconds: number): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latenciesMs: number[] = [];
  let failures = 0;
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      const ok = await placeOrder(target, agent);
      latenciesMs.push(performance.now() - sent);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  const cpu = process.cpuUsage(cpuBefore);
  return { requests: latenciesMs.length, failures, seconds: (performance.now() - start) / 1000, latenciesMs, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}

/** What one target did over all its rounds, with this process's CPU time by thread. */
class Measurement {
  requests = 0;
  failures = 0;
  seconds = 0;
  clientCpuMs = 0;
  mainCpuMs = 0;
  /** The other threads' CPU, busiest first in each round. */
  otherCpuMs: number[] = [];
  readonly latenciesMs: number[] = [];
  /** Each round's rate: the ratio of one round to bare's in the same round shows how far a run's ratio can be trusted. */
  readonly roundRates: number[] = [];

  /** Seconds spent after the rounds until the history had projected them. */
  catchUpSeconds = 0;

  /** `settled`: resolves once the server's asynchronous work of the round is done (its history projected). */
  constructor(
    readonly name: string,
    private readonly settled: () => Promise<void> = async () => {},
  ) {}

  /**
   * Drives `target` from the load generator for one round, then waits for the server to catch up:
   * the round's seconds count that wait, so the rate is one the server sustains, and no round's backlog
   * runs in the next target's round.
   */
  async round(loadGenerator: LoadGenerator, target: Target, seconds: number): Promise<void> {
    const before = threadCpu();
    const result = await loadGenerator.drive(target, seconds);
    const catchingUp = performance.now();
    await this.settled();
    const catchUp = (performance.now() - catchingUp) / 1000;
    const after = threadCpu();
    this.requests += result.requests;
    this.failures += result.failures;
    this.seconds += result.seconds + catchUp;
    this.roundRates.push(result.requests / (result.seconds + catchUp));
    this.catchUpSeconds += catchUp;
    this.clientCpuMs += result.clientCpuMs;
    for (const latency of result.latenciesMs) this.latenciesMs.push(latency);
    if (before && after) {
      const { main, others } = cpuBetween(before, after);
      this.mainCpuMs += main;
      others.forEach((ms, i) => (this.otherCpuMs[i] = (this.otherCpuMs[i] ?? 0) + ms));
    }
  }

  get rate(): number {
    return this.requests / this.seconds;
  }

  report(): void {
    const sorted = [...this.latenciesMs].sort((a, b) => a - b);
    console.log(
      `${this.name.padEnd(34)} ${this.rate.toFixed(0).padStart(7)} req/s   p50 ${percentile(sorted, 50).toFixed(2)} ms   p99 ${percentile(sorted, 99).toFixed(2)} ms   (${this.requests} requests, ${this.failures} refused; history caught up ${this.catchUpSeconds.toFixed(2)} s after the rounds, counted)`,
    );
    const perRequest = (ms: number) => ((ms * 1000) / this.requests).toFixed(0);
    const others = this.otherCpuMs.reduce((a, b) => a + b, 0);
    console.log(
      `${''.padEnd(34)} CPU per request: main thread ${perRequest(this.mainCpuMs)} µs, other threads ${perRequest(others)} µs (busiest ${this.otherCpuMs.slice(0, 3).map(perRequest).join(' / ')} µs), load generator ${perRequest(this.clientCpuMs)} µs`,
    );
  }
}

/** The load generator: one child process for the whole run, driving one target at a time. */
class LoadGenerator {
  private readonly child = fork(fileURLToPath(import.meta.url), ['load-generator'], { execArgv: ['--import', 'tsx'] });
  private waiting: { resolve: (result: Result) => void; reject: (error: Error) => void } | null = null;

  constructor() {
    this.child.on('message', (result) => this.waiting?.resolve(result as Result));
    this.child.on('error', (error) => this.waiting?.reject(error));
    // A child that dies mid-round (a refused connection, say) ends the run instead of leaving it waiting.
    this.child.on('exit', (code, signal) => this.waiting?.reject(new Error(`load generator exited (${signal ?? code})`)));
  }

  drive(target: Target, seconds: number): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.child.send({ target, seconds });
    });
  }

  stop(): void {
    this.waiting = null;
    this.child.kill();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The baseline: node:http reading the body and answering a fixed success envelope. */
function startBare(): Promise<Server> {
  const answer = JSON.stringify({ code: 200000, message: 'Success', data: { orderId: '1234567890123456', clientOrderId: 'x' } });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString());
      res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-bench-'));
  const unlimited = JSON.stringify({ '*': { orderWrite: [1e9, 1000] } });
  const snapshotTuning = Object.fromEntries(['SNAPSHOT_EVERY', 'SNAPSHOT_JOURNAL_PERCENT'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
  const history = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: process.env.DATABASE_SCHEMA ?? 'public' } : {};
  const app = await startApp(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', SIM_TICK_MS: '0', RATE_LIMITS: unlimited, ...history, ...snapshotTuning }));
  const demo = await createDemoUser(app, baseUrlOf(app));
  const userId = app.runtime.state.portfolios.get(demo.portfolioId)!.userId;
  await app.runtime.submit('setLeverage', { actor: { userId, keyPortfolioId: demo.portfolioId, primary: true }, sym: PERP_SYM, leverage: PERP_LEVERAGE });
  const { port } = new URL(baseUrlOf(app));
  const spot: Target = { sym: SPOT_SYM, orderQty: '0.001', host: '127.0.0.1', port: Number(port), apiKey: demo.apiKey, secretKey: demo.secretKey };
  // the perp's minimum notional is 100 USDT
  const perp: Target = { ...spot, sym: PERP_SYM, orderQty: '0.01' };
  const settled = () => app.history.projector.settled();
  const bare = await startBare();
  const bareTarget: Target = { ...spot, port: (bare.address() as { port: number }).port };
  const loadGenerator = new LoadGenerator();
  try {
    const store = history.DATABASE_URL ? `PostgreSQL schema ${history.DATABASE_SCHEMA}` : 'embedded PGlite';
    console.log(`${SECONDS} s per target in ${ROUNDS} alternating rounds, ${CONCURRENCY} requests in flight, journal with fdatasync in ${dataDir}, history in ${store}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const onlyOpenconnex = process.env.BENCH_ONLY === 'openconnex';
    const targets: [Measurement, Target][] = [
      ...(onlyOpenconnex ? [] : [[new Measurement('bare node:http (fixed answer)'), bareTarget] as [Measurement, Target]]),
      [new Measurement('openconnex POST /trading/order SPOT', settled), spot],
      [new Measurement('openconnex POST /trading/order PERP', settled), perp],
    ];
    for (const [, target] of targets) await loadGenerator.drive(target, WARMUP_SECONDS);
    for (let round = 0; round < ROUNDS; round++) {
      // The server's state grows with every round (finished orders kept for the retention): SPOT and PERP take turns going first.
      const servers = targets.slice(onlyOpenconnex ? 0 : 1);
      const turn = [...targets.slice(0, targets.length - servers.length), ...(round % 2 === 0 ? servers : servers.reverse())];
      for (const [measurement, target] of turn) await measurement.round(loadGenerator, target, SECONDS / ROUNDS);
    }
    for (const [measurement] of targets) measurement.report();
    if (!onlyOpenconnex) {
      const bareRate = targets[0][0].rate;
      const bareRounds = targets[0][0].roundRates;
      for (const [measurement, target] of targets.slice(1)) {
        const byRound = measurement.roundRates.map((rate, round) => rate / bareRounds[round]);
        console.log(
          `openconnex ${target.sym} / bare = ${(measurement.rate / bareRate).toFixed(2)}, median of rounds ${median(byRound).toFixed(2)}  (goal ≥ 0.5; round by round ${byRound.map((ratio) => ratio.toFixed(2)).join(', ')})`,
        );
      }
    }
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    loadGenerator.stop();
    bare.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'load-generator') {
  process.on('message', ({ target, seconds }: { target: Target; seconds: number }) => void drive(target, seconds).then((result) => process.send!(result)));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
