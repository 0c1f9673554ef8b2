/**
 * `npm run bench:ws`: market-data delivery to many WebSocket connections on one machine.
 * A real server (journal on, no market timer) is driven by order commands submitted in-process at a
 * fixed rate, each changing the BTC book (a resting buy, then a market sell that fills it: ORDER_BOOK,
 * BBO and TRADE pushes). A separate process holds the client connections, subscribed to those
 * channels, and counts frames and the delay from the engine's event time to receipt; the server side of
 * that delay is split (durable publication, socket writes) and the server's CPU per command is printed.
 * Env: BENCH_WS_CONNECTIONS (1000), BENCH_WS_SECONDS (10), BENCH_WS_RATE (commands/s, 40).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseUrlOf, startApp } from '../src/app.ts';
import { createDemoUser } from '../src/ops/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { Fields } from '../src/wire/fields.ts';
import { parsePlaceOrder } from '../src/wire/order-requests.ts';

const CONNECTIONS = Number(process.env.BENCH_WS_CONNECTIONS ?? 1000);
const SECONDS = Number(process.env.BENCH_WS_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_WS_RATE ?? 40);
const SYM = 'BINANCE_SPOT_BTC_USDT';

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-bench-ws-'));
const app = await startApp(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', SIM_TICK_MS: '0' }));
const baseUrl = baseUrlOf(app);
const state = app.runtime.state;
const callerOf = (apiKey: string) => {
  const key = state.apiKeys.get(apiKey)!;
  return { key, user: state.users.get(key.userId)!, portfolio: state.portfolios.get(key.portfolioId)! };
};
// Bids from one institution, market sells from another: self-trade prevention (401043) refuses a portfolio's order against its own.
const maker = callerOf((await createDemoUser(app, baseUrl)).apiKey);
const taker = callerOf((await createDemoUser(app, baseUrl)).apiKey);
const command = (caller: typeof maker, params: Record<string, string>) => parsePlaceOrder(new Fields(params), caller).command;

/** Submits commands at RATE per second for `seconds`; returns how many the engine applied. */
async function drive(seconds: number): Promise<number> {
  const started = performance.now();
  let sent = 0;
  const pending: Promise<unknown>[] = [];
  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE);
    for (; sent < due; sent += 2) {
      const price = String(40_000 + (sent % 20));
      pending.push(app.runtime.submit('placeOrder', command(maker, { sym: SYM, side: 'BUY', orderType: 'LIMIT', orderQty: '0.001', limitPrice: price })));
      pending.push(app.runtime.submit('placeOrder', command(taker, { sym: SYM, side: 'SELL', orderType: 'MARKET', orderQty: '0.001' })));
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(pending);
  return sent;
}

const clients = fork(new URL('./ws-clients.ts', import.meta.url).pathname, { execArgv: ['--import', 'tsx'] });
const reply = <T>(type: string) => new Promise<T>((resolve) => clients.on('message', (m: any) => m.type === type && resolve(m)));

/**
 * Where a push's time goes on the server, per batch, from the engine stamp: to this listener (journal group
 * commit, then the market feed, registered earlier, has queued the frames) and to the end of the socket writes
 * (the sessions flush their corked sockets in nextTick callbacks queued before this one).
 */
const queued: number[] = [];
const written: number[] = [];
let recording = false;
app.runtime.onEvents((batch) => {
  if (!recording) return;
  queued.push(performance.timeOrigin + performance.now() - batch.ts);
  process.nextTick(() => written.push(performance.timeOrigin + performance.now() - batch.ts));
});

const baseline = await drive(2);
console.log(`engine alone: ${(baseline / 2).toFixed(0)} commands/s offered and applied (target ${RATE}/s)`);

const subscribe = ['ORDER_BOOK', 'BBO', 'TRADE'].map((channel, i) => ({ id: String(i), action: 'subscribe', args: { channel, inst: [SYM] } }));
const ready = reply<{ sockets: number }>('ready');
clients.send({ type: 'start', url: baseUrl.replace(/^http/, 'ws') + '/v1/public', connections: CONNECTIONS, subscribe });
console.log(`${(await ready).sockets} connections subscribed to ${subscribe.map((s) => s.args.channel).join(', ')} of ${SYM}`);

clients.send({ type: 'measure' });
recording = true;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const applied = await drive(SECONDS);
recording = false;
const cpu = process.cpuUsage(cpuBefore);
await new Promise((resolve) => setTimeout(resolve, 500));
const report = reply<{ frames: number; latencies: number[]; closed: number }>('report');
clients.send({ type: 'report' });
const { frames, latencies, closed } = await report;
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
for (const list of [queued, written]) list.sort((a, b) => a - b);
console.log(`commands applied: ${applied} in ${SECONDS} s (${(applied / SECONDS).toFixed(0)}/s)`);
console.log(`frames delivered: ${frames} in ${elapsed.toFixed(1)} s = ${Math.round(frames / elapsed).toLocaleString('en-US')} frames/s to ${CONNECTIONS} connections`);
console.log(`push latency, engine event → client receipt (${latencies.length} samples): p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`);
const ms = (list: number[], p: number) => percentile(list, p).toFixed(1);
console.log(`server side, engine stamp → frames queued (durable, published): p50 ${ms(queued, 50)} ms, p99 ${ms(queued, 99)} ms; → all socket writes issued: p50 ${ms(written, 50)} ms, p99 ${ms(written, 99)} ms`);
console.log(`server process CPU per command (engine, journal, fan-out to ${CONNECTIONS} sockets): user ${(cpu.user / 1000 / applied).toFixed(2)} ms, system ${(cpu.system / 1000 / applied).toFixed(2)} ms`);
console.log(`connections dropped as slow consumers: ${closed}`);
clients.send({ type: 'exit' });
await app.close();
rmSync(dataDir, { recursive: true, force: true });
