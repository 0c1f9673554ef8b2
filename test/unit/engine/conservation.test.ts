/**
 * Property: spot and margin trading create and destroy nothing. Thousands of seeded random orders, replaces,
 * cancels, market ticks (with the house market makers trading) and broker fee mark-ups on the sub-portfolios
 * (decisions J1: collected into the main portfolio, so they move money and must not make any) from several
 * portfolios, with a small borrower going in at several times its equity and price shocks of 5–25 % that
 * liquidate its debts; after every command, per venue and coin, the sum over all accounts less what they
 * borrowed plus the fees, interest collected and insurance fund equals what was deposited (a borrow creates a
 * debt that balances the coins it brings), no balance is negative, each account's frozen amount is exactly what
 * its open orders reserve, and a refused command changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../src/catalogue/index.ts';
import { add, div, mul, parseFixed, roundTo, roundToStep, scale, sub, times, ZERO, type Amount, type Fixed, type Price, type Size, type Unit } from '../../../src/domain/money.ts';
import { unrealizedPnl } from '../../../src/domain/perp/index.ts';
import { reservationCoin } from '../../../src/domain/spot/index.ts';
import { Engine } from '../../../src/engine/core/engine.ts';
import type { Actor } from '../../../src/engine/identity/index.ts';
import { marginAccount } from '../../../src/engine/positions/index.ts';
import type { PlaceOrder } from '../../../src/engine/trading/index.ts';
import type { Command } from '../../../src/engine/core/commands.ts';
import { marketDataOf, marketMakerFunding } from '../../../src/venues/index.ts';
import { encode } from '../../../src/store/journal/codec.ts';
import { newRng, nextFloat, nextInt, nextNormal } from '../../../src/venues/sim/random/rng.ts';
import { VENUES } from '../../../src/domain/market.ts';
import { CHG_TYPES, formatEffDate, parseEffDate, parseMarkup } from '../../../src/domain/broker/index.ts';

const SYMS = ['BINANCE_SPOT_BTC_USDT', 'BINANCE_SPOT_ETH_USDT', 'BINANCE_SPOT_BTC_USDC', 'OKX_SPOT_BTC_USDT', 'OKX_SPOT_SOL_USDT', 'OKX_SPOT_ETH_USDC', 'BINANCE_MARGIN_BTC_USDT', 'OKX_MARGIN_ETH_USDT'];
/** A portfolio with little of anything, whose margin orders borrow. */
const SMALL_DEPOSITS: Record<string, string> = { USDT: '20000', BTC: '0.05', ETH: '1' };
const DEPOSITS: Record<string, string> = { USDT: '2000000', USDC: '500000', BTC: '20', ETH: '300', SOL: '3000' };
const OPERATIONS = 3000;
const INSURANCE_FUND = '1000000';
const SHOCKED = ['BTC', 'ETH', 'SOL'];
const FIXED = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

interface Run {
  placed: number;
  refused: number;
  fills: number;
  /** Borrows, repayments and interest charges of margin debts. */
  loans: number;
  /** Orders of liquidations of margin debts that traded. */
  liquidations: number;
  /** Fills that paid a broker mark-up. */
  markups: number;
  /** Every command applied, with its time, as the journal would hold it. */
  journal: { ts: number; command: Command }[];
  finalState: string;
}

function run(seed: number): Run {
  const engine = new Engine();
  const rng = newRng(seed);
  let ts = 1_764_000_000_000;
  const deposited = new Map<string, Amount>();
  const journal: Run['journal'] = [];
  const apply = (command: Command) => {
    const result = engine.apply((ts += 1 + nextInt(rng, 50)), command as never);
    journal.push({ ts, command: structuredClone(command) });
    return result;
  };

  const { user } = apply({ type: 'createUser', payload: { name: 'prop', primaryKey: { accessKey: 'k'.repeat(64), secret: { iv: '', tag: '', data: '' } } } }).result as any;
  apply({ type: 'startInsuranceFunds', payload: { funds: { USDT: FIXED(INSURANCE_FUND) } } });
  for (const venue of VENUES) deposited.set(`${venue}:USDT`, FIXED(INSURANCE_FUND));
  const portfolioIds: string[] = [user.mainPortfolioId];
  for (let i = 0; i < 4; i++) portfolioIds.push((apply({ type: 'createPortfolio', payload: { userId: user.userId, name: `Prop${i}abc` } }).result as any).portfolio.portfolioId);
  const borrower: string = (apply({ type: 'createPortfolio', payload: { userId: user.userId, name: 'Borrower1' } }).result as any).portfolio.portfolioId;
  portfolioIds.push(borrower);
  for (const portfolioId of portfolioIds) {
    for (const venue of VENUES) {
      for (const [coin, amount] of Object.entries(portfolioId === borrower ? SMALL_DEPOSITS : DEPOSITS)) {
        apply({ type: 'creditDeposit', payload: { portfolioId, venue, coin, amount: FIXED(amount) } });
        const key = `${venue}:${coin}`;
        deposited.set(key, add(deposited.get(key) ?? ZERO, FIXED(amount)));
      }
    }
  }
  let houseFunded = false;
  const marketData = () => marketDataOf(engine.state.sim);
  const actorOf = (portfolioId: string): Actor => ({ userId: user.userId, keyPortfolioId: user.mainPortfolioId, primary: true, portfolioId });

  function randomPlace(): Command {
    const sym = SYMS[nextInt(rng, SYMS.length)];
    const instrument = marketData().instrument(sym)!;
    const reference = marketData().referencePrice(instrument);
    const side = nextFloat(rng) < 0.5 ? 'BUY' : 'SELL';
    const market = nextFloat(rng) < 0.25;
    const price = roundToStep(add(reference, times(scale(reference, 1n, 10_000n, 'down'), Math.round(nextNormal(rng) * 30))), instrument.tickSize, 'down');
    const notional: Amount = FIXED(String(5 + nextInt(rng, 40_000)));
    const base: Size = div(notional, reference, 'down'); // spot: sizes are base coin
    const qty = roundToStep(base, instrument.lotSize, 'down');
    const byQuote = market && side === 'BUY' && nextFloat(rng) < 0.4;
    const command: PlaceOrder = {
      actor: actorOf(portfolioIds[nextInt(rng, portfolioIds.length)]),
      sym,
      side,
      type: market ? 'MARKET' : 'LIMIT',
      timeInForce: market ? 'IOC' : (['GTC', 'GTC', 'IOC', 'FOK', 'GTX'] as const)[nextInt(rng, 5)],
      orderQty: byQuote ? ZERO : qty,
      limitPrice: market ? ZERO : price,
      // a quote amount written with the price's decimals (every tick here is 10^-pricePrecision)
      quoteOrderQty: byQuote ? roundTo(notional, instrument.pricePrecision, 'down') : ZERO,
      written: { qty: 0, price: 0, quote: 0 },
    };
    return { type: 'placeOrder', payload: command };
  }

  const startPrices = new Map<string, Price>();
  /** A shock of 5–25 % either way from where the asset started, so prices stay near the books' liquidity. */
  function priceShock(): Command {
    const asset = SHOCKED[nextInt(rng, SHOCKED.length)];
    if (!startPrices.has(asset)) startPrices.set(asset, marketData().indexPrice(asset)!);
    const percent = (5 + 20 * nextFloat(rng)) * (nextFloat(rng) < 0.5 ? 1 : -1);
    const price = roundTo(mul(startPrices.get(asset)!, FIXED<'rate'>((1 + percent / 100).toFixed(6))), 2, 'down');
    return { type: 'setReferencePrice', payload: { asset, price } };
  }

  /** The borrower goes long or short on a margin sym with 2–8 times its equity there. */
  function leveraged(): Command {
    const sym = nextFloat(rng) < 0.5 ? 'BINANCE_MARGIN_BTC_USDT' : 'OKX_MARGIN_ETH_USDT';
    const instrument = marketData().instrument(sym)!;
    const equity = marginAccount(engine.state, marketData(), borrower, instrument.venue).equity;
    const notional = roundTo(mul(equity > 0n ? equity : FIXED<'amount'>('100'), FIXED<'rate'>((2 + 6 * nextFloat(rng)).toFixed(6))), instrument.pricePrecision, 'down');
    const buy = nextFloat(rng) < 0.5;
    const base: Size = div(notional, marketData().referencePrice(instrument), 'down'); // margin: sizes are base coin
    const qty = roundToStep(base, instrument.lotSize, 'down');
    const command: PlaceOrder = {
      actor: actorOf(borrower),
      sym,
      side: buy ? 'BUY' : 'SELL',
      type: 'MARKET',
      timeInForce: 'IOC',
      orderQty: buy ? ZERO : qty,
      limitPrice: ZERO,
      quoteOrderQty: buy ? notional : ZERO,
      written: { qty: 0, price: 0, quote: 0 },
    };
    return { type: 'placeOrder', payload: command };
  }

  function randomOpenOrder(): { portfolioId: string; orderId: string } | undefined {
    const portfolioId = portfolioIds[nextInt(rng, portfolioIds.length)];
    const open = engine.state.trading.openOrders.ordersOf(portfolioId).map((order) => order.orderId);
    return open.length === 0 ? undefined : { portfolioId, orderId: open[nextInt(rng, open.length)] };
  }

  /** A mark-up on one sub-portfolio or all of them, from the next hour or at once (today's date). */
  function randomMarkup(): Command {
    const chgType = CHG_TYPES[nextInt(rng, 2)];
    const value = () => (chgType === 'ABSOLUTE' ? (nextInt(rng, 100_000) / 100).toFixed(2) : String(nextInt(rng, 300)));
    const subs = portfolioIds.slice(1);
    return {
      type: 'setSubFeeRate',
      payload: {
        userId: user.userId,
        mainPortfolioId: user.mainPortfolioId,
        ...(nextFloat(rng) < 0.3 ? {} : { portfolioId: subs[nextInt(rng, subs.length)] }),
        venue: VENUES[nextInt(rng, VENUES.length)],
        instType: 'SPOT',
        ...(nextFloat(rng) < 0.8 ? { taker: parseMarkup(chgType, value()) } : {}),
        ...(nextFloat(rng) < 0.8 ? { maker: parseMarkup(chgType, value()) } : {}),
        ...(nextFloat(rng) < 0.5 ? { effDate: parseEffDate(formatEffDate(ts))! } : {}),
      },
    };
  }

  function randomCommand(): Command {
    const roll = nextFloat(rng);
    if (roll < 0.015) return randomMarkup();
    if (roll < 0.08) return { type: 'tick', payload: { elapsedMs: nextFloat(rng) < 0.3 ? 0 : 1000 + nextInt(rng, 120_000) } };
    if (roll > 0.97) return priceShock();
    if (roll > 0.94) return leveraged();
    const target = roll < 0.3 ? randomOpenOrder() : undefined;
    if (target && roll < 0.18) return { type: 'cancelOrder', payload: { actor: actorOf(target.portfolioId), orderId: target.orderId } };
    if (target) {
      const order = engine.state.trading.orders.get(target.orderId)!;
      const instrument = marketData().instrument(order.sym)!;
      const factor = 1 + nextNormal(rng) * 0.002;
      const replacePrice = nextFloat(rng) < 0.7 ? roundToStep(mul(order.limitPrice, FIXED<'rate'>(factor.toFixed(6))), instrument.tickSize, 'down') : undefined;
      const replaceQty = nextFloat(rng) < 0.5 ? roundToStep(mul(order.orderQty, FIXED<'rate'>((0.5 + nextFloat(rng)).toFixed(6))), instrument.lotSize, 'down') : undefined;
      return { type: 'replaceOrder', payload: { actor: actorOf(target.portfolioId), orderId: target.orderId, replacePrice, replaceQty, written: { qty: 0, price: 0, quote: 0 } } };
    }
    return randomPlace();
  }

  function assertConserved(): void {
    const held = new Map<string, Amount>();
    const reservedBy = new Map<string, Amount>();
    const marginBy = new Map<string, Amount>();
    const market = marketData();
    for (const [orderId, amount] of engine.state.trading.reserved) {
      const order = engine.state.trading.orders.get(orderId)!;
      if (order.business === 'PERP') {
        const key = `${order.portfolioId}|${order.venue}`;
        marginBy.set(key, add(marginBy.get(key) ?? ZERO, amount));
        continue;
      }
      const key = `${order.portfolioId}:${order.venue}:${reservationCoin(market.instrument(order.sym)!, order.side)}`;
      reservedBy.set(key, add(reservedBy.get(key) ?? ZERO, amount));
    }
    for (const [key, margin] of engine.state.positions.orderMargin) assert.equal(margin, marginBy.get(key) ?? 0n, `order margin of ${key}`);
    for (const portfolio of engine.state.portfolios.values()) {
      for (const venue of VENUES) {
        for (const [coin, balance] of portfolio.accounts[venue].balances) {
          assert.ok(balance.available >= 0n && balance.frozen >= 0n && balance.overdraw >= 0n, `negative ${coin} in ${portfolio.portfolioId}`);
          assert.equal(balance.frozen, reservedBy.get(`${portfolio.portfolioId}:${venue}:${coin}`) ?? 0n, `frozen ${venue} ${coin} of ${portfolio.portfolioId}`);
          held.set(`${venue}:${coin}`, sub(sub(add(add(held.get(`${venue}:${coin}`) ?? ZERO, balance.available), balance.frozen), balance.overdraw), balance.borrowed));
        }
      }
    }
    // Realized PnL moved balances; what the open positions would realize at one mark completes the sum.
    for (const position of engine.state.positions.open.values()) {
      const instrument = market.instrument(position.sym)!;
      const key = `${position.venue}:${instrument.quote}`;
      held.set(key, add(held.get(key) ?? ZERO, unrealizedPnl(position, instrument, market.markPrice(instrument))));
    }
    for (const [key, fee] of engine.state.trading.fees) held.set(key, add(held.get(key) ?? ZERO, fee));
    for (const [key, interest] of engine.state.lending.interestCollected) held.set(key, add(held.get(key) ?? ZERO, interest));
    for (const [key, fund] of engine.state.liquidation.insuranceFunds) held.set(key, add(held.get(key) ?? ZERO, fund));
    const expected = new Map(deposited);
    if (engine.state.trading.housePortfolios.length > 0) {
      for (const venue of VENUES) for (const [coin, amount] of marketMakerFunding()) expected.set(`${venue}:${coin}`, add(expected.get(`${venue}:${coin}`) ?? ZERO, amount));
    }
    for (const key of new Set([...held.keys(), ...expected.keys()])) assert.equal(held.get(key) ?? 0n, expected.get(key) ?? 0n, `conservation of ${key}`);
  }

  let placed = 0;
  let refused = 0;
  let fills = 0;
  let loans = 0;
  let liquidations = 0;
  let markups = 0;
  for (let i = 0; i < OPERATIONS; i++) {
    const command = randomCommand();
    const before = refused % 25 === 0 ? encode(engine.state) : undefined;
    try {
      const { events } = apply(command);
      if (command.type === 'placeOrder') placed++;
      fills += events.filter((e) => e.type === 'executionCreated').length;
      loans += events.filter((e) => e.type === 'balanceChanged' && ['BORROW', 'REPAY', 'DEDUCT_INTEREST'].includes(e.reason)).length;
      liquidations += events.filter((e) => e.type === 'orderUpdated' && e.order.portfolioId === borrower && e.order.origin === 'SYSTEM_LIQ' && e.order.state === 'FILLED').length;
      markups += events.filter((e) => e.type === 'brokerFeeCollected').length;
      houseFunded ||= engine.state.trading.housePortfolios.length > 0;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (before !== undefined) assert.equal(encode(engine.state), before, `refused ${command.type} (${error.code}) changed the state`);
      refused++;
    }
    assertConserved();
  }
  assert.ok(houseFunded, 'the market makers traded');
  return { placed, refused, fills, loans, liquidations, markups, journal, finalState: encode(engine.state) };
}

describe('conservation of money under random spot and margin trading', () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: every coin is accounted for after each of ${OPERATIONS} commands (price shocks, liquidations of debts and broker mark-ups among them), and a replay of the journal gives the same state`, () => {
      const { placed, refused, fills, loans, liquidations, markups, journal, finalState } = run(seed);
      assert.ok(placed > OPERATIONS / 2, `placed ${placed}`);
      assert.ok(fills > 300, `only ${fills} client fills`);
      assert.ok(refused > 0, 'some commands were refused');
      assert.ok(loans > 10, `only ${loans} borrows, repayments and interest charges`);
      assert.ok(liquidations > 0, 'no debt was liquidated');
      assert.ok(markups > 50, `only ${markups} fills paid a broker mark-up`);
      const replayed = new Engine();
      for (const { ts, command } of journal) replayed.apply(ts, command as never);
      assert.equal(encode(replayed.state), finalState);
    });
  }
});
