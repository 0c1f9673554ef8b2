/**
 * How the dated funding files are written: per PERP sym its funding interval and the bounds of its
 * rate, as the venues publish them (BINANCE `GET /fapi/v1/fundingInfo`; OKX's funding-rate caps).
 */
import { parseFixed, type Rate } from '../../../../domain/money.ts';

/** A sym's row: hours between funding boundaries, then the highest and lowest rate of one interval. */
export type FundingRow = readonly [intervalHours: number, cap: string, floor: string];

export interface FundingTerms {
  sym: string;
  /** YYYY-MM-DD the terms were taken (venues change them). */
  asOf: string;
  /** Boundaries every this many hours from 00:00 UTC. */
  intervalHours: number;
  cap: Rate;
  floor: Rate;
}

function rate(text: string): Rate {
  const value = parseFixed<'rate'>(text);
  if (value === null) throw new Error(`bad decimal in funding data: ${text}`);
  return value;
}

export function fundingTermsTable(asOf: string, rows: Readonly<Record<string, FundingRow>>): FundingTerms[] {
  return Object.entries(rows).map(([sym, [intervalHours, cap, floor]]) => ({ sym, asOf, intervalHours, cap: rate(cap), floor: rate(floor) }));
}
