/**
 * Risk reference data (connex-api.md §4.8, decisions L1, L2): a perp's risk tiers as position brackets,
 * and the collateral discount of each coin. Numbers are decimal strings.
 */
import { Type, type Static } from '@sinclair/typebox';
import { baseQty, type Instrument } from '../domain/instrument.ts';
import { formatFixed, mul, type Price, type Rate, type Size } from '../domain/money.ts';
import type { RiskTier, RiskTierTable } from '../domain/perp/index.ts';
import { Decimal, Strict } from './schema.ts';

export const BracketRowSchema = Strict(
  {
    sym: Type.String({ examples: ['BINANCE_PERP_BTC_USDT'] }),
    minNotionalValue: Decimal({ description: 'The tier’s floor (exclusive), quote coin.', examples: ['0'] }),
    maxNotionalValue: Decimal({ description: 'The tier’s cap (inclusive), quote coin.', examples: ['300000'] }),
    maxLeverage: Type.String({ pattern: '^[1-9][0-9]*$', examples: ['150'] }),
    mmRate: Decimal({ description: 'Maintenance-margin rate.', examples: ['0.004'] }),
    riskLevel: Type.String({ pattern: '^[1-9][0-9]*$', description: '1 for the smallest positions.', examples: ['1'] }),
  },
  { title: 'Position bracket' },
);

export const BracketsBySymSchema = Type.Record(Type.String(), Type.Array(BracketRowSchema), {
  title: 'Position brackets by sym',
  description:
    'Each PERP sym’s tiers, smallest first. BINANCE tiers positions by notional: the bounds are the venue’s. OKX tiers them by size in contracts: ' +
    'the bounds shown are those sizes × contractSize × the mark price now, so they move with the mark.',
});

/** A tier bound as notional: BINANCE's as is, OKX's contracts at the mark. */
function notionalBound(table: RiskTierTable, bound: RiskTier['floor'], instrument: Instrument, mark: Price): string {
  return formatFixed(table.measure === 'notional' ? bound : mul(mark, baseQty(instrument, bound as Size), 'down'));
}

export function bracketRows(instrument: Instrument, table: RiskTierTable, mark: Price): Static<typeof BracketRowSchema>[] {
  return table.tiers.map((tier) => ({
    sym: instrument.sym,
    minNotionalValue: notionalBound(table, tier.floor, instrument, mark),
    maxNotionalValue: notionalBound(table, tier.cap, instrument, mark),
    maxLeverage: String(tier.maxLeverage),
    mmRate: formatFixed(tier.mmRate),
    riskLevel: String(tier.riskLevel),
  }));
}

export const DiscountRowSchema = Strict(
  {
    coin: Type.String({ examples: ['BTC'] }),
    discount: Decimal({ description: 'The share of the coin’s USD value that counts as collateral.', examples: ['0.95'] }),
  },
  { title: 'Collateral discount' },
);

export function discountRow(coin: string, discount: Rate): Static<typeof DiscountRowSchema> {
  return { coin, discount: formatFixed(discount) };
}
