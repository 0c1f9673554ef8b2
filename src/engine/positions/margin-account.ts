/**
 * The unified margin account of one portfolio on one venue (decisions L1–L3, L9; connex-api.md §4.4):
 * its coins valued as collateral, its positions at their marks, and every figure of
 * `GET /api/v1/trading/account` derived from them. Computed on demand from engine state and the
 * venues' market data, so it is never stale.
 */
import { ApiError } from '../../catalogue/index.ts';
import { collateralDiscount, type Balance } from '../../domain/accounts/index.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import { loanTerms, loanTierOf } from '../../domain/lending/index.ts';
import type { VenueName } from '../../domain/market.ts';
import { abs, add, mul, sub, sum, ZERO, type Amount, type Price, type Rate } from '../../domain/money.ts';
import {
  accountStatus,
  DEFAULT_THRESHOLDS,
  initialMargin,
  liquidationPrice,
  maintenanceMargin,
  positionNotional,
  riskRatio,
  tierOf,
  uniMmr,
  unrealizedPnl,
  type AccountStatus,
  type Position,
  type PositionMode,
  type RiskTier,
  type RiskTierTable,
} from '../../domain/perp/index.ts';
import type { MarketData } from '../../venues/index.ts';
import type { State } from '../core/state.ts';
import { indexPriceOf } from '../venue-link/index.ts';
import { leverageOf, openPositionsOf, positionModeOf } from './positions.ts';
import { accountKey } from './state.ts';

/** One coin of the account valued as collateral (L1). */
export interface CoinCollateral {
  coin: string;
  balance: Balance;
  /** available + frozen − borrowed − overdraw. */
  equity: Amount;
  indexPrice: Price;
  discount: Rate;
  /** equity × indexPrice. */
  value: Amount;
  /** value × discount (a negative value counts in full). */
  marginValue: Amount;
}

/** One position at its mark. */
export interface PositionRisk {
  position: Position;
  instrument: Instrument;
  table: RiskTierTable;
  tier: RiskTier;
  mark: Price;
  leverage: number;
  notional: Amount;
  upnl: Amount;
  initialMargin: Amount;
  maintenance: Amount;
}

export interface MarginAccount {
  portfolioId: string;
  venue: VenueName;
  positionMode: PositionMode;
  coins: CoinCollateral[];
  positions: PositionRisk[];
  /** Σ coin equity × index (USD), plus uPnL. */
  equity: Amount;
  /** Collateral value: Σ coin equity × index × discount. */
  marginValue: Amount;
  upnl: Amount;
  positionValue: Amount;
  /** Of the positions and of the debts. */
  maintainMargin: Amount;
  /** Initial margin of the positions. */
  perpMargin: Amount;
  /** Initial margin held by open PERP orders, plus the collateral value of what open spot orders froze. */
  frozenMargin: Amount;
  /** What open PERP limit orders would lose against the mark if they filled now. */
  openLossMargin: Amount;
  /** Maintenance margin of borrowed coins: Σ borrowed × index × the loan tier's mmRate (part of maintainMargin). */
  debtMargin: Amount;
  /** The same per borrowed coin. */
  debtMargins: ReadonlyMap<string, Amount>;
  /** marginValue + uPnL: the numerator of uniMMR. */
  validMargin: Amount;
  /** validMargin − perpMargin − frozenMargin − openLossMargin − debtMargin (negative when over-used). */
  availableMargin: Amount;
  uniMmr: Rate;
  riskRatio: Rate;
  status: AccountStatus;
}

export function marginAccount(state: Readonly<State>, market: MarketData, portfolioId: string, venue: VenueName): MarginAccount {
  const coins: CoinCollateral[] = [];
  let coinValue = ZERO as Amount;
  let marginValue = ZERO as Amount;
  let spotFrozen = ZERO as Amount;
  const debtMargins = new Map<string, Amount>();
  let debtMargin = ZERO as Amount;
  // One pass over the coins and one over the positions: every perp order's margin check computes the account.
  for (const [coin, balance] of state.portfolios.get(portfolioId)!.accounts[venue].balances) {
    const collateral = coinCollateral(market, coin, balance);
    coins.push(collateral);
    coinValue = add(coinValue, collateral.value);
    marginValue = add(marginValue, collateral.marginValue);
    if (balance.frozen !== 0n) spotFrozen = add(spotFrozen, mul(mul(balance.frozen, collateral.indexPrice, 'up'), collateral.discount, 'up'));
    if (balance.borrowed > 0n) {
      const owed = debtMaintenance(venue, collateral);
      debtMargins.set(coin, owed);
      debtMargin = add(debtMargin, owed);
    }
  }
  const positions: PositionRisk[] = [];
  let upnl = ZERO as Amount;
  let positionMaintenance = ZERO as Amount;
  let perpMargin = ZERO as Amount;
  let positionValue = ZERO as Amount;
  for (const position of openPositionsOf(state, portfolioId, venue)) {
    const risk = positionRisk(state, market, position);
    positions.push(risk);
    upnl = add(upnl, risk.upnl);
    positionMaintenance = add(positionMaintenance, risk.maintenance);
    perpMargin = add(perpMargin, risk.initialMargin);
    positionValue = add(positionValue, risk.notional);
  }
  const maintainMargin = add(positionMaintenance, debtMargin);
  const frozenMargin = add(state.positions.orderMargin.get(accountKey(portfolioId, venue)) ?? ZERO, spotFrozen);
  const openLossMargin = openOrderLoss(state, market, portfolioId, venue);
  const validMargin = add(marginValue, upnl);
  const equity = add(coinValue, upnl);
  const mmr = uniMmr(validMargin, maintainMargin);
  return {
    portfolioId,
    venue,
    positionMode: positionModeOf(state, portfolioId, venue),
    coins,
    positions,
    equity,
    marginValue,
    upnl,
    positionValue,
    maintainMargin,
    perpMargin,
    frozenMargin,
    openLossMargin,
    debtMargin,
    debtMargins,
    validMargin,
    availableMargin: sub(sub(sub(sub(validMargin, perpMargin), frozenMargin), openLossMargin), debtMargin),
    uniMmr: mmr,
    riskRatio: riskRatio(mmr),
    status: accountStatus(mmr, equity),
  };
}

/** Whether the account has anything that needs maintenance margin: a position or a debt (only such an account can leave NORMAL). */
export function carriesRisk(state: Readonly<State>, portfolioId: string, venue: VenueName): boolean {
  if (openPositionsOf(state, portfolioId, venue).length > 0) return true;
  for (const balance of state.portfolios.get(portfolioId)!.accounts[venue].balances.values()) if (balance.borrowed > 0n) return true;
  return false;
}

export function coinCollateral(market: MarketData, coin: string, balance: Balance): CoinCollateral {
  const equity = sub(sub(add(balance.available, balance.frozen), balance.borrowed), balance.overdraw);
  const indexPrice = indexPriceOf(market, coin);
  const discount = collateralDiscount(coin);
  const value = mul(equity, indexPrice, 'down');
  return { coin, balance, equity, indexPrice, discount, value, marginValue: value > 0n ? mul(value, discount, 'down') : value };
}

/** Maintenance margin of what the account owes of one coin (0 when it owes nothing). */
function debtMaintenance(venue: VenueName, coin: CoinCollateral): Amount {
  if (coin.balance.borrowed <= 0n) return ZERO;
  const tier = loanTierOf(loanTerms(venue, coin.coin), coin.balance.borrowed);
  return mul(mul(coin.balance.borrowed, coin.indexPrice, 'up'), tier.mmRate, 'up');
}

/** The tier table of a perp sym (every PERP instrument has one: the venues' data files). */
export function tiersOf(market: MarketData, instrument: Instrument): RiskTierTable {
  const table = market.riskTiers(instrument.sym);
  if (!table) throw new Error(`no risk tiers for ${instrument.sym}`);
  return table;
}

/** One position at the marks of now, with the leverage its portfolio set (the sym's default when none). */
export function positionRisk(state: Readonly<State>, market: MarketData, position: Position): PositionRisk {
  const instrument = market.instrument(position.sym)!;
  const table = tiersOf(market, instrument);
  const mark = market.markPrice(instrument);
  const notional = positionNotional(position, instrument, mark);
  const exposure = { notional, size: abs(position.qty) };
  const leverage = leverageOf(state, position.portfolioId, position.sym) ?? instrument.defaultLeverage!;
  return {
    position,
    instrument,
    table,
    tier: tierOf(table, exposure),
    mark,
    leverage,
    notional,
    upnl: unrealizedPnl(position, instrument, mark),
    initialMargin: initialMargin(notional, leverage),
    maintenance: maintenanceMargin(table, exposure),
  };
}

/** Σ over open PERP limit orders of what filling at the limit would lose against the mark now. */
function openOrderLoss(state: Readonly<State>, market: MarketData, portfolioId: string, venue: VenueName): Amount {
  let loss = ZERO as Amount;
  for (const [sym, orders] of state.trading.openOrders.bySym(portfolioId)) {
    const instrument = market.instrument(sym)!;
    if (instrument.business !== 'PERP' || instrument.venue !== venue) continue;
    const mark = market.markPrice(instrument);
    for (const order of orders.values()) {
      if (order.exchangeOrderType !== 'LIMIT') continue;
      const gap = order.side === 'BUY' ? sub(order.limitPrice, mark) : sub(mark, order.limitPrice);
      if (gap > 0n) loss = add(loss, mul(gap, baseQty(instrument, sub(order.orderQty, order.executedQty)), 'up'));
    }
  }
  return loss;
}

/**
 * liqPrice of one position of the account (L9): the mark at which uniMMR would reach the liquidation
 * level; null when none. The mark is the sym's, so in BOTH mode the position's other side moves with it.
 */
export function liquidationPriceOf(account: MarginAccount, risk: PositionRisk): Price | null {
  const { sym, positionSide, qty } = risk.position;
  if (qty === 0n) return null;
  const legs = [risk, ...account.positions.filter((other) => other.position.sym === sym && other.position.positionSide !== positionSide)];
  return liquidationPrice({
    validMargin: account.validMargin,
    otherMaintenance: sub(account.maintainMargin, sum(legs.map((leg) => leg.maintenance))),
    legs: legs.map((leg) => ({ baseQty: baseQty(leg.instrument, leg.position.qty), exposureSize: abs(leg.position.qty) })),
    mark: risk.mark,
    table: risk.table,
    threshold: DEFAULT_THRESHOLDS.liquidation,
  });
}

/**
 * A spot order freezes coins the unified account counts as collateral: with positions open, the
 * collateral value it takes must be margin the positions and orders do not already use (401058).
 */
export function assertCollateralFree(state: Readonly<State>, market: MarketData, portfolioId: string, venue: VenueName, coin: string, amount: Amount): void {
  if (openPositionsOf(state, portfolioId, venue).length === 0) return;
  const taken = mul(mul(amount, indexPriceOf(market, coin), 'up'), collateralDiscount(coin), 'up');
  if (taken > marginAccount(state, market, portfolioId, venue).availableMargin) throw new ApiError(401058);
}
