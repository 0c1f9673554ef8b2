/**
 * Algo (TP/SL) orders (connex-api.md §4.10; decisions M1, M4): place, replace, cancel, cancel all,
 * detail, open ones from engine memory, finished ones and the children from the history store.
 */
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../catalogue/index.ts';
import type { AlgoOrder } from '../../domain/algo/index.ts';
import type { AlgoRefFields } from '../../engine/reads.ts';
import type { Order } from '../../domain/orders/index.ts';
import { HISTORY_UNAVAILABLE } from '../../store/history/queries/history-store.ts';
import { AlgoAnswerSchema, AlgoViewSchema, algoView, CancelAlgoAnswerSchema } from '../../views/algo.ts';
import { OrderViewSchema, orderView } from '../../views/order.ts';
import { Paged } from '../../views/schema.ts';
import {
  ALGO_REF_CODES,
  ALGO_QUERY_FIELDS,
  CANCEL_ALGO_CODES,
  CANCEL_ALGO_FIELDS,
  CANCEL_ALL_ALGOS_FIELDS,
  PLACE_ALGO_CODES,
  PLACE_ALGO_FIELDS,
  parseAlgoRef,
  parseCancelAllAlgos,
  parsePlaceAlgo,
  parsePlaceSubOrder,
  parseReplaceAlgo,
  PLACE_SUB_ORDER_CODES,
  PLACE_SUB_ORDER_FIELDS,
  REPLACE_ALGO_CODES,
  REPLACE_ALGO_FIELDS,
  SUB_ORDER_FIELDS,
} from '../../wire/algo-requests.ts';
import { oneOf, page } from '../../wire/field-spec.ts';
import { placeAnswer, PlaceAnswerSchema } from '../../wire/order-requests.ts';
import { paged, pagedResult } from '../../wire/fields.ts';
import { matchesFilter, orderFilterFields, orderFilterOf } from '../../wire/order-queries.ts';
import { ALGO_ORDER_TYPES } from '../../domain/algo/index.ts';
import type { Call, Router } from '../router.ts';
import { historyFields, tradeFilter } from './history.ts';

/** The portfolio's algo order, open (engine memory) or finished (history), else 401203. */
async function algoOf(call: Call, ref: AlgoRefFields): Promise<AlgoOrder> {
  const portfolioId = call.portfolio().portfolioId;
  const algo = call.gateway.reads.openAlgo(portfolioId, ref) ?? (await call.gateway.history.algoOrder(portfolioId, ref));
  if (!algo) throw new ApiError(401203);
  return algo;
}

/** The algo's children as they are now: open ones from engine memory, finished ones from history. */
async function childrenOf(call: Call, algo: AlgoOrder): Promise<{ open: Order[]; finished: Order[] }> {
  const portfolio = call.portfolio();
  const open: Order[] = [];
  const finished: Order[] = [];
  for (const orderId of algo.childOrderIds) {
    const live = call.gateway.reads.openOrder(portfolio, { orderId });
    if (live) open.push(live);
    else {
      const done = await call.gateway.history.order(portfolio.portfolioId, { orderId });
      if (done) finished.push(done);
    }
  }
  return { open: open.reverse(), finished: finished.reverse() };
}

export function algoRoutes(router: Router): void {
  const routes = router.group('Algo orders', 'TP/SL, TWAP and VWAP algo orders (connex-api.md §4.10; decisions M1–M4); the same requests as the `/v1/private-algo` actions.');
  const view = (call: Call) => (algo: AlgoOrder) => algoView(algo, call.gateway.reads.instrument(algo.sym));

  routes.add({
    method: 'POST',
    url: '/api/v1/algo/order',
    summary: 'Place a TPSL, TWAP or VWAP algo order',
    description:
      'TWAP / VWAP (decisions M3): orderQty of side on a SPOT or PERP sym sliced from startTime to endTime every interval ms (401211 / 401212 / 401213) by an active algoProvider ' +
      '(401200 / 401205); TWAP equal lot-rounded slices, VWAP weighted by the intraday volume curve, the remainder in the last; MARKET slices, or LIMIT at limitPrice; ' +
      'what is unfilled at endTime leaves it EXPIRED. TPSL: PERP syms only (401243). CONDITIONAL: one leg (tp, sl or conditional); OCO: a tp and an sl leg, the one that fires voids the other; ' +
      'ENTIRE_CLOSE_POSITION / PARTIAL_CLOSE_POSITION: close the position (all of it, or orderQty ≤ it: 401244) at market when a leg fires, ' +
      'one per position (401238). A trigger more than ±15 % from the mark is refused (401215 / 401218 / 401236), so is one the price has already reached ' +
      '(401246 / 401247, with the price now). At most 100 open algo orders per portfolio (401204). The child of a fired leg is an ordinary order ' +
      'carrying the algoOrderId: MARKET at price 0, else LIMIT GTC at the leg’s price.',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'algo',
    fields: PLACE_ALGO_FIELDS,
    response: AlgoAnswerSchema,
    codes: PLACE_ALGO_CODES,
    async handle({ values, caller, gateway }) {
      return gateway.submit('placeAlgoOrder', parsePlaceAlgo(values, caller));
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/algo/subOrder',
    summary: 'Place a sub order of a TWAP / VWAP (its provider working it by hand)',
    description:
      'An ordinary order carrying the algoOrderId of an open TWAP / VWAP (else 401221; PENDING_CANCEL 401223): clientOrderId required (401225) and new (401229), ' +
      'the algo’s sym (401226), side (401227) and reduceOnly (401228), sized by orderQty (quoteOrderQty → 401202) within what no child has taken yet (401224). ' +
      'Its fills count in the algo’s executedQty; the slices still to come take only what is left.',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'algo',
    fields: PLACE_SUB_ORDER_FIELDS,
    response: PlaceAnswerSchema,
    codes: PLACE_SUB_ORDER_CODES,
    async handle({ values, caller, gateway }) {
      return placeAnswer(await gateway.submit('placeAlgoSubOrder', parsePlaceSubOrder(values, caller)), false);
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/algo/order',
    summary: 'Replace an algo order’s size or legs',
    description:
      'A TPSL or attached TP/SL before a leg fired (NEW, else 401209): a leg field given replaces that part of the leg; the new terms meet the rules of a placement. ' +
      'A TWAP / VWAP takes a new orderQty only (a leg field → 401231) while it runs: not below its executedQty (401222) nor below what its children in flight may still execute (401230); the slices not sent yet share the rest.',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'algo',
    fields: REPLACE_ALGO_FIELDS,
    response: AlgoAnswerSchema,
    codes: REPLACE_ALGO_CODES,
    async handle({ values, caller, gateway }) {
      return gateway.submit('replaceAlgoOrder', parseReplaceAlgo(values, caller));
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/algo/order',
    summary: 'Cancel an algo order',
    description:
      'One not fired is CANCELLED at once; one whose child is in flight is PENDING_CANCEL until the child is cancelled (its reason says so). ' +
      'An ATTACHED_TPSL is also named by `orderId`, the order it belongs to.',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'algo',
    fields: CANCEL_ALGO_FIELDS,
    response: CancelAlgoAnswerSchema,
    codes: CANCEL_ALGO_CODES,
    async handle({ values, caller, gateway }) {
      return gateway.submit('cancelAlgoOrder', parseAlgoRef(values, caller));
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/algo/cancelAll',
    summary: 'Cancel every open algo order (matching the filters)',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'algoCancelAll',
    fields: CANCEL_ALL_ALGOS_FIELDS,
    response: Type.Array(AlgoAnswerSchema),
    codes: [],
    async handle({ values, caller, gateway }) {
      return gateway.submit('cancelAllAlgoOrders', parseCancelAllAlgos(values, caller));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/algo/order',
    summary: 'One algo order, in any state',
    description: 'An open algo from engine memory; a finished one from the history store.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'algo',
    acting: true,
    fields: ALGO_QUERY_FIELDS,
    response: AlgoViewSchema,
    codes: [...ALGO_REF_CODES, HISTORY_UNAVAILABLE],
    async handle(call) {
      return view(call)(await algoOf(call, call.values.ref));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/algo/openOrders',
    summary: 'Open algo orders, newest first',
    description: 'PENDING_NEW, NEW, PROCESSING and PENDING_CANCEL algo orders, from engine memory.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'algo',
    acting: true,
    fields: { ...orderFilterFields((now) => ({ defaultSpanMs: now, maxAgeMs: now })), page: page(100, 1000) },
    response: Paged(AlgoViewSchema),
    codes: [400003],
    handle(call) {
      const filter = orderFilterOf(call.values);
      const open = call.gateway.reads
        .openAlgos(call.portfolio().portfolioId)
        .filter((algo) => matchesFilter(filter, algo))
        .reverse();
      return paged(open, call.values.page, view(call));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/algo/history/orders',
    summary: 'Finished algo orders of the last 7 days, newest first',
    description: 'CANCELLED, COMPLETED, REJECTED, FAILED and EXPIRED algo orders, from the history store.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'algo',
    acting: true,
    fields: { ...historyFields('recent'), algoOrderType: oneOf(ALGO_ORDER_TYPES, { invalid: 401201 }), page: page(100, 1000) },
    response: Paged(AlgoViewSchema),
    codes: [HISTORY_UNAVAILABLE, 400003],
    async handle(call) {
      const { totalSize, list } = await call.gateway.history.algoOrders({ ...tradeFilter(call, 'recent'), algoOrderType: call.values.algoOrderType }, call.values.page);
      return pagedResult(call.values.page, totalSize, list, view(call));
    },
  });

  for (const [url, summary, which] of [
    ['/api/v1/algo/openSubOrders', 'The algo order’s open children (orders carrying its algoOrderId)', 'open'],
    ['/api/v1/algo/history/subOrders', 'The algo order’s finished children (orders carrying its algoOrderId)', 'finished'],
  ] as const) {
    routes.add({
      method: 'GET',
      url,
      summary,
      permission: 'READ',
      scope: 'any',
      rateGroup: 'algo',
      acting: true,
      fields: { ...SUB_ORDER_FIELDS, page: page(100, 1000) },
      response: Paged(OrderViewSchema),
      codes: [...ALGO_REF_CODES, HISTORY_UNAVAILABLE],
      async handle(call) {
        const algo = await algoOf(call, { algoOrderId: call.values.algoOrderId });
        const children = (await childrenOf(call, algo))[which];
        const portfolio = call.portfolio();
        return paged(children, call.values.page, (order) => orderView(order, portfolio, call.gateway.reads.instrument(order.sym)));
      },
    });
  }
}
