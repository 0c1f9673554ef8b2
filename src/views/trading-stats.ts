/** Traded volume of a portfolio (connex-api.md §4.7 tradingStats): quote-coin notional per venue and business type. */
import { Type, type Static } from '@sinclair/typebox';
import { BUSINESS_TYPES, VENUES, type BusinessType, type VenueName } from '../domain/market.ts';
import { formatFixed, sum, type Amount } from '../domain/money.ts';
import { Decimal, StringEnum, Strict } from './schema.ts';

const Seconds = (description: string) => Type.String({ pattern: '^[0-9]+$', examples: ['1732406400'], description });

export const TradingStatsSchema = Strict(
  {
    begin: Seconds('Unix seconds, as asked.'),
    end: Seconds('Unix seconds, as asked.'),
    allSpot: Decimal({ description: 'Σ executedAmount of the SPOT rows.' }),
    allPerp: Decimal({ description: 'Σ executedAmount of the PERP rows.' }),
    details: Type.Array(
      Strict({
        exchange: StringEnum(VENUES),
        businessType: StringEnum(BUSINESS_TYPES),
        executedAmount: Decimal({ description: 'Σ price × quantity in base coin of the fills (quote coin).' }),
      }),
      { description: 'One row per venue and business type asked for (all when not narrowed), in that order.' },
    ),
  },
  { title: 'Trading stats' },
);

export interface Turnover {
  venue: VenueName;
  business: BusinessType;
  amount: Amount;
}

/** `kinds`: the venue and business pairs asked for, a row each; `traded`: what the fills of each sym traded, within what was asked. */
export function tradingStatsView(begin: number, end: number, kinds: readonly Pick<Turnover, 'venue' | 'business'>[], traded: readonly Turnover[]): Static<typeof TradingStatsSchema> {
  const total = (match: (t: Turnover) => boolean) => formatFixed(sum(traded.filter(match).map((t) => t.amount)));
  return {
    begin: String(begin),
    end: String(end),
    allSpot: total((t) => t.business === 'SPOT'),
    allPerp: total((t) => t.business === 'PERP'),
    details: kinds.map(({ venue, business }) => ({ exchange: venue, businessType: business, executedAmount: total((t) => t.venue === venue && t.business === business) })),
  };
}
