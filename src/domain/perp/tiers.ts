/**
 * Risk tiers of a perpetual (decisions L2, L4; research-perps.md §1.1, §2): the tier a position falls
 * in fixes its maintenance-margin rate and the most leverage it may carry. BINANCE tiers a position by
 * its notional and subtracts a maintenance amount (`cum`) so the margin curve is continuous; OKX tiers
 * it by its size in contracts, with no `cum`.
 */
import { mul, sub, ZERO, type Amount, type Rate, type Size } from '../money.ts';

/** What a venue tiers positions by: their notional at mark (quote coin) or their size (contracts). */
export type TierMeasure = 'notional' | 'size';

export interface RiskTier {
  /** 1 for the smallest positions (the wire's `riskLevel`). */
  riskLevel: number;
  /** Bounds of the tier, in the table's measure: (floor, cap]. */
  floor: Amount | Size;
  cap: Amount | Size;
  maxLeverage: number;
  /** Maintenance-margin rate. */
  mmRate: Rate;
  /** Maintenance amount subtracted from notional × mmRate; 0 on OKX. */
  cum: Amount;
}

/** One sym's tier table as of a date (the data files are dated: venues change them). */
export interface RiskTierTable {
  sym: string;
  measure: TierMeasure;
  /** YYYY-MM-DD the table was taken. */
  asOf: string;
  tiers: readonly RiskTier[];
}

/** A position's exposure in both measures: the table picks the one it tiers by. */
export interface Exposure {
  /** |qty| × contractSize × mark. */
  notional: Amount;
  /** |qty| in the instrument's unit. */
  size: Size;
}

function measured(table: RiskTierTable, exposure: Exposure): bigint {
  return table.measure === 'notional' ? exposure.notional : exposure.size;
}

/** The tier an exposure falls in; the last tier for anything beyond the table. */
export function tierOf(table: RiskTierTable, exposure: Exposure): RiskTier {
  const value = measured(table, exposure);
  return table.tiers.find((tier) => value <= tier.cap) ?? table.tiers[table.tiers.length - 1];
}

/** Maintenance margin of a position: notional × mmRate − cum of its tier (never below 0). */
export function maintenanceMargin(table: RiskTierTable, exposure: Exposure): Amount {
  if (exposure.size === 0n) return ZERO;
  const tier = tierOf(table, exposure);
  const margin = sub(mul(exposure.notional, tier.mmRate, 'up'), tier.cum);
  return margin > 0n ? margin : ZERO;
}

/** The sym's highest leverage: that of its first tier. */
export function maxLeverageOf(table: RiskTierTable): number {
  return table.tiers[0].maxLeverage;
}

/**
 * The largest exposure a position may reach at `leverage` (L4): the cap of the last tier whose
 * maxLeverage is still ≥ leverage, in the table's measure.
 */
export function exposureLimitAt(table: RiskTierTable, leverage: number): bigint {
  let limit: bigint = table.tiers[0].cap;
  for (const tier of table.tiers) if (tier.maxLeverage >= leverage) limit = tier.cap;
  return limit;
}

/** Whether an exposure stays within the limit that `leverage` allows. */
export function withinLimitAt(table: RiskTierTable, leverage: number, exposure: Exposure): boolean {
  return measured(table, exposure) <= exposureLimitAt(table, leverage);
}
