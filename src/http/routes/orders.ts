/** Order entry and live order queries (connex-api.md §4.1): place, replace, cancel, cancel all, detail, open orders. */
import { ApiError } from '../../catalogue/index.ts';
import { paged } from '../../wire/fields.ts';
import { matchesFilter, parseOrderFilter } from '../../wire/order-queries.ts';
import {
  cancelAllAnswer,
  cancelAnswer,
  parseCancelAll,
  parseCancelOrder,
  parseOrderRef,
  parsePlaceOrder,
  parseReplaceOrder,
  placeAnswer,
  replaceAnswer,
} from '../../wire/order-requests.ts';
import type { Router } from '../router.ts';
import { orderView } from '../../views/order.ts';

export function orderRoutes(router: Router): void {
  router.add({
    method: 'POST',
    url: '/api/v1/trading/order',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'orderWrite',
    async handle({ fields, caller, gateway }) {
      const { command, syncMode } = parsePlaceOrder(fields, caller);
      return placeAnswer(await gateway.submit('placeOrder', command), syncMode);
    },
  });

  router.add({
    method: 'PUT',
    url: '/api/v1/trading/order',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'orderWrite',
    async handle({ fields, caller, gateway }) {
      const { command, syncMode } = parseReplaceOrder(fields, caller);
      return replaceAnswer(await gateway.submit('replaceOrder', command), syncMode);
    },
  });

  router.add({
    method: 'DELETE',
    url: '/api/v1/trading/order',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'orderWrite',
    async handle({ fields, caller, gateway }) {
      return cancelAnswer(await gateway.submit('cancelOrder', parseCancelOrder(fields, caller)));
    },
  });

  router.add({
    method: 'DELETE',
    url: '/api/v1/trading/cancelAll',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'cancelAll',
    async handle({ fields, caller, gateway }) {
      const { orders } = await gateway.submit('cancelAll', parseCancelAll(fields, caller));
      return cancelAllAnswer(orders);
    },
  });

  router.add({
    method: 'GET',
    url: '/api/v1/trading/order',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'orderRead',
    async handle({ fields, caller, gateway }) {
      const ref = parseOrderRef(fields, caller);
      fields.done();
      const portfolio = gateway.reads.actingPortfolio(ref.actor);
      // Finished orders past the engine's retention are answered from the history store.
      const order = gateway.reads.openOrder(portfolio, ref) ?? (await gateway.history.order(portfolio.portfolioId, ref));
      if (!order) throw new ApiError(401018);
      return orderView(order, portfolio, gateway.reads.instrument(order.sym));
    },
  });

  router.add({
    method: 'GET',
    url: '/api/v1/trading/orders',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'openOrders',
    acting: true,
    handle(call) {
      const { fields, gateway } = call;
      const now = gateway.clock();
      const filter = parseOrderFilter(fields, { now, defaultSpanMs: now, maxAgeMs: now });
      const page = fields.page(1000, 1000);
      fields.done();
      const portfolio = call.portfolio();
      const open = gateway.reads
        .openOrders(portfolio.portfolioId)
        .filter((order) => matchesFilter(filter, order))
        .reverse();
      return paged(open, page, (order) => orderView(order, portfolio, gateway.reads.instrument(order.sym)));
    },
  });
}
