/**
 * The unified margin account's arithmetic (decisions L1–L4, L9): initial margin, the uniMMR ratio and
 * the account status it implies, and the liquidation price of one sym's positions with everything else fixed.
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

/** One position of the sym whose mark moves, seen from the liquidation-price solver. */
export interface LiquidationLeg {
  /** Signed base-coin size of the position (+ long). */
  baseQty: Qty;
  /** Its size in the instrument's unit (tables that tier by size). */
  exposureSize: Exposure['size'];
}

/** The positions of one sym of an account, seen from the liquidation-price solver. */
export interface LiquidationInputs {
  /** Collateral value + uPnL of the whole account at the current marks. */
  validMargin: Amount;
  /** Maintenance margin of everything else in the account (other syms' positions, debts). */
  otherMaintenance: Amount;
  /** The sym's positions: one in NET mode; in BOTH mode its LONG and its SHORT, which share the mark. */
  legs: readonly LiquidationLeg[];
  mark: Price;
  table: RiskTierTable;
  /** The uniMMR at which the account is liquidated (L8: 1.05). */
  threshold: Rate;
}

/** The risk tier a leg is solved in. */
type LegTier = RiskTierTable['tiers'][number];

/**
 * The mark at which the account's uniMMR reaches `threshold` when only this sym's mark moves (L9):
 * solves validMargin + Q·(P − mark) = threshold · (otherMM + Σ (|qᵢ|·P·mmrᵢ − cumᵢ)), Q = Σ qᵢ, with each
 * leg in the tier where the solution lands (research-perps.md §1.2: the legs of one sym share one LP),
 * the solution nearest the mark. Null when no positive price does it (e.g. a long covered by its collateral).
 */
export function liquidationPrice(inputs: LiquidationInputs): Price | null {
  const legs = inputs.legs.filter((leg) => leg.baseQty !== 0n);
  if (legs.length === 0) return null;
  let nearest: Price | null = null;
  for (const tiers of tierChoices(inputs.table, legs)) {
    const price = solveInTiers(inputs, legs, tiers);
    if (price === null || !legs.every((leg, i) => landsIn(inputs.table, tiers[i], mul(price, abs(leg.baseQty), 'down')))) continue;
    // Hedged legs can be liquidated by a fall and by a rise (higher tiers' rates): the mark meets the nearer first.
    if (nearest === null || abs(sub(price, inputs.mark)) < abs(sub(nearest, inputs.mark))) nearest = price;
  }
  return nearest;
}

/** Every combination of the legs' tiers, lowest first: a size-tiered table fixes each leg's tier by its size. */
function tierChoices(table: RiskTierTable, legs: readonly LiquidationLeg[]): LegTier[][] {
  let choices: LegTier[][] = [[]];
  for (const leg of legs) {
    const candidates = table.measure === 'size' ? [tierOf(table, { notional: ZERO, size: leg.exposureSize })] : table.tiers;
    choices = choices.flatMap((chosen) => candidates.map((tier) => [...chosen, tier]));
  }
  return choices;
}

/** Whether a leg of this notional at the solved price is in `tier` (the last tier takes every notional above it). */
function landsIn(table: RiskTierTable, tier: LegTier, notional: Amount): boolean {
  if (table.measure === 'size') return true;
  return notional > tier.floor && (notional <= tier.cap || tier === table.tiers[table.tiers.length - 1]);
}

/** The linear solve for chosen tiers: P = (k·(otherMM − Σcum) − validMargin + Q·mark) / (Q − k·Σ|qᵢ|·mmrᵢ). */
function solveInTiers(inputs: LiquidationInputs, legs: readonly LiquidationLeg[], tiers: readonly LegTier[]): Price | null {
  const { mark, threshold } = inputs;
  let netQty = ZERO as Qty;
  let cum = ZERO as Amount;
  let marginPerPrice = ZERO as Qty;
  legs.forEach((leg, i) => {
    netQty = add(netQty, leg.baseQty);
    cum = add(cum, tiers[i].cum);
    marginPerPrice = add(marginPerPrice, mul(mul(abs(leg.baseQty), threshold, 'halfUp'), tiers[i].mmRate, 'halfUp'));
  });
  const numerator = add(sub(mul(sub(inputs.otherMaintenance, cum), threshold, 'halfUp'), inputs.validMargin), mul(mark, netQty, 'halfUp'));
  const denominator = sub(netQty, marginPerPrice);
  if (denominator === 0n) return null;
  const price = div(numerator, denominator, 'halfUp');
  return price > 0n ? price : null;
}
