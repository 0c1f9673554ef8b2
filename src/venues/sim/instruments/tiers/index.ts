/** The perps' risk tiers (decisions L2, L4): each venue's newest dated tier file, by sym. */
import type { RiskTierTable } from '../../../../domain/perp/tiers.ts';
import { BINANCE_TIERS } from './binance-2026-12-01.ts';
import { OKX_TIERS } from './okx-2026-12-01.ts';

const BY_SYM: ReadonlyMap<string, RiskTierTable> = new Map([...BINANCE_TIERS, ...OKX_TIERS].map((table) => [table.sym, table]));

/** A PERP sym's tier table, or undefined for a sym that has none. */
export function riskTiersOf(sym: string): RiskTierTable | undefined {
  return BY_SYM.get(sym);
}
