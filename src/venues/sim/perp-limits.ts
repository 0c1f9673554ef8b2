/**
 * A perp's exchange limits, and the adjustments an operator may make to them as an exchange does
 * (decisions A2: how 401112 and 401092 are reached on demand): a lower maximum leverage, which caps
 * every tier of the sym's table, and the venue's open-interest limit.
 */
import type { Instrument } from '../../domain/instrument.ts';
import { mul, parseFixed, roundToStep, type Size } from '../../domain/money.ts';
import type { RiskTierTable } from '../../domain/perp/tiers.ts';
import { openInterestLevel } from './market/index.ts';

export interface PerpLimits {
  /** The sym's highest leverage now (below its tier table's). */
  maxLeverage?: number;
  /** The venue's open-interest limit, in the venue's quantity unit. */
  openInterestLimit?: Size;
}

/** Without an adjustment, the open-interest limit stands 30 % above the level the venue's open interest moves around (it strays at most 25 %). */
const OPEN_INTEREST_HEADROOM = parseFixed<'rate'>('1.3')!;

/** The table with every tier's leverage capped by an adjusted maximum. */
export function limitedTiers(table: RiskTierTable, limits: PerpLimits | undefined): RiskTierTable {
  const cap = limits?.maxLeverage;
  if (cap === undefined) return table;
  return { ...table, tiers: table.tiers.map((tier) => (tier.maxLeverage > cap ? { ...tier, maxLeverage: cap } : tier)) };
}

export function openInterestLimit(instrument: Instrument, limits: PerpLimits | undefined): Size {
  return limits?.openInterestLimit ?? roundToStep(mul(openInterestLevel(instrument), OPEN_INTEREST_HEADROOM, 'down'), instrument.lotSize, 'down');
}
