/**
 * How the dated risk-tier files are written: rows as each venue publishes them, turned into the
 * RiskTierTables of domain/perp/tiers.ts. BINANCE lists every bracket with its maintenance amount
 * (cum); OKX announces tiers 1–3 and a rule for the rest (research-perps.md §1.1, §2).
 */
import { add, parseFixed, ZERO, type Contracts, type Fixed, type Rate, type Unit } from '../../../../domain/money.ts';
import type { RiskTier, RiskTierTable } from '../../../../domain/perp/tiers.ts';

/** A BINANCE bracket: notional floor → cap in the quote coin, as `GET /fapi/v1/leverageBracket` lists it. */
export type BracketRow = readonly [floor: string, cap: string, maxLeverage: number, mmRate: string, cum: string];

/** An OKX tier as announced: its cap in contracts (the floor is the cap before it). */
export type OkxTierRow = readonly [cap: string, maxLeverage: number, mmRate: string];

/** OKX tiers: the announced ones, then tiers `step` contracts wider each, with MMR and IMR 0.5 % higher each, up to `count`. */
export interface OkxTiers {
  announced: readonly OkxTierRow[];
  step: string;
  count: number;
}

const OKX_RATE_STEP: Rate = decimal('0.005');

function decimal<U extends Unit>(text: string): Fixed<U> {
  const value = parseFixed<U>(text);
  if (value === null) throw new Error(`bad decimal in risk-tier data: ${text}`);
  return value;
}

export function bracketTable(sym: string, asOf: string, rows: readonly BracketRow[]): RiskTierTable {
  const tiers = rows.map(([floor, cap, maxLeverage, mmRate, cum], i): RiskTier => ({
    riskLevel: i + 1,
    floor: decimal<'amount'>(floor),
    cap: decimal<'amount'>(cap),
    maxLeverage,
    mmRate: decimal(mmRate),
    cum: decimal(cum),
  }));
  return { sym, measure: 'notional', asOf, tiers };
}

export function okxTable(sym: string, asOf: string, { announced, step, count }: OkxTiers): RiskTierTable {
  const tiers: RiskTier[] = [];
  let floor: Contracts = ZERO;
  let mmRate: Rate = ZERO;
  for (let n = 0; n < count; n++) {
    const row = announced[n];
    const cap: Contracts = row ? decimal(row[0]) : add(floor, decimal(step));
    mmRate = row ? decimal(row[2]) : add(mmRate, OKX_RATE_STEP);
    const maxLeverage = row ? row[1] : leverageAbove(announced[announced.length - 1][1], n + 1 - announced.length);
    tiers.push({ riskLevel: n + 1, floor, cap, maxLeverage, mmRate, cum: ZERO });
    floor = cap;
  }
  return { sym, measure: 'size', asOf, tiers };
}

/** Whole leverage at an IMR `steps` × 0.5 % above 1 / `leverage`: 1 / (1/L + s/200) = 200·L / (200 + s·L). */
function leverageAbove(leverage: number, steps: number): number {
  return Math.floor((200 * leverage) / (200 + steps * leverage));
}
