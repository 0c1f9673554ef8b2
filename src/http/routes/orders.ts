/** Order entry and live order queries (connex-api.md §4.1): place, replace, cancel, cancel all, detail, open orders. */
import { ApiError } from '../../catalogue/index.ts';
import { paged } from '../../wire/fields.ts';
import { matchesFilter, parseOrderFilter } from '../../wire/order-queries.ts';
import {
  cancelAllAnswer,
  cancelAnswer,
  CANCEL_ALL_FIELDS,
  ORDER_REF_FIELDS,
  parseCancelAll,
  parseOrderRef,
  parsePlaceOrder,
  parseReplaceOrder,
  PLACE_ORDER_FIELDS,
  placeAnswer,
  REPLACE_ORDER_FIELDS,
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
      const { command, syncMode } = parsePlaceOrder(fields.read(PLACE_ORDER_FIELDS), caller);
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
      const { command, syncMode } = parseReplaceOrder(fields.read(REPLACE_ORDER_FIELDS), caller);
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
      return cancelAnswer(await gateway.submit('cancelOrder', parseOrderRef(fields.read(ORDER_REF_FIELDS), caller)));
    },
  });

  router.add({
    method: 'DELETE',
    url: '/api/v1/trading/cancelAll',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'cancelAll',
    async handle({ fields, caller, gateway }) {
      const { orders } = await gateway.submit('cancelAll', parseCancelAll(fields.read(CANCEL_ALL_FIELDS), caller));
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
      const ref = parseOrderRef(fields.read(ORDER_REF_FIELDS), caller);
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
