/** Order entry and live order queries (connex-api.md §4.1): place, replace, cancel, cancel all, detail, open orders. */
import { ApiError } from '../../catalogue/index.ts';
import { HISTORY_UNAVAILABLE } from '../../store/history/queries/history-store.ts';
import { page } from '../../wire/field-spec.ts';
import { paged } from '../../wire/fields.ts';
import { matchesFilter, orderFilterFields, orderFilterOf } from '../../wire/order-queries.ts';
import {
  ACTING_CODES,
  CANCEL_ALL_CODES,
  CANCEL_ALL_FIELDS,
  CANCEL_ORDER_CODES,
  CancelAllAnswerSchema,
  cancelAllAnswer,
  CancelAnswerSchema,
  cancelAnswer,
  ORDER_REF_FIELDS,
  PLACE_ORDER_CODES,
  PLACE_ORDER_FIELDS,
  PlaceAnswerSchema,
  parseCancelAll,
  parseOrderRef,
  parsePlaceOrder,
  parseReplaceOrder,
  submitPlace,
  placeAnswer,
  REPLACE_ORDER_CODES,
  REPLACE_ORDER_FIELDS,
  ReplaceAnswerSchema,
  replaceAnswer,
} from '../../wire/order-requests.ts';
import type { Router } from '../router.ts';
import { OrderViewSchema, orderView } from '../../views/order.ts';
import { Paged } from '../../views/schema.ts';

export function orderRoutes(router: Router): void {
  const routes = router.group('Orders', 'Order entry and live order queries (connex-api.md §4.1); the same requests as the WebSocket order actions.');

  routes.add({
    method: 'POST',
    url: '/api/v1/trading/order',
    summary: 'Place an order',
    description:
      'Answered once validated and journaled (decisions E2): the order’s state follows in the queries and the WebSocket `Orders` pushes; ' +
      'with `syncMode` true, after the venue’s verdict, a refusal coming back as its code. Read after the fields: orderQty or quoteOrderQty, ' +
      'and limitPrice for LIMIT, are required (400009); quoteOrderQty above 0 (401021).',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'orderWrite',
    fields: PLACE_ORDER_FIELDS,
    response: PlaceAnswerSchema,
    codes: PLACE_ORDER_CODES,
    async handle({ values, caller, gateway }) {
      const request = parsePlaceOrder(values, caller);
      return placeAnswer(await submitPlace(gateway.submit, request), request.syncMode);
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/trading/order',
    summary: 'Replace an order’s price and/or quantity',
    description: 'The order keeps its orderId (decisions E6). replaceQty is the new total quantity; at least one of replaceQty and replacePrice, each above 0 (401074).',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'orderWrite',
    fields: REPLACE_ORDER_FIELDS,
    response: ReplaceAnswerSchema,
    codes: REPLACE_ORDER_CODES,
    async handle({ values, caller, gateway }) {
      const { command, syncMode } = parseReplaceOrder(values, caller);
      return replaceAnswer(await gateway.submit('replaceOrder', command), syncMode);
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/trading/order',
    summary: 'Cancel an order',
    description: 'Accepted: the order shows `action` CANCEL_PENDING until the venue confirms at its next market tick, then CANCELLED.',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'orderWrite',
    fields: ORDER_REF_FIELDS,
    response: CancelAnswerSchema,
    codes: CANCEL_ORDER_CODES,
    async handle({ values, caller, gateway }) {
      return cancelAnswer(await gateway.submit('cancelOrder', parseOrderRef(values, caller)));
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/trading/cancelAll',
    summary: 'Cancel all open orders (of a venue, of a sym)',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'cancelAll',
    fields: CANCEL_ALL_FIELDS,
    response: CancelAllAnswerSchema,
    codes: CANCEL_ALL_CODES,
    async handle({ values, caller, gateway }) {
      const { orders } = await gateway.submit('cancelAll', parseCancelAll(values, caller));
      return cancelAllAnswer(orders);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/order',
    summary: 'One order, in any state',
    description: 'An open order from engine memory; a finished one from the history store (read-your-writes).',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'orderRead',
    acting: true,
    fields: ORDER_REF_FIELDS,
    response: OrderViewSchema,
    codes: [...ACTING_CODES, HISTORY_UNAVAILABLE, 401018],
    async handle(call) {
      const { values, gateway } = call;
      const portfolio = call.portfolio();
      // Finished orders past the engine's retention are answered from the history store.
      const order = gateway.reads.openOrder(portfolio, values.order) ?? (await gateway.history.order(portfolio.portfolioId, values.order));
      if (!order) throw new ApiError(401018);
      return orderView(order, portfolio, gateway.reads.instrument(order.sym), gateway.reads.orderTpsl(portfolio.portfolioId, order.orderId));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/orders',
    summary: 'Open orders, newest first',
    description: 'From engine memory.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'openOrders',
    acting: true,
    fields: { ...orderFilterFields((now) => ({ defaultSpanMs: now, maxAgeMs: now })), page: page(1000, 1000) },
    response: Paged(OrderViewSchema),
    codes: [400003],
    handle(call) {
      const { values, gateway } = call;
      const filter = orderFilterOf(values);
      const portfolio = call.portfolio();
      const open = gateway.reads
        .openOrders(portfolio.portfolioId)
        .filter((order) => matchesFilter(filter, order))
        .reverse();
      return paged(open, values.page, (order) => orderView(order, portfolio, gateway.reads.instrument(order.sym), gateway.reads.orderTpsl(portfolio.portfolioId, order.orderId)));
    },
  });
}
