/**
 * Finished orders and fills from the history store (connex-api.md §4.1–4.2, decisions E5): the last
 * 7 days under history/ and executions, 7 to 90 days ago under archive/.
 */
import { ARCHIVE_DAYS, daysMs, RECENT_DAYS, type HistoryWindow, type TradeFilter } from '../../store/history/queries/history-store.ts';
import { pagedResult, type Fields } from '../../wire/fields.ts';
import { parseOrderFilter } from '../../wire/order-queries.ts';
import type { Call, Router } from '../router.ts';
import { executionView, orderView } from '../../views/order.ts';

const EXECUTIONS_MAX = 1000;
const ORDER_ID = /^\d{16}$/;

/** The portfolio and filters of a history query; the window bounds how far back begin may reach. */
function tradeFilter(call: Call, window: HistoryWindow): TradeFilter {
  const { fields, gateway } = call;
  const now = gateway.clock();
  const maxAgeMs = daysMs(window === 'recent' ? RECENT_DAYS : ARCHIVE_DAYS);
  const filter = parseOrderFilter(fields, { now, defaultSpanMs: maxAgeMs, maxAgeMs });
  return { portfolioId: call.portfolio().portfolioId, window, now, sym: filter.sym, exchange: filter.venue, businessType: filter.business, begin: filter.begin, end: filter.end };
}

function orderIdFilter(fields: Fields): string | undefined {
  return fields.text('orderId', { pattern: ORDER_ID, invalid: 401007 });
}

export function historyRoutes(router: Router): void {
  for (const [url, window] of [
    ['/api/v1/trading/history/orders', 'recent'],
    ['/api/v1/trading/archive/history/orders', 'archive'],
  ] as const) {
    router.add({
      method: 'GET',
      url,
      permission: 'READ',
      scope: 'any',
      rateGroup: 'orderHistory',
      acting: true,
      async handle(call) {
        const { fields, gateway } = call;
        const filter = tradeFilter(call, window);
        const filterExecuted = fields.flag('filterExecuted');
        const page = fields.page(100, 1000);
        fields.done();
        const { totalSize, list } = await gateway.history.orders({ ...filter, filterExecuted }, page);
        const portfolio = call.portfolio();
        return pagedResult(page, totalSize, list, (order) => orderView(order, portfolio, gateway.reads.instrument(order.sym)));
      },
    });
  }

  router.add({
    method: 'GET',
    url: '/api/v1/trading/executions',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'executions',
    acting: true,
    async handle(call) {
      const { fields, gateway } = call;
      const orderId = orderIdFilter(fields);
      const filter = tradeFilter(call, 'recent');
      const limit = fields.integer('limit', { invalid: 400007, min: 1, max: EXECUTIONS_MAX }) ?? EXECUTIONS_MAX;
      fields.done();
      return (await gateway.history.executions({ ...filter, orderId }, limit)).map(executionView);
    },
  });

  for (const [url, window] of [
    ['/api/v1/trading/executions/pageable', 'recent'],
    ['/api/v1/trading/archive/executions/pageable', 'archive'],
  ] as const) {
    router.add({
      method: 'GET',
      url,
      permission: 'READ',
      scope: 'any',
      rateGroup: 'executions',
      acting: true,
      async handle(call) {
        const { fields, gateway } = call;
        const orderId = orderIdFilter(fields);
        const filter = tradeFilter(call, window);
        const page = fields.page(1000, 1000);
        fields.done();
        const { totalSize, list } = await gateway.history.executionsPage({ ...filter, orderId }, page);
        return pagedResult(page, totalSize, list, executionView);
      },
    });
  }
}
