/**
 * Balance-change statement (connex-api.md §4.7), served from the history store: of the key's portfolio,
 * or of the one a primary key names by `portfolioId` (decisions D3).
 */
import { STATEMENT_TYPES } from '../../domain/accounts/index.ts';
import { ARCHIVE_DAYS, daysMs, HISTORY_UNAVAILABLE, RECENT_DAYS } from '../../store/history/queries/history-store.ts';
import { oneOf, page, text } from '../../wire/field-spec.ts';
import { pagedResult } from '../../wire/fields.ts';
import { timeRangeFields } from '../../wire/time-range.ts';
import type { Router } from '../router.ts';
import { Paged } from '../../views/schema.ts';
import { StatementRowSchema, statementRow } from '../../views/statement.ts';
import { VENUES } from '../../domain/market.ts';
import { normalizeSym } from '../../domain/instrument.ts';

export function statementRoutes(router: Router): void {
  const routes = router.group('Statement', 'Balance changes, from the history store (connex-api.md §4.7).');

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/statement',
    summary: 'Balance changes of a portfolio',
    description: 'Deposits and transfers appear as TRANSFER; rows older than 90 days are not served. Trade fills and fees are served by the executions endpoints.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'statement',
    acting: true,
    fields: {
      coin: text({ maxLength: 32, description: 'Only this coin.', example: 'USDT' }),
      sym: text({ maxLength: 64, normalize: normalizeSym, description: 'Only this sym (the reference’s OKX_PEPR typo names the PERP market).' }),
      statementType: oneOf(STATEMENT_TYPES, { invalid: 401050 }),
      exchange: oneOf(VENUES, { invalid: 401023 }),
      ...timeRangeFields('startTime', 'endTime', () => ({ defaultSpanMs: daysMs(RECENT_DAYS), maxAgeMs: daysMs(ARCHIVE_DAYS) })),
      page: page(1000, 1000),
    },
    response: Paged(StatementRowSchema),
    codes: [HISTORY_UNAVAILABLE, 400003],
    async handle(call) {
      const { coin, sym, statementType, exchange, range, page } = call.values;
      const portfolio = call.portfolio();
      const { totalSize, list } = await call.gateway.history.statements(
        {
          portfolioId: portfolio.portfolioId,
          coin,
          sym,
          statementTypes: statementType ? [statementType] : STATEMENT_TYPES,
          exchange,
          startTime: range.start,
          endTime: range.end,
        },
        page,
      );
      return pagedResult(page, totalSize, list, statementRow);
    },
  });
}
