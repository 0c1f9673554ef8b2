/**
 * `npm run bench:ws`: the market-data push capacity of one server, beside a raw `ws` broadcast server
 * (bench/ws-raw.ts) in the same run, with the same clients and the same frames.
 *
 * openconnex (journal on, no market timer) is driven by order commands submitted in-process, each
 * changing the BTC book (a resting buy, then a market sell that fills it: ORDER_BOOK, BBO and TRADE
 * pushes). The raw server pushes the frames openconnex pushed for those commands (recorded first), as
 * many per command, with the event time stamped when it pushes. A separate process holds the client
 * connections (BENCH_WS_CONNECTIONS to each target), all subscribed to those channels.
 *
 * The command rate starts at BENCH_WS_START_RATE and grows by half each step; in each step the two
 * targets take turns (BENCH_WS_ROUNDS rounds of BENCH_WS_STEP_SECONDS each), so a slow spell of a shared
 * machine falls on both. A target's capacity is the most frames/s it delivered in a step whose push
 * latency (event → client receipt) stayed within BENCH_WS_P99_MS at the 99th percentile with no client
 * dropped as a slow consumer; it stops stepping once it passed the bound, delivered less than 90 % of
 * the frames offered (falling behind), or its frames/s rose less than 20 % over the previous step
 * (saturated). The load average is printed: on a busy shared machine the lowest rate may already pass
 * the bound (raise BENCH_WS_P99_MS, or run when the machine is quieter).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { baseUrlOf, startApp } from '../src/app.ts';
import { createDemoUser } from '../src/ops/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { formatFixed, parseFixed, type Fixed } from '../src/domain/money.ts';
import { EngineReads } from '../src/engine/reads.ts';
import { Fields } from '../src/wire/fields.ts';
import { parsePlaceOrder } from '../src/wire/order-requests.ts';
import { cpuBetween, threadCpu } from './thread-cpu.ts';
import { RawBroadcastServer } from './ws-raw.ts';

const CONNECTIONS = Number(process.env.BENCH_WS_CONNECTIONS ?? 1000);
const STEP_SECONDS = Number(process.env.BENCH_WS_STEP_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_WS_ROUNDS ?? 3);
const START_RATE = Number(process.env.BENCH_WS_START_RATE ?? 50);
const P99_BOUND_MS = Number(process.env.BENCH_WS_P99_MS ?? 1000);
const GROWTH = 1.5;
const SATURATED_GAIN = 1.2;
/** Delivered below this share of the frames offered: the target no longer keeps up. */
const KEEPING_UP = 0.9;
const MAX_STEPS = 16;
const SYM = 'BINANCE_SPOT_BTC_USDT';
const CHANNELS = ['ORDER_BOOK', 'BBO', 'TRADE'];

/** What drives one target: the i-th command of a run (openconnex: a command; raw: that command's frames). */
interface Target {
  name: string;
  url: string;
  issue(i: number): Promise<unknown> | void;
}

interface ClientReport {
  frames: number;
  activeMs: number;
  steady: { frames: number; ms: number };
  latencies: number[];
  closed: number;
  cpuMs: number;
}

/** One target's measurements at one command rate, over all rounds. */
class Step {
  frames = 0;
  activeMs = 0;
  steadyFrames = 0;
  steadyMs = 0;
  clientCpuMs = 0;
  serverCpuMs = 0;
  dropped = 0;
  commands = 0;
  readonly latencies: number[] = [];
  /** openconnex only: engine stamp → frames queued (durable, published) and → socket writes issued. */
  readonly queued: number[] = [];
  readonly written: number[] = [];

  constructor(readonly rate: number) {}

  /** Delivered while the load was offered, past the first 250 ms: what the target sustains. */
  get framesPerSecond(): number {
    return this.steadyMs > 0 ? (this.steadyFrames * 1000) / this.steadyMs : 0;
  }

  p(list: number[], percent: number): number {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((percent / 100) * sorted.length))];
  }

  get withinBound(): boolean {
    return this.dropped === 0 && this.p(this.latencies, 99) <= P99_BOUND_MS;
  }

  /** Server main-thread CPU per thousand frames delivered: far steadier than throughput on a shared machine. */
  get cpuPerThousandFrames(): number {
    return (this.serverCpuMs * 1000) / this.frames;
  }

  describe(name: string): string {
    const share = (ms: number) => `${((100 * ms) / this.activeMs).toFixed(0)} %`;
    const server = this.queued.length > 0 ? `, stamp → queued p50/p99 ${this.p(this.queued, 50).toFixed(1)}/${this.p(this.queued, 99).toFixed(1)} ms, → written ${this.p(this.written, 50).toFixed(1)}/${this.p(this.written, 99).toFixed(1)} ms` : '';
    return (
      `${name.padEnd(10)} ${String(Math.round(this.rate)).padStart(6)} cmd/s  ${Math.round(this.framesPerSecond).toLocaleString('en-US').padStart(10)} frames/s  ` +
      `p50 ${this.p(this.latencies, 50)} ms p99 ${this.p(this.latencies, 99)} ms  CPU: server main thread ${share(this.serverCpuMs)} (${this.cpuPerThousandFrames.toFixed(1)} ms per 1000 frames), clients ${share(this.clientCpuMs)}` +
      `${this.dropped > 0 ? `, ${this.dropped} dropped` : ''}${server}`
    );
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-bench-ws-'));
const app = await startApp(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', SIM_TICK_MS: '0' }));
const raw = await RawBroadcastServer.start();
const baseUrl = baseUrlOf(app);
const reads = new EngineReads(() => app.runtime.state);

/** A demo institution funded for far more commands than a run sends. */
async function trader() {
  const { apiKey } = await createDemoUser(app, baseUrl);
  const key = reads.apiKey(apiKey)!;
  for (const [coin, amount] of [['USDT', '1000000000'], ['BTC', '100000']]) {
    await app.runtime.submit('creditDeposit', { portfolioId: key.portfolioId, venue: 'BINANCE', coin, amount: parseFixed(amount)! });
  }
  return { key, user: reads.user(key.userId)!, portfolio: reads.portfolio(key.portfolioId)! };
}
// Bids from one institution, market sells from another: self-trade prevention (401043) refuses a portfolio's order against its own.
const maker = await trader();
const taker = await trader();

/** Twenty bid prices that become the best bid (inside the spread when the book is quoted), so each sell fills the bench's bid. */
function bidPrices(): string[] {
  const instrument = reads.market.instrument(SYM)!;
  const { bids } = reads.market.depth(SYM, 1);
  const base = bids[0]?.[0] ?? parseFixed('40000')!;
  return Array.from({ length: 20 }, (_, i) => formatFixed((base + BigInt(i + 1) * instrument.tickSize) as Fixed));
}
const prices = bidPrices();
const command = (caller: typeof maker, params: Record<string, string>) => parsePlaceOrder(new Fields(params), caller).command;

const openconnex: Target = {
  name: 'openconnex',
  url: baseUrl.replace(/^http/, 'ws') + '/v1/public',
  issue: (i) =>
    i % 2 === 0
      ? app.runtime.submit('placeOrder', command(maker, { sym: SYM, side: 'BUY', orderType: 'LIMIT', orderQty: '0.001', limitPrice: prices[(i / 2) % prices.length] }))
      : app.runtime.submit('placeOrder', command(taker, { sym: SYM, side: 'SELL', orderType: 'MARKET', orderQty: '0.001' })),
};

/** Issues `rate` commands per second to `target` for `seconds` (then calls `offered`); returns how many. */
async function drive(target: Target, rate: number, seconds: number, offered = () => {}): Promise<number> {
  const started = performance.now();
  let sent = 0;
  const pending: Promise<unknown>[] = [];
  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; sent < due; sent++) {
      const result = target.issue(sent);
      if (result) pending.push(result);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  offered();
  await Promise.all(pending);
  return sent;
}

const subscribe = CHANNELS.map((channel, i) => ({ id: String(i), action: 'subscribe', args: { channel, inst: [SYM] } }));

/** The frames openconnex pushes to one subscriber for `commands` commands, as (topic, text) in order. */
async function recordFrames(commands: number): Promise<{ topic: string; text: string }[]> {
  const recorder = new WebSocket(openconnex.url);
  const frames: { topic: string; text: string }[] = [];
  let acks = 0;
  let lastAt = performance.now();
  await new Promise<void>((resolve) => {
    recorder.on('open', () => subscribe.forEach((message) => recorder.send(JSON.stringify(message))));
    recorder.on('message', (data: Buffer) => {
      const text = data.toString();
      const push = JSON.parse(text) as { arg?: { channel: string; sym: string }; data?: { updatetype?: string } };
      if (push.arg && push.data?.updatetype !== 'snapshot' && acks === subscribe.length) {
        frames.push({ topic: `${push.arg.channel}|${push.arg.sym}`, text });
        lastAt = performance.now();
      }
      if (!push.arg && ++acks === subscribe.length) resolve();
    });
  });
  // BBO's first frame after subscribing is its current state, not a change.
  await new Promise((resolve) => setTimeout(resolve, 200));
  frames.length = 0;
  for (let i = 0; i < commands; i++) await openconnex.issue(i);
  while (performance.now() - lastAt < 300) await new Promise((resolve) => setTimeout(resolve, 50));
  recorder.close();
  return frames;
}

const RECORDED_COMMANDS = 40;
const recorded = await recordFrames(RECORDED_COMMANDS);
const framesPerCommand = recorded.length / RECORDED_COMMANDS;
const EVENT_TIME = /"ts":"\d+"/g;
const rawTarget: Target = {
  name: 'raw ws',
  url: raw.url,
  issue: (i) => {
    const ts = `"ts":"${Date.now()}"`;
    for (let f = Math.floor(i * framesPerCommand); f < Math.floor((i + 1) * framesPerCommand); f++) {
      const frame = recorded[f % recorded.length];
      raw.broadcast(frame.topic, frame.text.replace(EVENT_TIME, ts));
    }
  },
};
console.log(`${recorded.length} frames recorded for ${RECORDED_COMMANDS} commands (${framesPerCommand} per command per connection): the raw server pushes these`);

const clients = fork(new URL('./ws-clients.ts', import.meta.url).pathname, { execArgv: ['--import', 'tsx'] });
function reply<T>(type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: { type: string }) => {
      if (message.type !== type) return;
      clients.off('message', listener);
      resolve(message as T);
    };
    clients.on('message', listener);
  });
}
for (const target of [openconnex, rawTarget]) {
  const ready = reply<{ sockets: number }>('ready');
  clients.send({ type: 'start', target: target.name, url: target.url, connections: CONNECTIONS, subscribe });
  console.log(`${target.name}: ${(await ready).sockets} connections subscribed to ${CHANNELS.join(', ')} of ${SYM}`);
}

/** Where a push's time goes on the server, per batch, from the engine stamp (see Step.queued / written). */
let recording: Step | null = null;
app.runtime.onEvents((batch) => {
  const step = recording;
  if (!step) return;
  // Registered after the market feed: its frames are queued; the sessions uncork in nextTick callbacks queued before this one.
  step.queued.push(performance.timeOrigin + performance.now() - batch.ts);
  process.nextTick(() => step.written.push(performance.timeOrigin + performance.now() - batch.ts));
});

async function measure(target: Target, step: Step): Promise<void> {
  clients.send({ type: 'measure', target: target.name });
  const cpuBefore = threadCpu();
  if (target === openconnex) recording = step;
  step.commands += await drive(target, step.rate, STEP_SECONDS, () => clients.send({ type: 'offered' }));
  recording = null;
  const report = reply<ClientReport>('report');
  clients.send({ type: 'report' });
  const result = await report;
  const cpuAfter = threadCpu();
  step.frames += result.frames;
  step.activeMs += result.activeMs;
  step.steadyFrames += result.steady.frames;
  step.steadyMs += result.steady.ms;
  step.clientCpuMs += result.cpuMs;
  step.dropped = result.closed;
  for (const latency of result.latencies) step.latencies.push(latency);
  if (cpuBefore && cpuAfter) step.serverCpuMs += cpuBetween(cpuBefore, cpuAfter).main;
}

const targets = [openconnex, rawTarget];
console.log(`machine load average ${loadavg().map((load) => load.toFixed(1)).join(' / ')} (1 / 5 / 15 min), ${CONNECTIONS} connections per target, ${ROUNDS} rounds of ${STEP_SECONDS} s per step`);
for (const target of targets) await drive(target, START_RATE, 1); // warm-up: the JIT has seen the whole path
await new Promise((resolve) => setTimeout(resolve, 500));

const steps = new Map(targets.map((target) => [target, [] as Step[]]));
const stopped = new Map<Target, string>();
let rate = START_RATE;
for (let n = 0; n < MAX_STEPS && stopped.size < targets.length; n++, rate *= GROWTH) {
  const active = targets.filter((target) => !stopped.has(target));
  const current = new Map(active.map((target) => [target, new Step(rate)]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of active) await measure(target, current.get(target)!);
  }
  for (const [target, step] of current) {
    console.log(step.describe(target.name));
    const previous = steps.get(target)!.at(-1);
    steps.get(target)!.push(step);
    const offered = rate * framesPerCommand * CONNECTIONS;
    if (!step.withinBound) stopped.set(target, `p99 over ${P99_BOUND_MS} ms or clients dropped at ${Math.round(rate)} cmd/s`);
    else if (step.framesPerSecond < offered * KEEPING_UP) stopped.set(target, `falling behind: delivered under ${KEEPING_UP * 100} % of the ${Math.round(offered).toLocaleString('en-US')} frames/s offered at ${Math.round(rate)} cmd/s`);
    else if (previous && step.framesPerSecond < previous.framesPerSecond * SATURATED_GAIN) stopped.set(target, `saturated: frames/s rose less than ${Math.round((SATURATED_GAIN - 1) * 100)} % at ${Math.round(rate)} cmd/s`);
  }
}

function capacity(target: Target): Step | undefined {
  const within = steps.get(target)!.filter((step) => step.withinBound);
  return within.sort((a, b) => b.framesPerSecond - a.framesPerSecond)[0];
}
console.log(`\ncapacity (most frames/s in a step with p99 ≤ ${P99_BOUND_MS} ms and no client dropped), ${CONNECTIONS} connections per target:`);
for (const target of targets) {
  const best = capacity(target);
  const figures = best && `${Math.round(best.framesPerSecond).toLocaleString('en-US')} frames/s at ${Math.round(best.rate)} cmd/s (p50 ${best.p(best.latencies, 50)} ms, p99 ${best.p(best.latencies, 99)} ms, main thread ${best.cpuPerThousandFrames.toFixed(2)} ms per 1000 frames)`;
  console.log(`  ${target.name.padEnd(10)} ${figures ?? 'none within the bound'}; stopped: ${stopped.get(target) ?? `after ${MAX_STEPS} steps`}`);
}
const ours = capacity(openconnex);
const ceiling = capacity(rawTarget);
if (ours && ceiling) console.log(`openconnex / raw ws = ${(ours.framesPerSecond / ceiling.framesPerSecond).toFixed(2)}  (goal ≥ 0.80)`);

clients.send({ type: 'exit' });
await raw.close();
await app.close();
rmSync(dataDir, { recursive: true, force: true });
