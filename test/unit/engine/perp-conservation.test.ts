/**
 * Property: perp trading is exact and creates nothing (issue 9 item 9). Thousands of seeded random perp
 * orders (LIMIT/MARKET, BUY/SELL, reduce-only in NET mode, positionSide in BOTH mode), replaces, cancels,
 * closes, leverage and position-mode changes, operator price moves and market ticks (the house market
 * makers quote and take the perp books), from several portfolios on BINANCE and OKX USDT perps (OKX in
 * contracts), with a little spot. After every command: money is conserved, positions net to zero per
 * sym, frozen margin is what open orders reserve, each client position is the signed sum of its fills,
 * a refused command changes nothing; at the end a replay of the journal gives the same state.
 * With the risk flows (issue 10 item 6): price shocks and ticks long enough to cross funding boundaries, so
 * accounts are liquidated (book closes, fees into a small insurance fund, compensations, ADL when the fund
 * falls short): the fund counts in the conservation sum, and every account a liquidation has finished with
 * is at equity 0 or above, with no overdraw unless other collateral covers it. Broker mark-ups (decisions J1) on the
 * sub-portfolios' fills move money to the main portfolio and must make none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, MESSAGES } from '../../../src/catalogue/index.ts';
import { baseQty, sizeWorth, unitValue, type Instrument } from '../../../src/domain/instrument.ts';
import { VENUES, type Side, type VenueName } from '../../../src/domain/market.ts';
import { abs, add, mul, parseFixed, roundTo, roundToStep, scale, sub, times, ZERO, type Amount, type Fixed, type Price, type Qty, type Size, type Unit } from '../../../src/domain/money.ts';
import type { PositionSide } from '../../../src/domain/orders/index.ts';
import { signedSize, unrealizedPnl, type PositionMode } from '../../../src/domain/perp/index.ts';
import { reservationCoin } from '../../../src/domain/spot/index.ts';
import type { Command } from '../../../src/engine/core/commands.ts';
import { Engine } from '../../../src/engine/core/engine.ts';
import type { EngineEvent } from '../../../src/engine/core/events.ts';
import type { Actor } from '../../../src/engine/identity/index.ts';
import { marginAccount } from '../../../src/engine/positions/index.ts';
import type { PlaceOrder } from '../../../src/engine/trading/index.ts';
import { encode, hashOf } from '../../../src/store/journal/codec.ts';
import { CHG_TYPES, FEE_INST_TYPES, formatEffDate, parseEffDate, parseMarkup } from '../../../src/domain/broker/index.ts';
import { marketDataOf, marketMakerFunding } from '../../../src/venues/index.ts';
import { newRng, nextFloat, nextInt, nextNormal, type RngState } from '../../../src/venues/sim/random/rng.ts';

const PERPS = ['BINANCE_PERP_BTC_USDT', 'BINANCE_PERP_ETH_USDT', 'BINANCE_PERP_SOL_USDT', 'OKX_PERP_BTC_USDT', 'OKX_PERP_ETH_USDT', 'OKX_PERP_XRP_USDT'];
const SPOTS = ['BINANCE_SPOT_BTC_USDT', 'OKX_SPOT_ETH_USDT'];
const MOVED_ASSETS = ['BTC', 'ETH', 'SOL', 'XRP'];
/** Per portfolio, on each venue: the small accounts meet the margin checks, and price moves overdraw them. */
const DEPOSITS: Record<string, string>[] = [
  { USDT: '300000', BTC: '2', ETH: '30' },
  { USDT: '100000', BTC: '1', ETH: '10' },
  { USDT: '15000', BTC: '0.05' },
  { USDT: '60000', ETH: '5' },
  { USDT: '3000' },
];
const LEVERAGES = [1, 2, 3, 5, 5, 10, 10, 20, 50, 200];
/** Each venue's insurance fund at the start: small, so that some deficits exhaust it and ADL follows. */
const INSURANCE_FUND = '100';
const HOUR_MS = 3_600_000;
const OPERATIONS = 3000;
const FIXED = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

/** What the run went through, so the test can tell it exercised the perp paths and not only refusals. */
interface Exercised {
  perpFills: number;
  /** Commands after which some client account owed more than it had (perp losses and fees beyond available). */
  overdrawn: number;
  spotFills: number;
  reversals: number;
  displaced: number;
  trimmed: number;
  closes: number;
  leverageSet: number;
  modeSet: number;
  priceMoves: number;
  /** Of them, shocks of 10–25 %. */
  shocks: number;
  fundingFees: number;
  /** Fills that paid a broker mark-up into the main portfolio. */
  brokerFees: number;
  /** System orders of liquidations that filled: a step down a tier, a close in full, ADL fills (off the book, no fee). */
  liquidationReduces: number;
  liquidationCloses: number;
  adlFills: number;
  liquidationFees: number;
  compensations: number;
  /** Accounts a liquidation finished with, checked for a wallet below zero. */
  liquidatedChecked: number;
  /** Refused commands whose state before and after was compared (a sample). */
  unchangedChecked: number;
  refused: Map<string, number>;
}

interface Run {
  exercised: Exercised;
  journal: { ts: number; command: Command }[];
  finalState: string;
  finalHash: string;
}

const pick = <T>(rng: RngState, items: readonly T[]): T => items[nextInt(rng, items.length)];
const chance = (rng: RngState, p: number): boolean => nextFloat(rng) < p;
const refusals = ({ refused }: Exercised): number => [...refused.values()].reduce((a, b) => a + b, 0);
const CODE_OF_MESSAGE = new Map<string, string>(Object.entries(MESSAGES).map(([code, message]) => [message, code]));

function run(seed: number): Run {
  const engine = new Engine();
  const rng = newRng(seed);
  let ts = 1_764_000_000_000;
  const journal: Run['journal'] = [];
  const deposited = new Map<string, Amount>();
  const apply = (command: Command) => {
    const result = engine.apply((ts += 1 + nextInt(rng, 50)), command as never);
    journal.push({ ts, command: structuredClone(command) });
    return result;
  };
  const market = () => marketDataOf(engine.state.sim);
  const instrument = (sym: string): Instrument => market().instrument(sym)!;

  const { user } = apply({ type: 'createUser', payload: { name: 'prop', primaryKey: { accessKey: 'p'.repeat(64), secret: { iv: '', tag: '', data: '' } } } }).result as any;
  const portfolioIds: string[] = [user.mainPortfolioId];
  for (let i = 1; i < DEPOSITS.length; i++) portfolioIds.push((apply({ type: 'createPortfolio', payload: { userId: user.userId, name: `Perp${i}abc` } }).result as any).portfolio.portfolioId);
  const actorOf = (portfolioId: string): Actor => ({ userId: user.userId, keyPortfolioId: user.mainPortfolioId, primary: true, portfolioId });
  for (const [n, portfolioId] of portfolioIds.entries()) {
    for (const venue of VENUES) {
      for (const [coin, amount] of Object.entries(DEPOSITS[n])) {
        apply({ type: 'creditDeposit', payload: { portfolioId, venue, coin, amount: FIXED(amount) } });
        deposited.set(`${venue}:${coin}`, add(deposited.get(`${venue}:${coin}`) ?? ZERO, FIXED<'amount'>(amount)));
      }
    }
    for (const sym of PERPS) apply({ type: 'setLeverage', payload: { actor: actorOf(portfolioId), sym, leverage: pick(rng, LEVERAGES.slice(0, -1)) } });
  }
  // Hedge mode from the start on one account per venue; random switches later are mostly refused (orders or positions open).
  apply({ type: 'setPositionMode', payload: { actor: actorOf(portfolioIds[3]), venue: 'BINANCE', positionMode: 'BOTH' } });
  apply({ type: 'setPositionMode', payload: { actor: actorOf(portfolioIds[4]), venue: 'OKX', positionMode: 'BOTH' } });
  apply({ type: 'startInsuranceFunds', payload: { funds: { USDT: FIXED(INSURANCE_FUND) } } });
  apply({ type: 'tick', payload: { elapsedMs: 1000 } }); // genesis: the house is funded and quotes every book

  const modeOf = (portfolioId: string, venue: VenueName): PositionMode => engine.state.positions.modes.get(`${portfolioId}|${venue}`) ?? 'NET';
  const heldQty = (portfolioId: string, sym: string, side: PositionSide): Size => engine.state.positions.open.get(`${portfolioId}|${sym}|${side}`)?.qty ?? ZERO;

  /** A size worth about `notional` quote coin at the reference, on the lot grid (base coin, or contracts on OKX perps). */
  function sizeFor(traded: Instrument, notional: Amount): Size {
    return roundToStep(sizeWorth(notional, unitValue(traded, market().referencePrice(traded), 'up'), 'down'), traded.lotSize, 'down');
  }

  /** A fraction of a held position, on the lot grid. */
  function shareOf(traded: Instrument, held: Size, factor: number): Size {
    return roundToStep(mul(abs(held), FIXED<'rate'>(factor.toFixed(6))), traded.lotSize, 'down');
  }

  function limitPrice(traded: Instrument, side: Side): Price {
    const reference = market().referencePrice(traded);
    const away = chance(rng, 0.15) ? (side === 'BUY' ? -200 : 200) : 0; // sometimes rests well off the touch
    const bps = Math.round(nextNormal(rng) * 25) + away;
    return roundToStep(add(reference, times(scale(reference, 1n, 10_000n, 'down'), bps)), traded.tickSize, 'down');
  }

  function orderTerms(traded: Instrument, side: Side, qty: Size): Omit<PlaceOrder, 'actor'> {
    const isMarket = chance(rng, 0.3);
    return {
      sym: traded.sym,
      side,
      type: isMarket ? 'MARKET' : 'LIMIT',
      timeInForce: isMarket ? 'IOC' : pick(rng, ['GTC', 'GTC', 'GTC', 'IOC', 'FOK', 'GTX'] as const),
      orderQty: qty,
      limitPrice: isMarket ? ZERO : limitPrice(traded, side),
      quoteOrderQty: ZERO,
      written: { qty: 0, price: 0, quote: 0 },
    };
  }

  function randomPerpOrder(portfolioId: string): Command {
    const traded = instrument(pick(rng, PERPS));
    const notional = FIXED<'amount'>(String(20 + nextInt(rng, 30_000)));
    let side: Side = chance(rng, 0.5) ? 'BUY' : 'SELL';
    let qty = sizeFor(traded, notional);
    let positionSide: PositionSide = 'NONE';
    let reduceOnly = false;
    if (modeOf(portfolioId, traded.venue) === 'NET') {
      const held = heldQty(portfolioId, traded.sym, 'NONE');
      const against: Side = held > 0n ? 'SELL' : 'BUY';
      reduceOnly = chance(rng, 0.25);
      if (held !== 0n && (reduceOnly || chance(rng, 0.35))) {
        // against the position: a reduce-only close, or an order that may close and reverse it
        side = chance(rng, 0.9) ? against : side;
        qty = shareOf(traded, held, reduceOnly ? 0.2 + nextFloat(rng) : 0.5 + 1.5 * nextFloat(rng));
      }
      if (chance(rng, 0.02)) positionSide = 'LONG'; // 401096
    } else {
      positionSide = chance(rng, 0.5) ? 'LONG' : 'SHORT';
      const held = heldQty(portfolioId, traded.sym, positionSide);
      if (held !== 0n && chance(rng, 0.4)) {
        side = positionSide === 'LONG' ? 'SELL' : 'BUY';
        qty = shareOf(traded, held, 0.2 + nextFloat(rng));
      }
      if (chance(rng, 0.02)) reduceOnly = true; // 401049
      if (chance(rng, 0.02)) positionSide = 'NONE'; // 401091
    }
    return { type: 'placeOrder', payload: { actor: actorOf(portfolioId), ...orderTerms(traded, side, qty), reduceOnly, positionSide } };
  }

  function randomSpotOrder(portfolioId: string): Command {
    const traded = instrument(pick(rng, SPOTS));
    const qty = sizeFor(traded, FIXED<'amount'>(String(10 + nextInt(rng, 20_000))));
    return { type: 'placeOrder', payload: { actor: actorOf(portfolioId), ...orderTerms(traded, chance(rng, 0.5) ? 'BUY' : 'SELL', qty) } };
  }

  function randomOpenOrder(): { portfolioId: string; orderId: string } | undefined {
    const portfolioId = pick(rng, portfolioIds);
    const open = engine.state.trading.openOrders.ordersOf(portfolioId).map((order) => order.orderId);
    return open.length === 0 ? undefined : { portfolioId, orderId: pick(rng, open) };
  }

  function randomReplace(portfolioId: string, orderId: string): Command {
    const order = engine.state.trading.orders.get(orderId)!;
    const traded = instrument(order.sym);
    const factor = 1 + nextNormal(rng) * 0.003;
    const replacePrice = chance(rng, 0.7) ? roundToStep(mul(order.limitPrice, FIXED<'rate'>(factor.toFixed(6))), traded.tickSize, 'down') : undefined;
    const replaceQty = chance(rng, 0.5) ? roundToStep(mul(order.orderQty, FIXED<'rate'>((0.5 + nextFloat(rng)).toFixed(6))), traded.lotSize, 'down') : undefined;
    return { type: 'replaceOrder', payload: { actor: actorOf(portfolioId), orderId, replacePrice, replaceQty, written: { qty: 0, price: 0, quote: 0 } } };
  }

  function randomClose(portfolioId: string): Command {
    const actor = actorOf(portfolioId);
    const held = engine.state.positions.byPortfolio.get(portfolioId) ?? [];
    if (held.length > 0 && chance(rng, 0.6)) {
      const position = engine.state.positions.open.get(pick(rng, held))!;
      return { type: 'closePosition', payload: { actor, sym: position.sym, positionSide: position.positionSide } };
    }
    if (chance(rng, 0.5)) return { type: 'closePositions', payload: { actor, syms: [], closeAll: true, venue: chance(rng, 0.5) ? pick(rng, VENUES) : undefined } };
    return { type: 'closePositions', payload: { actor, syms: [pick(rng, PERPS), pick(rng, PERPS)], positionSide: pick(rng, ['LONG', 'SHORT'] as const), closeAll: false } };
  }

  function priceMove(): Command {
    const asset = pick(rng, MOVED_ASSETS);
    const shock = chance(rng, 0.4);
    if (shock) exercised.shocks++;
    const percent = (shock ? 10 + 15 * nextFloat(rng) : 1 + 7 * nextFloat(rng)) * (chance(rng, 0.5) ? 1 : -1);
    const price = roundTo(mul(market().indexPrice(asset)!, FIXED<'rate'>((1 + percent / 100).toFixed(6))), 8, 'down');
    return { type: 'setReferencePrice', payload: { asset, price } };
  }

  function isFlat(portfolioId: string, venue: VenueName): boolean {
    const perpOrders = engine.state.trading.openOrders.ordersOf(portfolioId).some((order) => order.business === 'PERP' && order.venue === venue);
    return !perpOrders && (engine.state.positions.byPortfolio.get(portfolioId) ?? []).every((key) => engine.state.positions.open.get(key)!.venue !== venue);
  }

  /** Mostly on an account with nothing open on the venue, so some switches go through. */
  function randomModeChange(): Command {
    const accounts = portfolioIds.flatMap((portfolioId) => VENUES.map((venue) => ({ portfolioId, venue })));
    const flat = accounts.filter(({ portfolioId, venue }) => isFlat(portfolioId, venue));
    const { portfolioId, venue } = pick(rng, flat.length > 0 && chance(rng, 0.7) ? flat : accounts);
    const positionMode: PositionMode = modeOf(portfolioId, venue) === 'NET' || chance(rng, 0.1) ? 'BOTH' : 'NET';
    return { type: 'setPositionMode', payload: { actor: actorOf(portfolioId), venue, positionMode } };
  }

  /** A broker mark-up (decisions J1) on one sub-portfolio or all of them: moved to the main portfolio, it must make nothing. */
  function randomMarkup(): Command {
    const chgType = pick(rng, CHG_TYPES);
    const value = () => parseMarkup(chgType, chgType === 'ABSOLUTE' ? (nextInt(rng, 2_000) / 100).toFixed(2) : String(nextInt(rng, 200)));
    return {
      type: 'setSubFeeRate',
      payload: {
        userId: user.userId,
        mainPortfolioId: user.mainPortfolioId,
        ...(chance(rng, 0.3) ? {} : { portfolioId: pick(rng, portfolioIds.slice(1)) }),
        venue: pick(rng, VENUES),
        instType: pick(rng, FEE_INST_TYPES),
        taker: value(),
        ...(chance(rng, 0.7) ? { maker: value() } : {}),
        ...(chance(rng, 0.5) ? { effDate: parseEffDate(formatEffDate(ts))! } : {}),
      },
    };
  }

  function randomCommand(): Command {
    const roll = nextFloat(rng);
    const portfolioId = pick(rng, portfolioIds);
    if (roll < 0.005) return randomMarkup();
    if (roll < 0.07) return { type: 'tick', payload: { elapsedMs: chance(rng, 0.3) ? 0 : chance(rng, 0.05) ? HOUR_MS + nextInt(rng, 8 * HOUR_MS) : 1000 + nextInt(rng, 60_000) } };
    if (roll < 0.09) return priceMove();
    if (roll < 0.11) return { type: 'setLeverage', payload: { actor: actorOf(portfolioId), sym: pick(rng, PERPS), leverage: pick(rng, LEVERAGES) } };
    if (roll < 0.125) return randomModeChange();
    if (roll < 0.135) return { type: 'cancelAll', payload: { actor: actorOf(portfolioId), venue: pick(rng, VENUES) } };
    if (roll < 0.17) return randomClose(portfolioId);
    const target = roll < 0.36 ? randomOpenOrder() : undefined;
    if (target && roll < 0.25) return { type: 'cancelOrder', payload: { actor: actorOf(target.portfolioId), orderId: target.orderId } };
    if (target) return randomReplace(target.portfolioId, target.orderId);
    return chance(rng, 0.12) ? randomSpotOrder(portfolioId) : randomPerpOrder(portfolioId);
  }

  // (d) the client's view of its positions: position key → signed Σ of its fills since the key was last flat
  const fillSums = new Map<string, Size>();
  const positionSideOf = new Map<string, PositionSide>();
  const exercised: Exercised = {
    perpFills: 0,
    overdrawn: 0,
    spotFills: 0,
    reversals: 0,
    displaced: 0,
    trimmed: 0,
    closes: 0,
    leverageSet: 0,
    modeSet: 0,
    priceMoves: 0,
    shocks: 0,
    fundingFees: 0,
    brokerFees: 0,
    liquidationReduces: 0,
    liquidationCloses: 0,
    adlFills: 0,
    liquidationFees: 0,
    compensations: 0,
    liquidatedChecked: 0,
    unchangedChecked: 0,
    refused: new Map(),
  };
  const countRefusal = (code: string) => exercised.refused.set(code, (exercised.refused.get(code) ?? 0) + 1);

  const orderQtyOf = new Map<string, Size>();

  /** Reduce-only orders cut because the position shrank (trimmed), or cancelled to make room for a better one (displaced). */
  function observeOrders(command: Command, events: readonly EngineEvent[]): void {
    let newOrderSeen = false;
    for (const event of events) {
      if (event.type !== 'orderUpdated') continue;
      const order = event.order;
      if (order.state === 'NEW') newOrderSeen = true;
      positionSideOf.set(order.orderId, order.positionSide);
      const replaced = command.type === 'replaceOrder' && command.payload.orderId === order.orderId;
      const shrunk = order.orderQty < (orderQtyOf.get(order.orderId) ?? order.orderQty);
      orderQtyOf.set(order.orderId, order.orderQty);
      // a placement cancels the orders it displaces before the new order opens; later cuts follow its fills
      if (order.cancelType === 'REDUCE_ONLY' && order.state === 'CANCELLED') command.type !== 'placeOrder' || newOrderSeen ? exercised.trimmed++ : exercised.displaced++;
      else if (order.reduceOnly && shrunk && !replaced) exercised.trimmed++;
    }
  }

  function observeFills(events: readonly EngineEvent[]): void {
    for (const event of events) {
      if (event.type !== 'executionCreated') continue;
      const fill = event.execution;
      if (fill.business !== 'PERP') {
        exercised.spotFills++;
        continue;
      }
      exercised.perpFills++;
      const key = `${fill.portfolioId}|${fill.sym}|${positionSideOf.get(fill.orderId)!}`;
      const before = fillSums.get(key) ?? ZERO;
      const after = add(before, signedSize(fill.side, fill.quantity));
      if (before !== 0n && after !== 0n && before > 0n !== after > 0n) exercised.reversals++;
      fillSums.set(key, after);
    }
  }

  function observe(command: Command, events: readonly EngineEvent[], result: unknown): void {
    observeOrders(command, events);
    observeFills(events);
    if (command.type === 'closePosition') exercised.closes++;
    if (command.type === 'closePositions') {
      for (const row of (result as { rows: { success: boolean; errorMsg: string }[] }).rows) {
        if (row.success) exercised.closes++;
        else countRefusal(`row ${CODE_OF_MESSAGE.get(row.errorMsg) ?? row.errorMsg}`);
      }
    }
    if (command.type === 'setLeverage') exercised.leverageSet++;
    if (command.type === 'setPositionMode') exercised.modeSet++;
    if (command.type === 'setReferencePrice') exercised.priceMoves++;
    observeRisk(events);
  }

  /** Funding, liquidation orders, fees and compensations; then the accounts a liquidation finished with stand at 0 or above. */
  function observeRisk(events: readonly EngineEvent[]): void {
    const liquidated = new Set<string>();
    for (const event of events) {
      if (event.type === 'balanceChanged') {
        if (event.reason === 'FUNDING_FEE') exercised.fundingFees++;
        if (event.reason === 'BROKER_FEE' && event.portfolioId === user.mainPortfolioId) exercised.brokerFees++;
        if (event.reason === 'LIQUIDATION_FEE') exercised.liquidationFees++;
        if (event.reason === 'LIQ_COMPENSATION') exercised.compensations++;
      }
      if (event.type !== 'orderUpdated' || event.order.origin === 'DMA' || event.order.state !== 'FILLED') continue;
      const order = event.order;
      liquidated.add(`${order.portfolioId}|${order.venue}`);
      if (order.fee === 0n) exercised.adlFills++;
      else if (order.origin === 'SYSTEM_REDUCE') exercised.liquidationReduces++;
      else exercised.liquidationCloses++;
    }
    for (const key of liquidated) {
      const [portfolioId, venue] = key.split('|') as [string, VenueName];
      const account = marginAccount(engine.state, market(), portfolioId, venue);
      if (account.status === 'LIQUIDATING' || account.status === 'TAKEOVER') continue; // the book ran dry: it goes on next tick
      assert.ok(account.equity >= 0n, `${key} left at equity ${account.equity} by its liquidation`);
      const otherCollateral = account.coins.some((coin) => coin.coin !== 'USDT' && coin.equity > 0n);
      if (account.positions.length === 0 && !otherCollateral) assert.equal(account.coins.find((coin) => coin.coin === 'USDT')?.balance.overdraw ?? 0n, 0n, `${key} overdrawn after its liquidation`);
      exercised.liquidatedChecked++;
    }
  }

  function assertInvariants(): void {
    const state = engine.state;
    const data = market();
    // (c) what open orders hold: perp margin per account, spot coins per account and coin
    const marginBy = new Map<string, Amount>();
    const reservedBy = new Map<string, Amount>();
    for (const [orderId, amount] of state.trading.reserved) {
      const order = state.trading.orders.get(orderId)!;
      const key = order.business === 'PERP' ? `${order.portfolioId}|${order.venue}` : `${order.portfolioId}:${order.venue}:${reservationCoin(data.instrument(order.sym)!, order.side)}`;
      const into = order.business === 'PERP' ? marginBy : reservedBy;
      into.set(key, add(into.get(key) ?? ZERO, amount));
    }
    for (const key of new Set([...marginBy.keys(), ...state.positions.orderMargin.keys()])) {
      assert.equal(state.positions.orderMargin.get(key) ?? 0n, marginBy.get(key) ?? 0n, `frozen margin of ${key}`);
    }
    // (a) per venue and coin: balances + fees + Σ uPnL of every open position at the mark = deposits (house genesis included)
    const held = new Map<string, Amount>();
    const addTo = (key: string, amount: Amount) => held.set(key, add(held.get(key) ?? ZERO, amount));
    for (const portfolio of state.portfolios.values()) {
      for (const venue of VENUES) {
        for (const [coin, balance] of portfolio.accounts[venue].balances) {
          assert.ok(balance.available >= 0n && balance.frozen >= 0n && balance.overdraw >= 0n, `negative ${coin} in ${portfolio.portfolioId}`);
          assert.equal(balance.frozen, reservedBy.get(`${portfolio.portfolioId}:${venue}:${coin}`) ?? 0n, `frozen ${venue} ${coin} of ${portfolio.portfolioId}`);
          addTo(`${venue}:${coin}`, sub(add(balance.available, balance.frozen), balance.overdraw));
        }
      }
    }
    for (const [key, fee] of state.trading.fees) addTo(key, fee);
    for (const [key, fund] of state.liquidation.insuranceFunds) addTo(key, fund);
    if (portfolioIds.some((id) => VENUES.some((venue) => state.portfolios.get(id)!.accounts[venue].balances.get('USDT')!.overdraw > 0n))) exercised.overdrawn++;
    // Realized PnL alone is not zero-sum (each position realizes against its own average cost, and a
    // position still open has realized only part): what is zero-sum is realized + unrealized over
    // everyone at one mark, since every fill's notional is paid by one side and received by the other.
    const netBySym = new Map<string, Qty>();
    for (const position of state.positions.open.values()) {
      const traded = data.instrument(position.sym)!;
      addTo(`${position.venue}:${traded.quote}`, unrealizedPnl(position, traded, data.markPrice(traded)));
      // (b) every fill has two sides, so the positions of a sym (the house's included) net to zero
      netBySym.set(position.sym, add(netBySym.get(position.sym) ?? ZERO, baseQty(traded, position.qty)));
    }
    for (const [sym, net] of netBySym) assert.equal(net, 0n, `open positions of ${sym} net to ${net}`);
    const expected = new Map(deposited);
    for (const venue of VENUES) for (const [coin, amount] of marketMakerFunding()) expected.set(`${venue}:${coin}`, add(expected.get(`${venue}:${coin}`) ?? ZERO, amount));
    for (const venue of VENUES) expected.set(`${venue}:USDT`, add(expected.get(`${venue}:USDT`)!, FIXED<'amount'>(INSURANCE_FUND)));
    for (const key of new Set([...held.keys(), ...expected.keys()])) assert.equal(held.get(key) ?? 0n, expected.get(key) ?? 0n, `conservation of ${key}`);
    // (d) each client position is the signed sum of its fills; a key whose position closed starts again at 0
    for (const [key, filled] of fillSums) {
      assert.equal(state.positions.open.get(key)?.qty ?? 0n, filled, `position ${key} against its fills`);
      if (filled === 0n) fillSums.delete(key);
    }
    for (const portfolioId of portfolioIds) {
      for (const key of state.positions.byPortfolio.get(portfolioId) ?? []) assert.ok(fillSums.has(key), `position ${key} without fills`);
    }
  }

  /** Applies one command; (e) on a sample, a refused one (or a batch close whose every row was refused) changed nothing. */
  function step(command: Command, sampled: boolean): void {
    const before = sampled ? encode(engine.state) : undefined;
    try {
      const { events, result } = apply(command);
      observe(command, events, result);
      const allRowsRefused = command.type === 'closePositions' && (result as { rows: { success: boolean }[] }).rows.every((row) => !row.success);
      if (before !== undefined && allRowsRefused) {
        assert.equal(encode(engine.state), before, 'closePositions with every row refused changed the state');
        exercised.unchangedChecked++;
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      countRefusal(`${command.type} ${error.code}`);
      if (before === undefined) return;
      assert.equal(encode(engine.state), before, `refused ${command.type} (${error.code}) changed the state`);
      exercised.unchangedChecked++;
    }
  }

  assertInvariants();
  for (let i = 0; i < OPERATIONS; i++) {
    const command = randomCommand();
    try {
      step(command, refusals(exercised) % 20 === 0);
      assertInvariants();
    } catch (error) {
      throw new Error(`seed ${seed}, command ${i} (${command.type}): ${(error as Error).message}`, { cause: error });
    }
  }
  return { exercised, journal, finalState: encode(engine.state), finalHash: hashOf(engine.state) };
}

/** Refusals every seed meets: margin, reduce-only, hedge-mode closes, mode switches with something open, and a close of nothing. */
const EXPECTED_REFUSALS = ['placeOrder 401058', 'placeOrder 401048', 'placeOrder 401059', 'placeOrder 401093', 'placeOrder 401119', 'setPositionMode 401089', 'setPositionMode 401090', 'row 401097'];

function summary({ refused, ...counts }: Exercised): string {
  const codes = [...refused].sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code}×${n}`);
  return `${Object.entries(counts).map(([name, n]) => `${name} ${n}`).join(', ')}; refused: ${codes.join(' ')}`;
}

describe('exactness and conservation under random perp trading', () => {
  for (const seed of [1, 3]) {
    it(`seed ${seed}: after each of ${OPERATIONS} commands (price shocks, funding boundaries, liquidations, ADL among them) money is conserved with the insurance fund, positions net to zero and match their fills, margin is what orders hold, no liquidated account is left below zero; a replay gives the same state`, (t) => {
      const { exercised, journal, finalState, finalHash } = run(seed);
      t.diagnostic(summary(exercised));
      assert.ok(exercised.perpFills > 300, `only ${exercised.perpFills} client perp fills`);
      assert.ok(exercised.spotFills > 0, 'no spot fill');
      for (const counted of ['overdrawn', 'reversals', 'displaced', 'trimmed', 'closes', 'leverageSet', 'modeSet', 'priceMoves'] as const) assert.ok(exercised[counted] > 0, `no ${counted}`);
      for (const counted of ['shocks', 'fundingFees', 'brokerFees', 'liquidationCloses', 'adlFills', 'compensations', 'liquidatedChecked'] as const) assert.ok(exercised[counted] > 0, `no ${counted}`);
      assert.ok(exercised.unchangedChecked > 20, `only ${exercised.unchangedChecked} refusals compared before and after`);
      for (const refusal of EXPECTED_REFUSALS) assert.ok(exercised.refused.has(refusal), `never refused: ${refusal}`);
      const replayed = new Engine();
      for (const { ts, command } of journal) replayed.apply(ts, command as never);
      assert.equal(encode(replayed.state), finalState);
      assert.equal(hashOf(replayed.state), finalHash, 'state hash after replay');
    });
  }
});
