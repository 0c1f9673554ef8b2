/**
 * Finished orders and fills from the history store (connex-api.md §4.1–4.2, decisions E5): the last
 * 7 days under history/ and executions, 7 to 90 days ago under archive/.
 */
import { Type } from '@sinclair/typebox';
import { ARCHIVE_DAYS, daysMs, HISTORY_UNAVAILABLE, RECENT_DAYS, type HistoryWindow, type TradeFilter } from '../../store/history/queries/history-store.ts';
import { check, flag, integer, page, text, type Values } from '../../wire/field-spec.ts';
import { pagedResult } from '../../wire/fields.ts';
import { ACTING_CODES } from '../../wire/order-requests.ts';
import { orderFilterFields, orderFilterOf } from '../../wire/order-queries.ts';
import type { Call, Router } from '../router.ts';
import { ExecutionViewSchema, executionView, OrderViewSchema, orderView } from '../../views/order.ts';
import { Paged } from '../../views/schema.ts';

const EXECUTIONS_MAX = 1000;
const ORDER_ID = /^\d{16}$/;

/** The filters of a history query, then the portfolio it reads (resolved at this place of the order); the window bounds how far back begin may reach. */
export function historyFields(window: HistoryWindow) {
  const maxAgeMs = daysMs(window === 'recent' ? RECENT_DAYS : ARCHIVE_DAYS);
  return {
    ...orderFilterFields(() => ({ defaultSpanMs: maxAgeMs, maxAgeMs })),
    portfolio: check(ACTING_CODES, 'the portfolio acted on is resolved', (_values, call: Call) => call.portfolio()),
  };
}

export function tradeFilter(call: Call<Values<ReturnType<typeof historyFields>>>, window: HistoryWindow): TradeFilter {
  const { sym, venue, business, begin, end } = orderFilterOf(call.values);
  return { portfolioId: call.values.portfolio.portfolioId, window, now: call.now(), sym, exchange: venue, businessType: business, begin, end };
}

const ORDER_ID_FILTER = text({ pattern: ORDER_ID, invalid: 401007, description: 'Only the fills of this order.' });

export function historyRoutes(router: Router): void {
  const routes = router.group('History', 'Finished orders and fills from the history store (connex-api.md §4.1–4.2, decisions E5).');

  for (const [url, window, summary] of [
    ['/api/v1/trading/history/orders', 'recent', 'Finished orders of the last 7 days'],
    ['/api/v1/trading/archive/history/orders', 'archive', 'Finished orders of 7 to 90 days ago'],
  ] as const) {
    routes.add({
      method: 'GET',
      url,
      summary,
      permission: 'READ',
      scope: 'any',
      rateGroup: 'orderHistory',
      acting: true,
      fields: { ...historyFields(window), filterExecuted: flag({ description: 'Only orders with fills.' }), page: page(100, 1000) },
      response: Paged(OrderViewSchema),
      codes: [HISTORY_UNAVAILABLE, 400003],
      async handle(call) {
        const { values, gateway } = call;
        const { totalSize, list } = await gateway.history.orders({ ...tradeFilter(call, window), filterExecuted: values.filterExecuted }, values.page);
        return pagedResult(values.page, totalSize, list, (order) => orderView(order, values.portfolio, gateway.reads.instrument(order.sym)));
      },
    });
  }

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/executions',
    summary: 'Fills of the last 7 days, newest first',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'executions',
    acting: true,
    fields: {
      orderId: ORDER_ID_FILTER,
      ...historyFields('recent'),
      limit: integer({ invalid: 400007, min: 1, max: EXECUTIONS_MAX, description: `At most this many (default ${EXECUTIONS_MAX}).` }),
    },
    response: Type.Array(ExecutionViewSchema),
    codes: [HISTORY_UNAVAILABLE],
    async handle(call) {
      const { orderId, limit = EXECUTIONS_MAX } = call.values;
      return (await call.gateway.history.executions({ ...tradeFilter(call, 'recent'), orderId }, limit)).map(executionView);
    },
  });

  for (const [url, window, summary] of [
    ['/api/v1/trading/executions/pageable', 'recent', 'Fills of the last 7 days, by page'],
    ['/api/v1/trading/archive/executions/pageable', 'archive', 'Fills of 7 to 90 days ago, by page'],
  ] as const) {
    routes.add({
      method: 'GET',
      url,
      summary,
      permission: 'READ',
      scope: 'any',
      rateGroup: 'executions',
      acting: true,
      fields: { orderId: ORDER_ID_FILTER, ...historyFields(window), page: page(1000, 1000) },
      response: Paged(ExecutionViewSchema),
      codes: [HISTORY_UNAVAILABLE, 400003],
      async handle(call) {
        const { orderId, page } = call.values;
        const { totalSize, list } = await call.gateway.history.executionsPage({ ...tradeFilter(call, window), orderId }, page);
        return pagedResult(page, totalSize, list, executionView);
      },
    });
  }
}
