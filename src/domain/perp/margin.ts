/**
 * The unified margin account's arithmetic (decisions L1–L4, L9): initial margin, the uniMMR ratio and
 * the account status it implies, and the liquidation price of one position with everything else fixed.
 */
import { abs, add, div, fromInt, mul, roundTo, sub, ZERO, type Amount, type Price, type Qty, type Rate } from '../money.ts';
import { type Exposure, type RiskTierTable, tierOf } from './tiers.ts';

export const ACCOUNT_STATUSES = ['NORMAL', 'MARGIN_CALL', 'CANCEL_OPEN', 'CANCEL_ALL', 'LIQUIDATING', 'TAKEOVER'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** uniMMR when there is no maintenance margin, and its ceiling (L3). */
export const UNI_MMR_CAP = fromInt<'rate'>(999_999);

/** The uniMMR levels of L3 (configurable; these are the defaults). */
export interface StatusThresholds {
  /** Below: MARGIN_CALL. */
  marginCall: Rate;
  /** Below: CANCEL_OPEN. */
  cancelOpen: Rate;
  /** At or below: LIQUIDATING. */
  liquidation: Rate;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = {
  marginCall: div(fromInt<'amount'>(15), fromInt<'amount'>(10)),
  cancelOpen: div(fromInt<'amount'>(125), fromInt<'amount'>(100)),
  liquidation: div(fromInt<'amount'>(105), fromInt<'amount'>(100)),
};

/** Initial margin of a notional at a leverage, rounded up (L2). */
export function initialMargin(notional: Amount, leverage: number): Amount {
  return div(notional, fromInt<'rate'>(leverage), 'up');
}

/** (collateral + uPnL) / maintenance margin, capped; the cap when there is no maintenance margin (L3). */
export function uniMmr(validMargin: Amount, maintenance: Amount): Rate {
  if (maintenance <= 0n) return UNI_MMR_CAP;
  const ratio = div(validMargin, maintenance, 'down');
  return ratio > UNI_MMR_CAP ? UNI_MMR_CAP : ratio;
}

/** 1 / uniMMR to 4 decimals (L3). */
export function riskRatio(mmr: Rate): Rate {
  if (mmr <= 0n) return ZERO;
  return roundTo(div(fromInt<'rate'>(1), mmr, 'halfUp'), 4, 'halfUp');
}

export function accountStatus(mmr: Rate, equity: Amount, thresholds: StatusThresholds = DEFAULT_THRESHOLDS): AccountStatus {
  if (equity <= 0n && mmr < UNI_MMR_CAP) return 'TAKEOVER';
  if (mmr <= thresholds.liquidation) return 'LIQUIDATING';
  if (mmr < thresholds.cancelOpen) return 'CANCEL_OPEN';
  if (mmr < thresholds.marginCall) return 'MARGIN_CALL';
  return 'NORMAL';
}

/** One position of an account, seen from the liquidation-price solver. */
export interface LiquidationInputs {
  /** Collateral value + uPnL of the whole account at the current marks. */
  validMargin: Amount;
  /** Maintenance margin of everything else in the account (other positions, debts). */
  otherMaintenance: Amount;
  /** Signed base-coin size of the position (+ long). */
  baseQty: Qty;
  /** Its size in the instrument's unit (tables that tier by size). */
  exposureSize: Exposure['size'];
  mark: Price;
  table: RiskTierTable;
  /** The uniMMR at which the account is liquidated (L8: 1.05). */
  threshold: Rate;
}

/**
 * The mark at which the account's uniMMR reaches `threshold` when only this position's mark moves
 * (L9): solves validMargin + q·(P − mark) = threshold · (otherMM + |q|·P·mmr − cum) in the tier where
 * the solution lands. Null when no positive price does it (e.g. a long covered by its collateral).
 */
export function liquidationPrice(inputs: LiquidationInputs): Price | null {
  const { baseQty: q, table } = inputs;
  if (q === 0n) return null;
  const candidates = table.measure === 'size' ? [tierOf(table, { notional: ZERO, size: inputs.exposureSize })] : table.tiers;
  for (const tier of candidates) {
    const price = solveInTier(inputs, tier.mmRate, tier.cum);
    if (price === null) continue;
    if (table.measure === 'size') return price;
    const notional = mul(price, abs(q), 'down');
    if (notional > tier.floor && notional <= tier.cap) return price;
    if (tier === table.tiers[table.tiers.length - 1] && notional > tier.cap) return price;
  }
  return null;
}

/** The linear solve of one tier: P = (k·(otherMM − cum) − validMargin + q·mark) / (q − k·|q|·mmr). */
function solveInTier(inputs: LiquidationInputs, mmRate: Rate, cum: Amount): Price | null {
  const { baseQty: q, mark, threshold } = inputs;
  const numerator = add(sub(mul(sub(inputs.otherMaintenance, cum), threshold, 'halfUp'), inputs.validMargin), mul(mark, q, 'halfUp'));
  const denominator = sub(q, mul(mul(abs(q), threshold, 'halfUp'), mmRate, 'halfUp'));
  if (denominator === 0n) return null;
  const price = div(numerator, denominator, 'halfUp');
  return price > 0n ? price : null;
}
