/**
 * `npm run bench:recovery`: how fast a server comes back from a long journal, and what a resting order
 * costs the engine in memory. Each phase runs in a fresh process, as a restart does:
 *
 * 1. build: a real server (startApp: journal with fdatasync, history projection) is driven in-process
 *    through `submit` with BENCH_RECOVERY_COMMANDS (1,000,000) journaled commands: a trading mix from
 *    four portfolios on four spot books (of ten client commands: five limit orders resting 1–10 ticks
 *    behind the touch, three cancels of the oldest, two market orders that take the house's quotes) and
 *    a market tick every BENCH_RECOVERY_TICK_EVERY (400) commands, i.e. the default 5 ticks/s beside
 *    2,000 client commands/s. Snapshots are off, so the whole journal is the recovery tail. Once the
 *    last command is durable the process kills itself (SIGKILL, no shutdown snapshot, the history a
 *    little behind), as a crash would.
 * 2. replay: EngineRuntime.open on that data dir (the engine's own recovery: read, decode, apply) →
 *    commands/s, and the state hash compared with the builder's; then a second pass times decoding
 *    and applying apart, by command type: where the time goes.
 * 3. restart after the crash: startApp on a copy of the dir (history store opened, engine recovered,
 *    listening), then until the history has caught up with the engine: the server's own start path;
 *    then a clean shutdown (it writes a snapshot), and 4. a restart from that snapshot.
 * 5. memory: an in-memory engine with the house's quotes, then BENCH_RECOVERY_RESTING (100,000)
 *    resting client orders of 200 portfolios; heap growth after GC ÷ orders = bytes per resting order.
 * 6. finished: likewise BENCH_RECOVERY_FINISHED (100,000) IOC orders with clientOrderIds that end at
 *    once: bytes per finished order the engine keeps for the retention (clientOrderId uniqueness).
 *
 * BENCH_RECOVERY_DIR keeps the built journal there and reuses it on the next run (profiling: a phase
 * also runs by hand, `tsx bench/recovery.ts replay <dir>`, and prints its result).
 * Goals (issue 13): ≥ 300,000 commands/s replayed, ≤ 500 bytes per resting order.
 */
import { fork } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError } from '../src/catalogue/index.ts';
import { startApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Side } from '../src/domain/market.ts';
import { add, formatFixed, parseFixed, sub, times, type Price } from '../src/domain/money.ts';
import type { Order } from '../src/domain/orders/index.ts';
import type { Command, CommandType } from '../src/engine/core/commands.ts';
import { Engine, type Stamped } from '../src/engine/core/engine.ts';
import { EngineRuntime } from '../src/engine/core/runtime.ts';
import { EngineReads } from '../src/engine/reads.ts';
import { decode } from '../src/store/journal/codec.ts';
import { FileJournal } from '../src/store/journal/journal.ts';
import { Fields } from '../src/wire/fields.ts';
import { ORDER_REF_FIELDS, parseOrderRef, parsePlaceOrder } from '../src/wire/order-requests.ts';

const COMMANDS = Number(process.env.BENCH_RECOVERY_COMMANDS ?? 1_000_000);
const TICK_EVERY = Number(process.env.BENCH_RECOVERY_TICK_EVERY ?? 400);
const RESTING = Number(process.env.BENCH_RECOVERY_RESTING ?? 100_000);
const FINISHED = Number(process.env.BENCH_RECOVERY_FINISHED ?? 100_000);
const FINISHED_PORTFOLIOS = 20;
const GOAL_COMMANDS_PER_SECOND = 300_000;
const GOAL_BYTES_PER_ORDER = 500;

const PORTFOLIOS = 4;
const TICK = { elapsedMs: 200, orderRetentionMs: 7 * 86_400_000 };
/** The books traded and the size of one order on each. */
const SIZES: Record<string, string> = { BINANCE_SPOT_BTC_USDT: '0.001', BINANCE_SPOT_ETH_USDT: '0.01', OKX_SPOT_BTC_USDT: '0.001', OKX_SPOT_ETH_USDT: '0.01' };
const SYMS = Object.keys(SIZES);
/** A portfolio cancels instead of placing once it has this many open orders. */
const MAX_OPEN_PER_PORTFOLIO = 150;
/** Commands submitted before waiting for them (the journal writes them together). */
const PIPELINE = 1_000;
/** Open orders a portfolio may hold (MAX_OPEN_ORDERS), and the price levels the memory phase spreads them over on each book. */
const ORDERS_PER_PORTFOLIO = 500;
const MEMORY_LEVELS = 125;

const serverConfig = (dataDir: string) => loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', SIM_TICK_MS: '0', SNAPSHOT_EVERY: String(2 ** 40) });
const seconds = (since: number) => (performance.now() - since) / 1000;
const perSecond = (count: number, s: number) => `${Math.round(count / s).toLocaleString('en-US')}/s`;

/** Applies one command: through a runtime (journaled) or an in-memory engine. */
type Run = (command: Command) => Promise<unknown>;
type Caller = Parameters<typeof parsePlaceOrder>[1];

/** A user with a funded MainPortfolio on both venues, as the admin API opens one; returns it as a caller. */
async function openInstitution(run: Run, reads: EngineReads, accessKey: string): Promise<Caller> {
  await run({ type: 'createUser', payload: { name: accessKey, primaryKey: { accessKey, secret: { iv: '00', tag: '00', data: '00' } } } });
  const key = reads.apiKey(accessKey)!;
  for (const venue of ['BINANCE', 'OKX'] as const) {
    for (const [coin, amount] of [['USDT', '1000000000'], ['BTC', '10000'], ['ETH', '100000']]) {
      await run({ type: 'creditDeposit', payload: { portfolioId: key.portfolioId, venue, coin, amount: parseFixed(amount)! } });
    }
  }
  return { key, user: reads.user(key.userId)!, portfolio: reads.portfolio(key.portfolioId)! };
}

/** `ticks` ticks away from the touch on `side`'s own side of the book (0: at the best bid or ask). */
function restingPrice(reads: EngineReads, sym: string, side: Side, ticks: number): Price | undefined {
  const { bids, asks } = reads.market.depth(sym, 1);
  const best = side === 'BUY' ? bids[0]?.[0] : asks[0]?.[0];
  if (best === undefined) return undefined;
  const offset = times(reads.market.instrument(sym)!.tickSize, ticks);
  return side === 'BUY' ? sub(best, offset) : add(best, offset);
}

/** No better than the portfolio's orders on that side still being cancelled: a better one would be refused (401121) until a tick confirms them. */
function notBetterThanCancelling(price: Price, side: Side, cancelling: readonly Order[]): Price {
  for (const order of cancelling) {
    if (order.side === side && (side === 'BUY' ? order.limitPrice < price : order.limitPrice > price)) price = order.limitPrice;
  }
  return price;
}

const placeOrder = (params: Record<string, string>, caller: Caller): Command => ({ type: 'placeOrder', payload: parsePlaceOrder(new Fields(params), caller).command });

/** The i-th command of the trading mix for `caller`, read from the state as it is now. */
function mixCommand(i: number, caller: Caller, reads: EngineReads): Command {
  if (i % TICK_EVERY === 0) return { type: 'tick', payload: TICK };
  const sym = SYMS[Math.floor(i / PORTFOLIOS) % SYMS.length];
  const side: Side = Math.floor(i / (PORTFOLIOS * SYMS.length)) % 2 === 0 ? 'BUY' : 'SELL';
  const open = reads.openOrders(caller.portfolio.portfolioId);
  const cancellable = open.filter((order) => order.action !== 'CANCEL_PENDING');
  const kind = i % 10;
  if ((kind >= 5 && kind <= 7 && cancellable.length > 0) || cancellable.length >= MAX_OPEN_PER_PORTFOLIO) {
    return { type: 'cancelOrder', payload: parseOrderRef(new Fields({ orderId: cancellable[0].orderId }).read(ORDER_REF_FIELDS), caller) };
  }
  if (kind >= 8) return placeOrder({ sym, side, orderType: 'MARKET', orderQty: SIZES[sym] }, caller);
  const behind = restingPrice(reads, sym, side, 1 + (i % 10));
  if (behind === undefined) return { type: 'tick', payload: TICK };
  const cancelling = open.filter((order) => order.action === 'CANCEL_PENDING' && order.sym === sym);
  return placeOrder({ sym, side, orderType: 'LIMIT', orderQty: SIZES[sym], limitPrice: formatFixed(notBetterThanCancelling(behind, side, cancelling)) }, caller);
}

interface Built {
  seq: number;
  hash: string;
  refused: number;
  counts: Record<string, number>;
  buildSeconds: number;
  /** Journaled commands the history had not projected when the builder was killed. */
  historyLag: number;
}

async function build(dataDir: string): Promise<void> {
  const started = performance.now();
  const app = await startApp(serverConfig(dataDir));
  const reads = new EngineReads(() => app.runtime.state);
  const submit = app.runtime.submit as (type: CommandType, payload: unknown) => Promise<unknown>;
  const run: Run = (command) => submit(command.type, command.payload);
  const callers: Caller[] = [];
  for (let p = 0; p < PORTFOLIOS; p++) callers.push(await openInstitution(run, reads, `benchrecovery${p}`));
  await run({ type: 'tick', payload: TICK }); // the house quotes every book
  let refused = 0;
  const pending: Promise<unknown>[] = [];
  for (let i = 0; app.runtime.seq < COMMANDS; i++) {
    const refusal = (error: unknown) => {
      if (!(error instanceof ApiError)) throw error;
      refused++;
    };
    pending.push(run(mixCommand(i, callers[i % PORTFOLIOS], reads)).catch(refusal));
    if (pending.length >= PIPELINE) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  const result: Built = { seq: app.runtime.seq, hash: app.runtime.stateHash(), refused, counts: countByType(dataDir, app.runtime.seq), buildSeconds: seconds(started), historyLag: app.runtime.seq - app.history.projector.checkpoint };
  report(result, () => process.kill(process.pid, 'SIGKILL'));
}

/** Commands of each type in the journal (read back: what recovery will see). */
function countByType(dataDir: string, lastSeq: number): Record<string, number> {
  const counts: Record<string, number> = {};
  const last = FileJournal.replay(join(dataDir, 'engine'), 0, ({ payload }) => {
    const type = /"type":"(\w+)"/.exec(payload)![1];
    counts[type] = (counts[type] ?? 0) + 1;
  });
  if (last !== lastSeq) throw new Error(`journal holds ${last} records, the runtime ${lastSeq}`);
  return counts;
}

/** To the main process; a phase run by hand prints it. */
function report(result: unknown, then: () => void): void {
  if (process.send) process.send(result, then);
  else {
    console.log(result);
    then();
  }
}

interface Replayed {
  seq: number;
  hash: string;
  openSeconds: number;
  decodeMs: number;
  byType: Record<string, { count: number; applyMs: number }>;
}

async function replay(dataDir: string): Promise<void> {
  const opened = performance.now();
  const runtime = await EngineRuntime.open({ dataDir });
  const openSeconds = seconds(opened);
  const byType: Replayed['byType'] = {};
  const engine = new Engine();
  let decodeMs = 0;
  FileJournal.replay(join(dataDir, 'engine'), 0, ({ payload }) => {
    const t0 = performance.now();
    const stamped = decode<Stamped>(payload);
    const t1 = performance.now();
    engine.apply(stamped.ts, stamped.command);
    const entry = (byType[stamped.command.type] ??= { count: 0, applyMs: 0 });
    entry.count++;
    entry.applyMs += performance.now() - t1;
    decodeMs += t1 - t0;
  });
  const result: Replayed = { seq: runtime.seq, hash: runtime.stateHash(), openSeconds, decodeMs, byType };
  report(result, () => process.exit(0));
}

interface Restarted {
  listening: number;
  caughtUp: number;
  sinceProcessStart: number;
  seq: number;
  hash: string;
  closeSeconds: number;
}

async function restart(dataDir: string): Promise<void> {
  const started = performance.now();
  const app = await startApp(serverConfig(dataDir));
  const listening = seconds(started);
  await app.history.projector.settled();
  const caughtUp = seconds(started);
  const sinceProcessStart = process.uptime();
  const { seq } = app.runtime;
  const hash = app.runtime.stateHash();
  const closing = performance.now();
  await app.close();
  const result: Restarted = { listening, caughtUp, sinceProcessStart, seq, hash, closeSeconds: seconds(closing) };
  report(result, () => process.exit(0));
}

/** Bytes of heap a resting client order costs the engine (its order, reservation, book entry, indexes). */
async function memory(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const engine = new Engine();
  const reads = new EngineReads(() => engine.state);
  let ts = Date.UTC(2026, 0, 5);
  const apply = (command: Command) => engine.apply(++ts, command).result;
  const run: Run = async (command) => apply(command);
  apply({ type: 'startSimulation', payload: { seed: 1 } });
  const callers: Caller[] = [];
  for (let p = 0; p < Math.ceil(RESTING / ORDERS_PER_PORTFOLIO); p++) callers.push(await openInstitution(run, reads, `benchmemory${p}`));
  apply({ type: 'tick', payload: TICK });
  const prices = new Map(SYMS.map((sym) => [sym, Array.from({ length: MEMORY_LEVELS }, (_, k) => formatFixed(restingPrice(reads, sym, 'BUY', 1 + k)!))]));
  const command = (n: number) => {
    const sym = SYMS[Math.floor(n / callers.length) % SYMS.length];
    const price = prices.get(sym)![Math.floor(n / (callers.length * SYMS.length)) % MEMORY_LEVELS];
    return placeOrder({ sym, side: 'BUY', orderType: 'LIMIT', orderQty: SIZES[sym], limitPrice: price }, callers[n % callers.length]);
  };
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let n = 0; n < RESTING; n++) {
    const { state } = apply(command(n)) as { state: string };
    if (state !== 'OPEN') throw new Error(`order ${n} is ${state}, not resting`);
  }
  gc();
  report({ orders: RESTING, portfolios: callers.length, bytes: process.memoryUsage().heapUsed - before }, () => process.exit(0));
}

/** Bytes of heap a finished client order costs the engine while it keeps it for the retention (clientOrderId uniqueness, 401117). */
async function finished(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const engine = new Engine();
  const reads = new EngineReads(() => engine.state);
  let ts = Date.UTC(2026, 0, 5);
  const apply = (command: Command) => engine.apply(++ts, command).result;
  const run: Run = async (command) => apply(command);
  apply({ type: 'startSimulation', payload: { seed: 1 } });
  const callers: Caller[] = [];
  for (let p = 0; p < FINISHED_PORTFOLIOS; p++) callers.push(await openInstitution(run, reads, `benchfinished${p}`));
  apply({ type: 'tick', payload: TICK });
  const far = formatFixed(restingPrice(reads, 'BINANCE_SPOT_BTC_USDT', 'BUY', MEMORY_LEVELS)!);
  const command = (n: number) =>
    placeOrder({ sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderType: 'LIMIT', timeInForce: 'IOC', orderQty: '0.001', limitPrice: far, clientOrderId: `bench${n}` }, callers[n % callers.length]);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let n = 0; n < FINISHED; n++) {
    const { state } = apply(command(n)) as { state: string };
    if (state !== 'CANCELLED') throw new Error(`order ${n} is ${state}, not finished`);
  }
  gc();
  report({ orders: FINISHED, portfolios: callers.length, bytes: process.memoryUsage().heapUsed - before }, () => process.exit(0));
}

function phase<T>(name: string, dataDir: string, execArgv: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [name, dataDir], { execArgv: [...execArgv, '--import', 'tsx'] });
    child.once('message', (result) => resolve(result as T));
    child.once('exit', (code, signal) => signal !== 'SIGKILL' && code !== 0 && reject(new Error(`${name} exited with ${code ?? signal}`)));
  });
}

/** The data dir with its journal: built now, or kept from an earlier run in BENCH_RECOVERY_DIR (with what the builder reported). */
async function journalDir(): Promise<{ dataDir: string; built: Built; keep: boolean }> {
  const kept = process.env.BENCH_RECOVERY_DIR;
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'openconnex-bench-recovery-'));
  const saved = join(dataDir, 'bench-build.json');
  if (kept && existsSync(saved)) {
    console.log(`journal kept in ${dataDir} from an earlier run`);
    return { dataDir, built: JSON.parse(readFileSync(saved, 'utf8')) as Built, keep: true };
  }
  mkdirSync(dataDir, { recursive: true });
  console.log(`building a journal of ${COMMANDS.toLocaleString('en-US')} commands in ${dataDir} (a tick every ${TICK_EVERY} commands)…`);
  const built = await phase<Built>('build', dataDir);
  writeFileSync(saved, JSON.stringify(built));
  const mix = Object.entries(built.counts).map(([type, count]) => `${type} ${count.toLocaleString('en-US')}`).join(', ');
  console.log(`built in ${built.buildSeconds.toFixed(1)} s, then killed with the history ${built.historyLag} commands behind; journal: ${mix}; ${built.refused} commands refused (not journaled)`);
  return { dataDir, built, keep: kept !== undefined };
}

function describeReplay(replayed: Replayed, built: Built): void {
  const same = replayed.hash === built.hash && replayed.seq === built.seq;
  console.log(`replay (EngineRuntime.open, fresh process): ${replayed.seq.toLocaleString('en-US')} commands in ${replayed.openSeconds.toFixed(2)} s = ${perSecond(replayed.seq, replayed.openSeconds)} (goal ≥ ${GOAL_COMMANDS_PER_SECOND.toLocaleString('en-US')}/s); state hash ${same ? 'equal to the builder’s' : `DIFFERS (${replayed.hash} vs ${built.hash})`}`);
  const micros = (ms: number, count: number) => `${((ms * 1000) / count).toFixed(1)} µs`;
  const kinds = Object.entries(replayed.byType).sort((a, b) => b[1].applyMs - a[1].applyMs);
  const applied = kinds.map(([type, { count, applyMs }]) => `${type} ${micros(applyMs, count)} × ${count.toLocaleString('en-US')} = ${(applyMs / 1000).toFixed(1)} s`);
  console.log(`  where it goes (a second pass timing each record): read + decode ${micros(replayed.decodeMs, replayed.seq)} a record = ${(replayed.decodeMs / 1000).toFixed(1)} s; apply ${applied.join(', ')}`);
}

function describeRestart(what: string, restarted: Restarted, built: Built): void {
  const check = restarted.seq !== built.seq ? `it journaled ${restarted.seq - built.seq} commands of its own` : `state hash ${restarted.hash === built.hash ? 'equal' : 'DIFFERS'}`;
  console.log(
    `${what}: listening after ${restarted.listening.toFixed(2)} s (startApp: history store, engine recovery), history caught up at ${restarted.caughtUp.toFixed(2)} s; ` +
      `${restarted.sinceProcessStart.toFixed(2)} s since the process started; ${check}; clean shutdown ${restarted.closeSeconds.toFixed(2)} s`,
  );
}

async function main(): Promise<void> {
  const { dataDir, built, keep } = await journalDir();
  // A server's start may journal commands of its own, and its shutdown takes a snapshot: it runs on a copy, so the journal stays as built.
  const copy = `${dataDir}-restart`;
  try {
    describeReplay(await phase<Replayed>('replay', dataDir), built);
    cpSync(dataDir, copy, { recursive: true });
    describeRestart(`restart after the crash (history ${built.historyLag} commands behind)`, await phase<Restarted>('restart', copy), built);
    describeRestart('restart after a clean shutdown (from its snapshot)', await phase<Restarted>('restart', copy), built);
    const memory = await phase<{ orders: number; portfolios: number; bytes: number }>('memory', dataDir, ['--expose-gc']);
    console.log(
      `memory: ${memory.orders.toLocaleString('en-US')} resting orders of ${memory.portfolios} portfolios on ${SYMS.length} books: heap +${(memory.bytes / 2 ** 20).toFixed(1)} MB = ` +
        `${Math.round(memory.bytes / memory.orders)} bytes per resting order (goal ≤ ${GOAL_BYTES_PER_ORDER})`,
    );
    const kept = await phase<{ orders: number; portfolios: number; bytes: number }>('finished', dataDir, ['--expose-gc']);
    console.log(
      `finished orders kept for the retention: ${kept.orders.toLocaleString('en-US')} of ${kept.portfolios} portfolios, each with a clientOrderId: heap +${(kept.bytes / 2 ** 20).toFixed(1)} MB = ` +
        `${Math.round(kept.bytes / kept.orders)} bytes per finished order`,
    );
  } finally {
    rmSync(copy, { recursive: true, force: true });
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

const [mode, dir] = process.argv.slice(2);
const phases: Record<string, (dataDir: string) => Promise<void>> = { build, replay, restart, memory, finished };
(mode ? phases[mode](dir) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
