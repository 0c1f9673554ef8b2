/**
 * `npm run bench:risk`: what open perp positions cost the engine, in process (no HTTP, no journal).
 * For each size (BENCH_RISK_POSITIONS, default 0,1000,10000,100000 open client positions) it builds a
 * fresh engine through its own commands, then measures BENCH_RISK_TICKS (default 100) samples of each:
 *   - a market tick of 200 ms of venue time as the server applies it (every phase: prices, open interest,
 *     the house market makers re-quoting every book, the status watch of the accounts);
 *   - the status watch alone (positions/account-status.ts) after the prices alone moved by 200 ms, and by a
 *     minute (a harder market: a fast-forwarded clock), with the accounts its index reassessed per tick;
 *   - a naive liquidation check after the prices moved by 200 ms: `marginAccount` of every client account
 *     holding positions, the rescan the index replaces;
 *   - placing a PERP order (an IOC bid at half the mark: the whole order path with the margin check, it
 *     never fills) from a portfolio holding N positions, N = 0 and the size's positions per portfolio;
 *   - settling one funding boundary of every perp (the `settleFunding` command), once;
 *   - a crash: every price 25 % down at once (the operator's command), then the tick that liquidates (once).
 *
 * How the positions are built: portfolios (50 per user, the most a user may have) get USDT, and a third
 * of them also BTC, as collateral on both venues; each sets a leverage per sym it trades (5x up to the
 * sym's maximum, at most 100x), and pairs of portfolios open their positions against each other, one
 * resting a GTC limit at the mark, the other taking it with an IOC (books are empty before the first
 * tick, so nothing else trades with them). Up to 28 positions per portfolio each is one sym in NET mode;
 * 100k positions need 2,000 portfolios of 50 (28 perp syms), which hold LONG and SHORT positions of a sym
 * in BOTH mode. Collateral is 1.05–2 × the initial margin, then every asset's price jumps by up to ±2 %,
 * so some accounts start in every status (printed per size).
 */
import { loadavg } from 'node:os';
import { Engine } from '../src/engine/core/engine.ts';
import type { Command } from '../src/engine/core/commands.ts';
import type { EngineEvent } from '../src/engine/core/events.ts';
import type { Actor } from '../src/engine/identity/index.ts';
import { CommandContext } from '../src/engine/core/context.ts';
import { marginAccount, watchAccountStatus } from '../src/engine/positions/index.ts';
import { riskIndexOf } from '../src/engine/positions/risk-index.ts';
import type { PlaceOrder } from '../src/engine/trading/index.ts';
import { COINS } from '../src/domain/coins.ts';
import { baseQty, sizeWorth, unitValue, type Instrument } from '../src/domain/instrument.ts';
import type { VenueName } from '../src/domain/market.ts';
import { add, div, fromInt, max, mul, parseFixed, roundTo, roundToStep, scale, ZERO, type Amount, type Price, type Rate, type Size } from '../src/domain/money.ts';
import { maxLeverageOf, type AccountStatus } from '../src/domain/perp/index.ts';
import { advanceMarket, marketDataOf, SIMULATED_ASSETS, type MarketData } from '../src/venues/index.ts';
import { newRng, nextFloat, nextInt, type RngState } from '../src/venues/sim/random/rng.ts';

const SIZES = (process.env.BENCH_RISK_POSITIONS ?? '0,1000,10000,100000').split(',').map(Number);
const TICKS = Number(process.env.BENCH_RISK_TICKS ?? 100);
const WARMUP_TICKS = 5;
const TICK_MS = 200;
/** A harder market for the status watch: a minute of price moves at once (a fast-forwarded clock). */
const STRESS_MS = 60_000;
const PLACEMENTS = 5000;
const PORTFOLIOS_PER_USER = 50;
const MIN_PORTFOLIOS = 1000;
/** Collateral per account, in multiples of the initial margin its positions hold. */
const COLLATERAL = [1.05, 2] as const;
/** The operator's price jump after the build: up to ±2 % per asset. */
const JUMP = 0.02;
/** 28 perp syms, each LONG and SHORT in BOTH mode, but an even 50 keeps the pairs simple. */
const MOST_PER_PORTFOLIO = 50;

/** One position to open: portfolio `long` buys what portfolio `short` sells. */
interface Slot {
  long: string;
  short: string;
  instrument: Instrument;
  size: Size;
  price: Price;
  hedged: boolean;
}

class Bench {
  readonly engine = new Engine();
  private ts = 1_764_000_000_000;
  readonly rng: RngState;
  readonly userOf = new Map<string, string>();

  constructor(seed: number) {
    this.rng = newRng(seed);
  }

  apply(command: Command): { result: any; events: EngineEvent[] } {
    return this.engine.apply((this.ts += 1), command as never);
  }

  get market(): MarketData {
    return marketDataOf(this.engine.state.sim);
  }

  actor(portfolioId: string): Actor {
    const userId = this.userOf.get(portfolioId)!;
    return { userId, keyPortfolioId: portfolioId, primary: true, portfolioId };
  }

  portfolios(count: number): string[] {
    const ids: string[] = [];
    for (let u = 0; ids.length < count; u++) {
      const accessKey = u.toString(16).padStart(64, '0');
      const { user } = this.apply({ type: 'createUser', payload: { name: `risk${u}`, primaryKey: { accessKey, secret: { iv: '', tag: '', data: '' } } } }).result;
      const owned = [user.mainPortfolioId as string];
      for (let p = 1; p < PORTFOLIOS_PER_USER && ids.length + owned.length < count; p++) {
        owned.push(this.apply({ type: 'createPortfolio', payload: { userId: user.userId, name: `Risk${u}p${p}` } }).result.portfolio.portfolioId);
      }
      for (const id of owned) this.userOf.set(id, user.userId);
      ids.push(...owned);
    }
    return ids;
  }

  deposit(portfolioId: string, venue: VenueName, coin: string, amount: Amount): void {
    if (amount > 0n) this.apply({ type: 'creditDeposit', payload: { portfolioId, venue, coin, amount } });
  }

  place(portfolioId: string, order: Omit<PlaceOrder, 'actor' | 'quoteOrderQty' | 'written'>) {
    return this.apply({ type: 'placeOrder', payload: { ...order, actor: this.actor(portfolioId), quoteOrderQty: ZERO, written: { qty: 0, price: 0, quote: 0 } } }).result;
  }

  tick(): EngineEvent[] {
    return this.apply({ type: 'tick', payload: { elapsedMs: TICK_MS } }).events;
  }

  /** Only the prices move, as a tick of `elapsedMs` moves them (no market makers, no phase after them). */
  movePrices(elapsedMs: number): void {
    advanceMarket(this.engine.state.sim, elapsedMs);
  }

  /** The status watch alone after only the prices moved: ms. */
  watchAlone(elapsedMs: number): number {
    this.movePrices(elapsedMs);
    const start = performance.now();
    watchAccountStatus(new CommandContext(this.engine.state, (this.ts += elapsedMs)));
    return performance.now() - start;
  }

  /** The next 8 h funding boundary settled, every perp's (the command the runtime sends once venue time passes it): ms, and the payments made. */
  settleFunding(): { ms: number; payments: number } {
    const eightHours = 8 * 3_600_000;
    const boundary = (Math.floor(this.engine.state.funding.nextDue / eightHours) + 1) * eightHours;
    this.ts = Math.max(this.ts, boundary - this.engine.state.clock.ahead);
    const start = performance.now();
    const { events } = this.apply({ type: 'settleFunding', payload: {} });
    const ms = performance.now() - start;
    return { ms, payments: events.filter((e) => e.type === 'balanceChanged' && e.reason === 'FUNDING_FEE').length };
  }

  /** Every asset's price dropped by `drop` at once (the operator's command), then one tick: ms, and the accounts it liquidated. */
  crash(drop: string): { ms: number; liquidated: number } {
    const factor = parseFixed<'rate'>(drop)!;
    for (const base of SIMULATED_ASSETS) {
      const price = mul(this.market.indexPrice(base)!, factor, 'down');
      this.apply({ type: 'setReferencePrice', payload: { asset: base, price } });
    }
    const start = performance.now();
    const events = this.tick();
    const ms = performance.now() - start;
    const liquidated = new Set(events.filter((e) => e.type === 'orderUpdated' && e.order.origin !== 'DMA').map((e) => (e as { order: { portfolioId: string } }).order.portfolioId));
    return { ms, liquidated: liquidated.size };
  }

  /** A random factor in [low, high] as a Rate (6 decimals: plenty for a benchmark's spread). */
  factor(low: number, high: number): Rate {
    return parseFixed<'rate'>((low + nextFloat(this.rng) * (high - low)).toFixed(6))!;
  }
}

function perps(market: MarketData): Instrument[] {
  return [...market.instruments()].filter((i) => i.business === 'PERP');
}

/** Pairs (0,1), (2,3)…; each pair shares `perPortfolio` positions, on consecutive syms starting at the pair's own. */
function planSlots(bench: Bench, portfolioIds: string[], perPortfolio: number): Slot[] {
  const instruments = perps(bench.market);
  const hedged = perPortfolio > instruments.length;
  const slots: Slot[] = [];
  for (let pair = 0; pair + 1 < portfolioIds.length && perPortfolio > 0; pair += 2) {
    const [a, b] = [portfolioIds[pair], portfolioIds[pair + 1]];
    for (let k = 0; k < perPortfolio; k++) {
      const instrument = instruments[(pair / 2 + (hedged ? Math.floor(k / 2) : k)) % instruments.length];
      const flip = k % 2 === 1;
      const price = roundToStep(bench.market.markPrice(instrument), instrument.tickSize, 'down');
      const notional = max(fromInt<'amount'>(200 + nextInt(bench.rng, 1800)), instrument.minNotional);
      const size = max(roundToStep(sizeWorth(notional, unitValue(instrument, price, 'down'), 'up'), instrument.lotSize, 'up'), instrument.minSize);
      slots.push({ long: flip ? b : a, short: flip ? a : b, instrument, size, price, hedged });
    }
  }
  return slots;
}

/** Leverage per (portfolio, sym), collateral per account from the margin its positions will hold, position mode. */
function fund(bench: Bench, portfolioIds: string[], slots: Slot[]): Map<string, number> {
  const leverage = new Map<string, number>();
  const margin = new Map<string, Amount>();
  for (const slot of slots) {
    const notional = mul(slot.price, baseQty(slot.instrument, slot.size), 'up');
    for (const portfolioId of [slot.long, slot.short]) {
      const key = `${portfolioId}|${slot.instrument.sym}`;
      if (!leverage.has(key)) {
        const highest = Math.min(100, maxLeverageOf(bench.market.riskTiers(slot.instrument.sym)!));
        leverage.set(key, 5 + nextInt(bench.rng, highest - 4));
      }
      const account = `${portfolioId}|${slot.instrument.venue}`;
      const fee = scale(notional, 1n, 1000n, 'up');
      margin.set(account, add(margin.get(account) ?? ZERO, add(div(notional, fromInt<'rate'>(leverage.get(key)!), 'up'), fee)));
    }
  }
  const btc = bench.market.indexPrice('BTC')!;
  for (const [index, portfolioId] of portfolioIds.entries()) {
    for (const venue of ['BINANCE', 'OKX'] as const) {
      const needed = mul(margin.get(`${portfolioId}|${venue}`) ?? fromInt<'amount'>(10), bench.factor(COLLATERAL[0], COLLATERAL[1]), 'up');
      const inBtc = index % 3 === 0 ? mul(needed, bench.factor(0.2, 0.5)) : ZERO;
      bench.deposit(portfolioId, venue, 'USDT', roundTo(add(needed, fromInt(1)), 6, 'up'));
      // BTC collateral counts at 0.95 of its value: a little more of it, and the USDT above stays as it is (a cushion).
      if (inBtc > 0n) bench.deposit(portfolioId, venue, 'BTC', max(roundTo(div(inBtc, btc, 'up') as bigint as Amount, 8, 'up'), COINS.get('BTC')!.minTransfer));
    }
  }
  for (const [key, value] of leverage) {
    const [portfolioId, sym] = key.split('|');
    bench.apply({ type: 'setLeverage', payload: { actor: bench.actor(portfolioId), sym, leverage: value } });
  }
  const hedging = new Set(slots.filter((s) => s.hedged).flatMap((s) => [`${s.long}|${s.instrument.venue}`, `${s.short}|${s.instrument.venue}`]));
  for (const account of hedging) {
    const [portfolioId, venue] = account.split('|') as [string, VenueName];
    bench.apply({ type: 'setPositionMode', payload: { actor: bench.actor(portfolioId), venue, positionMode: 'BOTH' } });
  }
  return leverage;
}

function open(bench: Bench, slots: Slot[]): void {
  for (const slot of slots) {
    const common = { sym: slot.instrument.sym, type: 'LIMIT' as const, orderQty: slot.size, limitPrice: slot.price };
    bench.place(slot.long, { ...common, side: 'BUY', timeInForce: 'GTC', ...(slot.hedged ? { positionSide: 'LONG' as const } : {}) });
    const taker = bench.place(slot.short, { ...common, side: 'SELL', timeInForce: 'IOC', ...(slot.hedged ? { positionSide: 'SHORT' as const } : {}) });
    if (taker.state !== 'FILLED') throw new Error(`${slot.instrument.sym}: the taker ended ${taker.state} (${taker.rejected ?? ''})`);
  }
}

/** Every asset with a perp moves ±1.5 % at once (the operator's price), so accounts spread over the statuses. */
function jumpPrices(bench: Bench): void {
  const assets = new Set(perps(bench.market).map((i) => i.base));
  for (const asset of assets) {
    const price = bench.market.indexPrice(asset)!;
    bench.apply({ type: 'setReferencePrice', payload: { asset, price: mul(price, bench.factor(1 - JUMP, 1 + JUMP)) } });
  }
}

/** The naive check: every client account holding positions, its margin computed from scratch. */
function scanAccounts(bench: Bench): Map<AccountStatus, number> {
  const state = bench.engine.state;
  const market = bench.market;
  const statuses = new Map<AccountStatus, number>();
  for (const [portfolioId, keys] of state.positions.byPortfolio) {
    if (state.trading.housePortfolios.includes(portfolioId)) continue;
    const venues = new Set(keys.map((key) => state.positions.open.get(key)!.venue));
    for (const venue of venues) {
      const status = marginAccount(state, market, portfolioId, venue).status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  return statuses;
}

/** Ready to place the measured order from `portfolioId`: funds for its margin, the sym's leverage. */
function prepareProbe(bench: Bench, portfolioId: string): Omit<PlaceOrder, 'actor' | 'quoteOrderQty' | 'written'> {
  const instrument = bench.market.instrument('BINANCE_PERP_BTC_USDT')!;
  bench.deposit(portfolioId, 'BINANCE', 'USDT', fromInt(1_000_000));
  if (bench.engine.state.positions.leverage.get(`${portfolioId}|${instrument.sym}`) === undefined) {
    bench.apply({ type: 'setLeverage', payload: { actor: bench.actor(portfolioId), sym: instrument.sym, leverage: 10 } });
  }
  const hedged = bench.engine.state.positions.modes.get(`${portfolioId}|BINANCE`) === 'BOTH';
  return {
    sym: instrument.sym,
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'IOC',
    orderQty: parseFixed<'qty'>('0.01')!,
    limitPrice: roundToStep(scale(bench.market.markPrice(instrument), 1n, 2n, 'down'), instrument.tickSize, 'down'),
    ...(hedged ? { positionSide: 'LONG' as const } : {}),
  };
}

/** µs per PERP placement from each portfolio (an IOC bid at half the mark, which never fills), all warmed up first. */
function placementCosts(bench: Bench, portfolioIds: string[]): number[] {
  const orders = portfolioIds.map((portfolioId) => prepareProbe(bench, portfolioId));
  const placeAll = (portfolioId: string, order: (typeof orders)[number], count: number) => {
    for (let i = 0; i < count; i++) {
      const outcome = bench.place(portfolioId, order);
      if (outcome.rejected) throw new Error(`placement rejected: ${outcome.rejected}`);
    }
  };
  portfolioIds.forEach((portfolioId, i) => placeAll(portfolioId, orders[i], PLACEMENTS));
  return portfolioIds.map((portfolioId, i) => {
    const start = performance.now();
    placeAll(portfolioId, orders[i], PLACEMENTS);
    return ((performance.now() - start) * 1000) / PLACEMENTS;
  });
}

interface Figures {
  p50: number;
  p99: number;
  max: number;
}

function figures(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  // nearest rank: p99 of 100 ticks is the second slowest
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1] };
}

const ms = (f: Figures) => `${f.p50.toFixed(2)} / ${f.p99.toFixed(2)} / ${f.max.toFixed(2)}`;
const load = () => loadavg()[0].toFixed(2);

interface Row {
  positions: number;
  portfolios: number;
  accounts: number;
  build: number;
  tick: Figures;
  scan: Figures;
  /** The status watch alone (prices moved, no market makers). */
  watch: Figures;
  /** Accounts the index handed out per price move of the watch alone, on average. */
  reassessed: number;
  /** The same with a minute of price moves per tick. */
  stress: Figures;
  stressReassessed: number;
  statusEvents: number;
  statuses: string;
  placement: { held: number; us: number }[];
  /** One funding boundary for every perp: ms and the client payments it made. */
  funding: { ms: number; payments: number };
  /** A 25 % crash of every price, then one tick: ms and the accounts that tick liquidated. */
  crash: { ms: number; liquidated: number };
  load: string;
}

function run(positions: number): Row {
  const loadBefore = load();
  const bench = new Bench(positions + 1);
  const portfolioCount = Math.max(MIN_PORTFOLIOS, 2 * Math.ceil(positions / MOST_PER_PORTFOLIO / 2));
  const perPortfolio = positions / portfolioCount;
  if (!Number.isInteger(perPortfolio)) throw new Error(`${positions} positions do not spread evenly over ${portfolioCount} portfolios`);
  const buildStart = performance.now();
  const portfolioIds = bench.portfolios(portfolioCount + 1);
  const probe = portfolioIds.pop()!;
  const slots = planSlots(bench, portfolioIds, perPortfolio);
  fund(bench, portfolioIds, slots);
  bench.deposit(probe, 'BINANCE', 'USDT', fromInt(1000));
  open(bench, slots);
  const open_ = bench.engine.state.positions.open.size;
  if (open_ !== positions) throw new Error(`built ${open_} positions instead of ${positions}`);
  jumpPrices(bench);
  const build = (performance.now() - buildStart) / 1000;
  for (let i = 0; i < WARMUP_TICKS; i++) bench.tick();
  const index = riskIndexOf(bench.engine.state);
  const sampled = (measure: () => number): { samples: number[]; reassessed: number } => {
    const before = index.reassessed;
    const samples = Array.from({ length: TICKS }, measure);
    return { samples, reassessed: (index.reassessed - before) / TICKS };
  };
  let statusEvents = 0;
  const ticks = sampled(() => {
    const start = performance.now();
    statusEvents += bench.tick().filter((e) => e.type === 'accountStatusChanged').length;
    return performance.now() - start;
  });
  const watches = sampled(() => bench.watchAlone(TICK_MS));
  const stressed = sampled(() => bench.watchAlone(STRESS_MS));
  let statuses = new Map<AccountStatus, number>();
  const scans = Array.from({ length: TICKS }, () => {
    bench.movePrices(TICK_MS);
    const start = performance.now();
    statuses = scanAccounts(bench);
    return performance.now() - start;
  });
  const accounts = [...statuses.values()].reduce((a, b) => a + b, 0);
  const probes = perPortfolio > 0 ? [probe, portfolioIds[0]] : [probe];
  const placement = placementCosts(bench, probes).map((us, i) => ({ held: i === 0 ? 0 : perPortfolio, us }));
  const funding = bench.settleFunding();
  const crash = bench.crash('0.75');
  return {
    positions,
    portfolios: portfolioCount,
    accounts,
    build,
    tick: figures(ticks.samples),
    scan: figures(scans),
    watch: figures(watches.samples),
    reassessed: watches.reassessed,
    stress: figures(stressed.samples),
    stressReassessed: stressed.reassessed,
    statusEvents,
    statuses: [...statuses].map(([status, count]) => `${status} ${count}`).join(', '),
    placement,
    funding,
    crash,
    load: `${loadBefore}–${load()}`,
  };
}

function main(): void {
  console.log(`bench:risk: ${TICKS} ticks of ${TICK_MS} ms per size after ${WARMUP_TICKS} warm-up ticks; times in ms (p50 / p99 / max); load average (1 min) before–after each size`);
  const rows: Row[] = [];
  for (const positions of SIZES) {
    const row = run(positions);
    rows.push(row);
    console.log(
      `${String(row.positions).padStart(7)} positions over ${row.portfolios} portfolios (built in ${row.build.toFixed(1)} s): tick ${ms(row.tick)}, status watch alone ${ms(row.watch)} ` +
        `(${row.reassessed.toFixed(1)} accounts reassessed per tick; with a minute of price moves per tick ${ms(row.stress)}, ${row.stressReassessed.toFixed(1)} accounts), naive scan ${ms(row.scan)}; ${row.statusEvents} status changes in the ticks; statuses at the end: ${row.statuses || '—'}; load ${row.load}`,
    );
  }
  console.log('\n| positions | portfolios | accounts | tick p50 / p99 / max | status watch alone (accounts reassessed per tick) | the same, 1 min of prices per tick | naive scan p50 / p99 / max | PERP placement (µs) with N positions held | one funding boundary (ms, payments) | a 25 % crash: the tick (ms, accounts liquidated) | load |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const placement = row.placement.map((p) => `${p.us.toFixed(1)} (N=${p.held})`).join(', ');
    console.log(
      `| ${row.positions} | ${row.portfolios} | ${row.accounts} | ${ms(row.tick)} | ${ms(row.watch)} (${row.reassessed.toFixed(1)}) | ${ms(row.stress)} (${row.stressReassessed.toFixed(1)}) | ${ms(row.scan)} | ${placement} | ${row.funding.ms.toFixed(1)} (${row.funding.payments}) | ${row.crash.ms.toFixed(1)} (${row.crash.liquidated}) | ${row.load} |`,
    );
  }
}

main();
