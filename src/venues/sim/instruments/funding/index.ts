/** The perps' funding terms (decisions L7): each venue's newest dated funding file, by sym. */
import { BINANCE_FUNDING } from './binance-2026-12-01.ts';
import { OKX_FUNDING } from './okx-2026-12-01.ts';
import type { FundingTerms } from './table.ts';

export type { FundingTerms } from './table.ts';

const BY_SYM: ReadonlyMap<string, FundingTerms> = new Map([...BINANCE_FUNDING, ...OKX_FUNDING].map((terms) => [terms.sym, terms]));

/** A PERP sym's funding terms, or undefined for a sym that has none. */
export function fundingTermsOf(sym: string): FundingTerms | undefined {
  return BY_SYM.get(sym);
}
