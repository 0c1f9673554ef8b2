/**
 * Traded volume (connex-api.md §4.7 tradingStats): the notional of a portfolio's fills per venue and business
 * type over a span of Unix seconds, from the history store's executions.
 */
import { ApiError } from '../../catalogue/index.ts';
import { unitQty } from '../../domain/instrument.ts';
import { BUSINESS_TYPES, VENUES } from '../../domain/market.ts';
import { fromInt, mulDiv } from '../../domain/money.ts';
import type { EngineReads } from '../../engine/reads.ts';
import { HISTORY_UNAVAILABLE, type SymTraded } from '../../store/history/queries/history-store.ts';
import { TradingStatsSchema, tradingStatsView, type Turnover } from '../../views/trading-stats.ts';
import { check, integer, oneOf } from '../../wire/field-spec.ts';
import { ACTING_CODES } from '../../wire/order-requests.ts';
import type { Router } from '../router.ts';

const SECOND_MS = 1000;
const ONE_COIN = fromInt<'qty'>(1);

/** Σ price × quantity of a sym's fills in quote coin: quantities of contracts count contractSize coin each. */
function turnover(reads: EngineReads, traded: SymTraded): Turnover {
  return { venue: traded.venue, business: traded.business, amount: mulDiv(traded.priceTimesQuantity, unitQty(reads.instrument(traded.sym)), ONE_COIN, 'down') };
}

export function tradingStatsRoutes(router: Router): void {
  const routes = router.group('Statistics', 'Traded volume, from the history store (connex-api.md §4.7).');

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/user/tradingStats',
    summary: 'Traded volume per venue and business type',
    description: 'The quote-coin notional of the portfolio’s fills from the start of second `begin` to the end of second `end` (venue time).',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'tradingStats',
    acting: true,
    fields: {
      exchange: oneOf(VENUES, { invalid: 401023, description: 'Only this venue.' }),
      businessType: oneOf(BUSINESS_TYPES, { invalid: 401069, description: 'Only this business type.' }),
      begin: integer({ missing: 400009, invalid: 401039, min: 0, description: 'Unix seconds.', example: '1732406400' }),
      end: integer({ missing: 400009, invalid: 401040, min: 0, description: 'Unix seconds.', example: '1733011200' }),
      span: check([400004], 'begin is not after end', ({ begin, end }: { begin: number; end: number }) => {
        if (begin > end) throw new ApiError(400004);
      }),
    },
    response: TradingStatsSchema,
    codes: [...ACTING_CODES, HISTORY_UNAVAILABLE],
    async handle(call) {
      const { exchange, businessType, begin, end } = call.values;
      const portfolioId = call.portfolio().portfolioId;
      const traded = await call.gateway.history.traded({ portfolioId, exchange, businessType, begin: begin * SECOND_MS, end: (end + 1) * SECOND_MS - 1 });
      const kinds = VENUES.filter((venue) => exchange === undefined || venue === exchange).flatMap((venue) =>
        BUSINESS_TYPES.filter((business) => businessType === undefined || business === businessType).map((business) => ({ venue, business })),
      );
      return tradingStatsView(begin, end, kinds, traded.map((row) => turnover(call.gateway.reads, row)));
    },
  });
}
