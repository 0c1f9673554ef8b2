/**
 * `npm run bench:algo` (issue 12 item 8): what resting algo orders cost the engine, in process. Builds
 * BENCH_ALGO_ORDERS (default 100,000) resting TPSL orders (CONDITIONAL stop-losses 2–14 % below the price,
 * half on the mark, half on the last price) over 1,000 portfolios (100 each, the most a portfolio may hold)
 * and every PERP sym (28: the venues list no more), then measures, beside the same with no algo resting:
 *   - the trigger phase of a tick after the marks moved by 200 ms (`fireAlgoTriggers`): per mark move;
 *   - a client's market order that trades (the engine checks LAST_PRICE triggers after every command): per trade;
 *   - a brute-force check of every resting leg against its price, the scan the price-sorted books replace.
 */
import { loadavg } from 'node:os';
import { Engine } from '../src/engine/core/engine.ts';
import { CommandContext } from '../src/engine/core/context.ts';
import { fireAlgoTriggers } from '../src/engine/algo/index.ts';
import { mul, parseFixed, roundToStep, ZERO, type Price } from '../src/domain/money.ts';
import { advanceMarket, marketDataOf } from '../src/venues/index.ts';

const ORDERS = Number(process.env.BENCH_ALGO_ORDERS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_ALGO_SAMPLES ?? 200);
const PER_PORTFOLIO = 100;
const PORTFOLIOS_PER_USER = 50;

class Bench {
  readonly engine = new Engine();
  private ts = Date.UTC(2026, 11, 1, 7, 0, 0);
  readonly portfolios: { portfolioId: string; userId: string }[] = [];

  apply(type: string, payload: unknown) {
    return this.engine.apply((this.ts += 1), { type, payload } as never);
  }

  actor(i: number) {
    const { portfolioId, userId } = this.portfolios[i];
    return { userId, keyPortfolioId: portfolioId, primary: true, portfolioId };
  }

  build(portfolios: number): void {
    for (let u = 0; this.portfolios.length < portfolios; u++) {
      const { user } = this.apply('createUser', { name: `algo${u}`, primaryKey: { accessKey: u.toString(16).padStart(64, '0'), secret: { iv: '', tag: '', data: '' } } }).result as any;
      this.portfolios.push({ portfolioId: user.mainPortfolioId, userId: user.userId });
      for (let p = 1; p < PORTFOLIOS_PER_USER && this.portfolios.length < portfolios; p++) {
        this.portfolios.push({ portfolioId: (this.apply('createPortfolio', { userId: user.userId, name: `Algo${u}p${p}` }).result as any).portfolio.portfolioId, userId: user.userId });
      }
    }
    for (const { portfolioId } of this.portfolios) {
      for (const venue of ['BINANCE', 'OKX']) this.apply('creditDeposit', { portfolioId, venue, coin: 'USDT', amount: parseFixed('10000000') });
    }
    this.apply('tick', { elapsedMs: 1000 });
  }

  get market() {
    return marketDataOf(this.engine.state.sim);
  }

  /** Resting stop-losses, `count` over the portfolios and the perps, each between 2 and 14 % below the price. */
  rest(count: number): void {
    const perps = [...this.market.instruments()].filter((i) => i.business === 'PERP');
    for (let n = 0; n < count; n++) {
      const portfolio = Math.floor(n / PER_PORTFOLIO);
      const instrument = perps[n % perps.length];
      const triggerType = n % 2 === 0 ? 'MARK_PRICE' : 'LAST_PRICE';
      const below = parseFixed<'rate'>((0.86 + ((n * 7919) % 1200) / 10_000).toFixed(4))!;
      const triggerPrice = roundToStep(mul(this.market.markPrice(instrument), below), instrument.tickSize, 'down');
      this.apply('placeAlgoOrder', {
        actor: this.actor(portfolio),
        algoOrderType: 'TPSL',
        sym: instrument.sym,
        conditionType: 'CONDITIONAL',
        side: 'SELL',
        orderQty: instrument.minSize,
        tp: {},
        sl: {},
        conditional: { triggerPrice, triggerType },
      });
    }
  }

  /** The trigger phase alone after the marks moved by 200 ms: ms. */
  markMove(): number {
    advanceMarket(this.engine.state.sim, 200);
    const ctx = new CommandContext(this.engine.state, (this.ts += 200));
    const start = performance.now();
    fireAlgoTriggers(ctx);
    return performance.now() - start;
  }

  /** A client's market order that trades against the house: the whole command, ms (the engine checks last-price triggers after it). */
  trade(i: number): number {
    const sym = 'BINANCE_PERP_BTC_USDT';
    this.apply('setLeverage', { actor: this.actor(i % this.portfolios.length), sym, leverage: 10 });
    const start = performance.now();
    this.apply('placeOrder', { actor: this.actor(i % this.portfolios.length), sym, side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', timeInForce: 'IOC', orderQty: parseFixed('0.001'), limitPrice: ZERO, quoteOrderQty: ZERO, written: { qty: 3, price: 0, quote: 0 } });
    return performance.now() - start;
  }

  /** Every resting leg against its price, as a scan without the sorted books would check them: ms. */
  scan(): number {
    const start = performance.now();
    let reached = 0;
    const prices = new Map<string, Price>();
    for (const algo of this.engine.state.algos.open.values()) {
      const leg = algo.conditional;
      if (!leg) continue;
      let price = prices.get(algo.sym);
      if (price === undefined) prices.set(algo.sym, (price = this.market.markPrice(this.market.instrument(algo.sym)!)));
      if (price <= leg.triggerPrice) reached++;
    }
    if (reached < 0) throw new Error('unreachable');
    return performance.now() - start;
  }
}

function figures(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `${at(0.5).toFixed(3)} / ${at(0.99).toFixed(3)} ms`;
}

function run(orders: number): void {
  const bench = new Bench();
  const load = loadavg()[0].toFixed(2);
  bench.build(Math.max(1, Math.ceil(orders / PER_PORTFOLIO)));
  const built = performance.now();
  bench.rest(orders);
  const restMs = performance.now() - built;
  const resting = bench.engine.state.algos.open.size;
  const moves = Array.from({ length: SAMPLES }, () => bench.markMove());
  const trades = Array.from({ length: SAMPLES }, (_, i) => bench.trade(i));
  const scans = Array.from({ length: 20 }, () => bench.scan());
  console.log(
    `| ${resting} | ${(restMs / 1000).toFixed(1)} s | ${figures(moves)} | ${figures(trades)} | ${figures(scans)} | ${load}–${loadavg()[0].toFixed(2)} |`,
  );
}

console.log(`bench:algo: ${SAMPLES} samples each; p50 / p99`);
console.log('| algo orders resting | placed in | trigger phase per mark move | a trading market order (whole command) | brute-force scan of every leg | load |');
console.log('|---|---|---|---|---|---|');
run(0);
run(ORDERS);
