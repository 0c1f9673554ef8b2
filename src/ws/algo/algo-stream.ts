/**
 * Actions of `/v1/private-algo` (connex-api.md §5.5): place, replace and cancel algo orders with the
 * same declared fields, rules, codes and answers as the REST algo routes. Its pushes (ALGO_ORDER,
 * SUB_ORDER, SUB_TRADE) come from the PortfolioFeed.
 */
import { AlgoAnswerSchema, CancelAlgoAnswerSchema } from '../../views/algo.ts';
import {
  CANCEL_ALGO_CODES,
  CANCEL_ALGO_FIELDS,
  PLACE_ALGO_CODES,
  PLACE_ALGO_FIELDS,
  parseAlgoRef,
  parsePlaceAlgo,
  parseReplaceAlgo,
  REPLACE_ALGO_CODES,
  REPLACE_ALGO_FIELDS,
} from '../../wire/algo-requests.ts';
import { orderAction } from '../private/order-actions.ts';
import { acknowledgeSubscribe, type Action } from '../private/private-stream.ts';

export const algoActions: Readonly<Record<string, Action>> = {
  subscribe: acknowledgeSubscribe,
  place_algo_order: orderAction('place_algo_order', {
    summary: 'Place a TPSL algo order, as POST /api/v1/algo/order.',
    group: 'wsPlace',
    fields: PLACE_ALGO_FIELDS,
    answer: AlgoAnswerSchema,
    codes: PLACE_ALGO_CODES,
    perform: async (values, caller, gateway) => gateway.submit('placeAlgoOrder', parsePlaceAlgo(values, caller)),
  }),
  replace_algo_order: orderAction('replace_algo_order', {
    summary: 'Replace an algo order’s size or legs, as PUT /api/v1/algo/order.',
    group: 'wsReplace',
    fields: REPLACE_ALGO_FIELDS,
    answer: AlgoAnswerSchema,
    codes: REPLACE_ALGO_CODES,
    perform: async (values, caller, gateway) => gateway.submit('replaceAlgoOrder', parseReplaceAlgo(values, caller)),
  }),
  cancel_algo_order: orderAction('cancel_algo_order', {
    summary: 'Cancel an algo order, as DELETE /api/v1/algo/order.',
    group: 'wsCancel',
    fields: CANCEL_ALGO_FIELDS,
    answer: CancelAlgoAnswerSchema,
    codes: CANCEL_ALGO_CODES,
    perform: async (values, caller, gateway) => gateway.submit('cancelAlgoOrder', parseAlgoRef(values, caller)),
  }),
};
