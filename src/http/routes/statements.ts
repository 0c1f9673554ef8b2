/**
 * Balance-change statement (connex-api.md §4.7), served from the history store: of the key's portfolio,
 * or of the one a primary key names by `portfolioId` (decisions D3).
 */
import { STATEMENT_TYPES } from '../../domain/accounts/index.ts';
import { ARCHIVE_DAYS, daysMs, RECENT_DAYS } from '../../store/history/queries/history-store.ts';
import { pagedResult } from '../../wire/fields.ts';
import { timeRange } from '../../wire/time-range.ts';
import type { Router } from '../router.ts';
import { statementRow } from '../../views/statement.ts';
import { VENUES } from '../../domain/market.ts';

export function statementRoutes(router: Router): void {
  router.add({
    method: 'GET',
    url: '/api/v1/trading/statement',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'statement',
    acting: true,
    async handle(call) {
      const { fields, gateway } = call;
      const coin = fields.text('coin', { maxLength: 32 });
      const sym = fields.text('sym', { maxLength: 64 });
      const statementType = fields.oneOf('statementType', STATEMENT_TYPES, { invalid: 401050 });
      const exchange = fields.oneOf('exchange', VENUES, { invalid: 401023 });
      const { start, end } = timeRange(fields, {
        startName: 'startTime',
        endName: 'endTime',
        now: gateway.clock(),
        defaultSpanMs: daysMs(RECENT_DAYS),
        maxAgeMs: daysMs(ARCHIVE_DAYS),
      });
      const page = fields.page(1000, 1000);
      fields.done();
      const portfolio = call.portfolio();
      const { totalSize, list } = await gateway.history.statements(
        {
          portfolioId: portfolio.portfolioId,
          coin,
          sym,
          statementTypes: statementType ? [statementType] : STATEMENT_TYPES,
          exchange,
          startTime: start,
          endTime: end,
        },
        page,
      );
      return pagedResult(page, totalSize, list, statementRow);
    },
  });
}
