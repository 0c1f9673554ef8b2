/**
 * The tick phase that watches client accounts' status (decisions L3) as the market moves. It reassesses
 * only the accounts the risk index names (their positions or balances changed, or a price left one of
 * their bands), records the status each is in (positions state; absent = NORMAL, which every account
 * without positions or debts is) and tells each change (`accountStatusChanged`). Acting on a status, liquidation,
 * is the next step.
 */
import { STABLE_COINS } from '../../domain/coins.ts';
import { baseQty } from '../../domain/instrument.ts';
import { abs, add, asQty, div, mul, ZERO, type Price, type Qty } from '../../domain/money.ts';
import { DEFAULT_THRESHOLDS, positionSensitivity, statusBands, statusSlack, type AccountStatus, type PriceExposure } from '../../domain/perp/index.ts';
import type { MarketData } from '../../venues/index.ts';
import type { CommandContext } from '../core/context.ts';
import { indexPriceOf } from '../venue-link/index.ts';
import { carriesRisk, marginAccount, type CoinCollateral, type MarginAccount } from './margin-account.ts';
import { riskIndexOf, type RiskIndex, type WatchedAccount } from './risk-index.ts';
import { accountKey } from './state.ts';

const MARK = 'mark:';
const INDEX = 'index:';

export function watchAccountStatus(ctx: CommandContext): void {
  const market = ctx.venues.market;
  const index = riskIndexOf(ctx.state);
  for (const account of index.take((key) => priceOf(market, key))) reassess(ctx, index, account);
}

function reassess(ctx: CommandContext, index: RiskIndex, account: WatchedAccount): void {
  const held = carriesRisk(ctx.state, account.portfolioId, account.venue);
  const margin = held ? marginAccount(ctx.state, ctx.venues.market, account.portfolioId, account.venue) : undefined;
  record(ctx, account, margin?.status ?? 'NORMAL');
  if (margin) index.band(account, statusBands(statusSlack(margin.validMargin, margin.maintainMargin, margin.equity, DEFAULT_THRESHOLDS), exposuresOf(margin)));
  else index.forget(account);
}

function record(ctx: CommandContext, account: WatchedAccount, status: AccountStatus): void {
  const key = accountKey(account.portfolioId, account.venue);
  const statuses = ctx.state.positions.statuses;
  if ((statuses.get(key) ?? 'NORMAL') === status) return;
  if (status === 'NORMAL') statuses.delete(key);
  else statuses.set(key, status);
  ctx.emit({ type: 'accountStatusChanged', ...account, status });
}

/**
 * The prices the account's status moves with: its positions' marks and its coins' index (stable coins stay at
 * 1). A coin moves validMargin by its equity and, when owed, the debt's maintenance margin (borrowed × mmRate)
 * k times over at most (k the highest status level).
 */
function exposuresOf(margin: MarginAccount): PriceExposure[] {
  const marks = margin.positions.map((risk) => ({
    key: MARK + risk.instrument.sym,
    price: risk.mark,
    sensitivity: positionSensitivity(risk.table, baseQty(risk.instrument, risk.position.qty), risk.position.qty, risk.mark, DEFAULT_THRESHOLDS),
  }));
  const coins = margin.coins
    .filter((coin) => !STABLE_COINS.includes(coin.coin))
    // a coin's equity and its debt's maintenance margin over the price are quantities of that coin
    .map((coin) => ({ key: INDEX + coin.coin, price: coin.indexPrice, sensitivity: add(asQty(abs(coin.equity)), debtSensitivity(margin, coin)) }));
  return [...marks, ...coins];
}

function debtSensitivity(margin: MarginAccount, coin: CoinCollateral): Qty {
  const debt = margin.debtMargins.get(coin.coin);
  return debt === undefined || coin.indexPrice <= 0n ? ZERO : mul(div(debt, coin.indexPrice, 'up'), DEFAULT_THRESHOLDS.marginCall, 'up');
}

function priceOf(market: MarketData, key: string): Price {
  if (key.startsWith(MARK)) return market.markPrice(market.instrument(key.slice(MARK.length))!);
  return indexPriceOf(market, key.slice(INDEX.length));
}
