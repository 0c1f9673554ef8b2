/**
 * Liquidation of MARGIN debts (issue 11; decisions L1, L3, L8; research-perps.md §3: at the liquidation level
 * the venue sells the account's assets to repay what it owes). Debts carry maintenance margin (debtMargin), so
 * they bring an account into liquidation as positions do; once an account being liquidated holds no position,
 * each step pays back the debt with the largest maintenance margin:
 * - from what is available of the coin (every debt at once: a repayment needs no trade);
 * - else by an IOC MARKET order of the portfolio on the venue's MARGIN book (SYSTEM_LIQ) that buys the coin
 *   with, or sells for it, the collateral of most value that trades against it; the fill repays the debt
 *   first (settle-margin), and the order never borrows (it spends what is available; a sale is sized to pay
 *   the liquidation fee too);
 * - else, when the account is bankrupt (equity below 0) and nothing left in it trades against the debt, the
 *   insurance fund pays it what buying the debt back costs (a stable coin's debt: the debt itself;
 *   LIQ_COMPENSATION), and the same step buys it back.
 */
import { add, asQty, coinAmount, div, min, mul, neg, ONE, roundToStep, sub, ZERO, type Amount, type Qty, type Rate, type Size } from '../../domain/money.ts';
import { STABLE_COINS } from '../../domain/coins.ts';
import { marginLiquidationFeeRate } from '../../domain/lending/index.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import type { Side } from '../../domain/market.ts';
import type { CommandContext } from '../core/context.ts';
import { repayFromAvailable } from '../lending/index.ts';
import { marginAccount, type CoinCollateral, type MarginAccount } from '../positions/index.ts';
import { placeFor, type PlaceOrder } from '../trading/index.ts';
import { marketReach } from '../venue-link/index.ts';
import { compensateIn, fundOf } from './insurance-fund.ts';

/** What an order of the liquidation traded: the base of its liquidation fee. */
export interface Traded {
  instrument: Instrument;
  notional: Amount;
}

/** An order that trades the debt's coin against a collateral coin: buying it on DEBT/COLLATERAL, or selling the collateral on COLLATERAL/DEBT. */
interface Route {
  instrument: Instrument;
  side: Side;
  source: CoinCollateral;
}

/** One step on the account's debts; undefined when none can be taken now (the next tick tries again). */
export function payDebtStep(ctx: CommandContext, account: MarginAccount, requestId: string): { traded?: Traded } | undefined {
  const ref = { portfolioId: account.portfolioId, venue: account.venue };
  const repaid = account.coins.filter((c) => c.balance.borrowed > 0n).map((c) => repayFromAvailable(ctx, { ...ref, coin: c.coin }, { requestId }));
  if (repaid.some((amount) => amount > 0n)) return {};
  const debt = largestDebt(account);
  if (!debt) return undefined;
  const route = routeFor(ctx, account, debt);
  if (route) return trade(ctx, account, debt, route);
  if (account.equity >= 0n || !fundDebt(ctx, account, debt, requestId)) return undefined;
  const funded = marginAccount(ctx.state, ctx.venues.market, ref.portfolioId, ref.venue);
  const bought = routeFor(ctx, funded, funded.coins.find((c) => c.coin === debt.coin)!);
  return bought ? (trade(ctx, funded, debt, bought) ?? {}) : {};
}

/** The debt with the largest maintenance margin (coin order on ties). */
function largestDebt(account: MarginAccount): CoinCollateral | undefined {
  const margin = (c: CoinCollateral) => account.debtMargins.get(c.coin) ?? ZERO;
  return account.coins
    .filter((c) => c.balance.borrowed > 0n)
    .sort((a, b) => (margin(a) === margin(b) ? a.coin.localeCompare(b.coin) : margin(a) > margin(b) ? -1 : 1))[0];
}

/** The collateral of most value (coin order on ties) with a MARGIN book against the debt's coin that can take at least one lot of it. */
function routeFor(ctx: CommandContext, account: MarginAccount, debt: CoinCollateral): Route | undefined {
  return account.coins
    .filter((c) => c.coin !== debt.coin && c.balance.available > 0n)
    .sort((a, b) => (a.value === b.value ? a.coin.localeCompare(b.coin) : a.value > b.value ? -1 : 1))
    .map((source) => routeWith(ctx, account, debt.coin, source))
    .find((route) => route !== undefined);
}

function routeWith(ctx: CommandContext, account: MarginAccount, debtCoin: string, source: CoinCollateral): Route | undefined {
  const market = ctx.venues.market;
  const buy = market.instrument(`${account.venue}_MARGIN_${debtCoin}_${source.coin}`);
  const ask = buy && market.top(buy.sym).ask?.[0];
  if (buy && ask && source.balance.available >= mul(mul(ask, lotOf(buy), 'up'), add(ONE as Rate, buy.takerFeeRate), 'up')) return { instrument: buy, side: 'BUY', source };
  const sell = market.instrument(`${account.venue}_MARGIN_${source.coin}_${debtCoin}`);
  if (sell && market.top(sell.sym).bid && source.balance.available >= coinAmount(lotOf(sell))) return { instrument: sell, side: 'SELL', source };
  return undefined;
}

/** Places the route's order for what is owed of the debt (one market order's size at most); undefined when the book took none of it. */
function trade(ctx: CommandContext, account: MarginAccount, debt: CoinCollateral, route: Route): { traded: Traded } | undefined {
  const { instrument, side, source } = route;
  const owed = debt.balance.borrowed;
  const size = side === 'BUY' ? roundToStep(asQty(owed), lotOf(instrument), 'up') : sellSize(ctx, instrument, owed, source.balance.available);
  const portfolio = ctx.state.portfolios.get(account.portfolioId)!;
  const order = placeFor(ctx, portfolio, marketOrder(portfolio.userId, account.portfolioId, instrument, side, min(size, baseQty(instrument, instrument.maxMarketSize))), 'SYSTEM_LIQ').order;
  return order.executedQty > 0n ? { traded: { instrument, notional: order.executedAmount } } : undefined;
}

/** What to sell of the collateral for `owed` of the quote coin at the best bid, the taker fee and the liquidation fee paid, within what is available. */
function sellSize(ctx: CommandContext, instrument: Instrument, owed: Amount, available: Amount): Qty {
  const bid = ctx.venues.market.top(instrument.sym).bid![0];
  const kept = sub(sub(ONE as Rate, instrument.takerFeeRate), marginLiquidationFeeRate(instrument));
  const needed = div(owed, mul(bid, kept, 'down'), 'up');
  return min(roundToStep(needed, lotOf(instrument), 'up'), roundToStep(asQty(available), lotOf(instrument), 'down'));
}

/** A MARGIN sym's lot: base coin. */
function lotOf(instrument: Instrument): Qty {
  return baseQty(instrument, instrument.lotSize);
}

function marketOrder(userId: string, portfolioId: string, instrument: Instrument, side: Side, size: Size): PlaceOrder {
  return {
    actor: { userId, keyPortfolioId: portfolioId, primary: false },
    sym: instrument.sym,
    side,
    type: 'MARKET',
    timeInForce: 'IOC',
    orderQty: size,
    limitPrice: ZERO,
    quoteOrderQty: ZERO,
    written: { qty: 0, price: 0, quote: 0 },
  };
}

/**
 * A bankrupt account's debt that nothing in it can buy back: the fund pays what buying it costs, in the stable
 * coin of the debt's MARGIN book (the worst price the book reaches for it, taker fee included), or a stable
 * coin's debt in that coin as far as the account is below 0. Whether it paid anything.
 */
function fundDebt(ctx: CommandContext, account: MarginAccount, debt: CoinCollateral, requestId: string): boolean {
  const ref = { portfolioId: account.portfolioId, venue: account.venue };
  const owed = debt.balance.borrowed;
  if (STABLE_COINS.includes(debt.coin)) return compensateIn(ctx, ref, debt.coin, min(owed, neg(account.equity)), requestId) > 0n;
  for (const coin of STABLE_COINS) {
    const instrument = ctx.venues.market.instrument(`${ref.venue}_MARGIN_${debt.coin}_${coin}`);
    if (!instrument || fundOf(ctx.state, ref.venue, coin) <= 0n) continue;
    const size = min(roundToStep(asQty(owed), lotOf(instrument), 'up'), baseQty(instrument, instrument.maxMarketSize));
    const reach = marketReach(ctx, instrument, 'BUY', size, ZERO);
    if (reach === undefined) continue;
    const cost = mul(mul(reach, size, 'up'), add(ONE as Rate, instrument.takerFeeRate), 'up');
    if (compensateIn(ctx, ref, coin, cost, requestId) > 0n) return true;
  }
  return false;
}
