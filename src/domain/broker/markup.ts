/**
 * Broker fee mark-ups (connex-api.md §4.9, decisions J1): what a broker's sub-portfolio pays on top of the
 * venue's fee rate, per maker and taker side. ABSOLUTE adds basis points of the notional, PERCENTAGE adds a
 * percentage of the venue's own rate.
 */
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import type { BusinessType } from '../market.ts';
import { add, fromInt, isMultipleOf, mul, parseFixed, scale, type Fixed, type Rate } from '../money.ts';

export const CHG_TYPES = ['ABSOLUTE', 'PERCENTAGE'] as const;
export type ChgType = (typeof CHG_TYPES)[number];

/** The business types a mark-up is set for; MARGIN trades the spot books and pays the SPOT mark-up. */
export const FEE_INST_TYPES = ['SPOT', 'PERP'] as const;
export type FeeInstType = (typeof FEE_INST_TYPES)[number];

export function feeInstTypeOf(business: BusinessType): FeeInstType {
  return business === 'PERP' ? 'PERP' : 'SPOT';
}

/** One side of a mark-up: basis points (ABSOLUTE) or percent of the venue rate (PERCENTAGE). */
export interface Markup {
  chgType: ChgType;
  value: Fixed<'rate'>;
}

interface MarkupRule {
  max: Rate;
  step: Rate;
  codes: { invalid: CatalogueCode; range: CatalogueCode; precision: CatalogueCode };
  /** The rate the value adds to a venue rate. */
  added(venueRate: Rate, value: Rate): Rate;
}

const BASIS_POINTS = 10_000n;

const RULES: Record<ChgType, MarkupRule> = {
  ABSOLUTE: {
    max: fromInt(1000),
    step: parseFixed<'rate'>('0.01')!,
    codes: { invalid: 406005, range: 406003, precision: 406004 },
    added: (_venueRate, bps) => scale(bps, 1n, BASIS_POINTS, 'down'),
  },
  PERCENTAGE: {
    max: fromInt(10_000),
    step: fromInt(1),
    codes: { invalid: 406008, range: 406006, precision: 406007 },
    added: (venueRate, percent) => scale(mul(venueRate, percent), 1n, 100n, 'down'),
  },
};

/** A mark-up as the wire writes it (a decimal text); its type's codes for a text that is no number, out of range or too precise. */
export function parseMarkup(chgType: ChgType, text: string): Markup {
  const rule = RULES[chgType];
  const value = parseFixed<'rate'>(text);
  if (value === null) throw new ApiError(rule.codes.invalid);
  if (value < 0n || value > rule.max) throw new ApiError(rule.codes.range);
  if (!isMultipleOf(value, rule.step)) throw new ApiError(rule.codes.precision);
  return { chgType, value };
}

/** The venue's rate with the mark-up on top (none: the venue's rate). */
export function markedUp(venueRate: Rate, markup: Markup | null): Rate {
  return markup === null ? venueRate : add(venueRate, RULES[markup.chgType].added(venueRate, markup.value));
}
