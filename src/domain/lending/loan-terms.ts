/**
 * What a venue lends on its MARGIN business (research-perps.md §3; connex-api.md §4.8): per coin an
 * hourly interest rate, the user's borrowing limit and the loan tiers. A debt is tiered by its size
 * in the coin: a tier's mmRate is the maintenance margin of the debt's value, and a margin leverage L
 * may borrow up to the largest tier whose maxLeverage ≥ L (as perp leverage caps a position, L4).
 */
import { ApiError } from '../../catalogue/index.ts';
import type { VenueName } from '../market.ts';
import { parseFixed, type Amount, type Fixed, type Rate } from '../money.ts';
import type { Instrument } from '../instrument.ts';
import { BINANCE_LOANS, BINANCE_MARGIN_LIQUIDATION_FEE } from './binance-2026-12-01.ts';
import { OKX_LOANS } from './okx-2026-12-01.ts';

export interface LoanTier {
  tier: number;
  minSize: Amount;
  maxSize: Amount;
  mmRate: Rate;
  maxLeverage: number;
}

export interface LoanTerms {
  coin: string;
  /** Simple interest per started hour of the principal (§3). */
  hourInterestRate: Rate;
  /** The most one portfolio may owe of the coin (401085). */
  loanLimit: Amount;
  tiers: readonly LoanTier[];
}

/** A data file's row: decimals as text. */
export interface LoanRow {
  coin: string;
  hourInterestRate: string;
  loanLimit: string;
  /** [maxSize, mmRate, maxLeverage] per tier, ascending; each tier starts where the previous ended. */
  tiers: readonly (readonly [string, string, number])[];
}

/** The data files' effective date (updateTime of the interest rows). */
export const LOAN_TERMS_DATE = Date.UTC(2026, 11, 1);

function fixed<U extends 'amount' | 'rate'>(text: string): Fixed<U> {
  const value = parseFixed<U>(text);
  if (value === null) throw new Error(`bad decimal in loan data: ${text}`);
  return value;
}

function terms(row: LoanRow): LoanTerms {
  let minSize = fixed<'amount'>('0');
  const tiers = row.tiers.map(([maxSize, mmRate, maxLeverage], i) => {
    const tier: LoanTier = { tier: i + 1, minSize, maxSize: fixed(maxSize), mmRate: fixed(mmRate), maxLeverage };
    minSize = tier.maxSize;
    return tier;
  });
  return { coin: row.coin, hourInterestRate: fixed(row.hourInterestRate), loanLimit: fixed(row.loanLimit), tiers };
}

const LOANS: Record<VenueName, ReadonlyMap<string, LoanTerms>> = {
  BINANCE: new Map(BINANCE_LOANS.map((row) => [row.coin, terms(row)])),
  OKX: new Map(OKX_LOANS.map((row) => [row.coin, terms(row)])),
};

/** Every coin the venue lends, in its data file's order. */
export function loanTermsOf(venue: VenueName): readonly LoanTerms[] {
  return [...LOANS[venue].values()];
}

/** The terms of a coin the venue lends; 401087 for one it does not. */
export function loanTerms(venue: VenueName, coin: string): LoanTerms {
  const found = LOANS[venue].get(coin);
  if (!found) throw new ApiError(401087);
  return found;
}

/** The highest margin leverage the coin's tiers allow (also the leverage of a coin no one set). */
export function maxMarginLeverage(terms: LoanTerms): number {
  return Math.max(...terms.tiers.map((t) => t.maxLeverage));
}

/** The most a margin leverage may owe of the coin: the largest tier whose maxLeverage ≥ leverage. */
export function tierCap(terms: LoanTerms, leverage: number): Amount {
  const allowed = terms.tiers.filter((t) => t.maxLeverage >= leverage);
  return allowed.length === 0 ? fixed('0') : allowed[allowed.length - 1]!.maxSize;
}

/** The tier a debt of `size` falls in (the last tier beyond its maxSize). */
export function loanTierOf(terms: LoanTerms, size: Amount): LoanTier {
  return terms.tiers.find((t) => size < t.maxSize) ?? terms.tiers[terms.tiers.length - 1]!;
}

/** Each venue's fee on what a liquidation of MARGIN debts trades: a rate, or the sym's taker rate (OKX, research-perps.md §2). */
const MARGIN_LIQUIDATION_FEES: Record<VenueName, Rate | 'TAKER'> = { BINANCE: fixed(BINANCE_MARGIN_LIQUIDATION_FEE), OKX: 'TAKER' };

/** The liquidation fee rate of a MARGIN sym: × the notional a liquidation order trades on it. */
export function marginLiquidationFeeRate(instrument: Instrument): Rate {
  const fee = MARGIN_LIQUIDATION_FEES[instrument.venue];
  return fee === 'TAKER' ? instrument.takerFeeRate : fee;
}
