/**
 * Order actions of `/v1/private` (connex-api.md §5.4), with the same declared fields, rules, codes and
 * answers as the REST order routes. An action is admitted in message order (rate limit, parsing,
 * submission); its answer follows when the engine has made it durable, so a client can pipeline orders.
 */
import type { TSchema } from '@sinclair/typebox';
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import type { Caller } from '../../auth/authenticate.ts';
import type { Gateway } from '../../http/gateway.ts';
import { hitRateLimit } from '../../limits/call-limit.ts';
import type { RateGroupName } from '../../limits/rate-table.ts';
import { Empty } from '../../views/schema.ts';
import type { FieldSpec, Values } from '../../wire/field-spec.ts';
import { Fields } from '../../wire/fields.ts';
import {
  CANCEL_ALL_CODES,
  CANCEL_ALL_FIELDS,
  CANCEL_ORDER_CODES,
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
import { acknowledgeSubscribe, type Action } from './private-stream.ts';

interface OrderAction<S extends FieldSpec> {
  summary: string;
  group: RateGroupName;
  fields: S;
  answer: TSchema;
  codes: readonly CatalogueCode[];
  perform: (values: Values<S>, caller: Caller, gateway: Gateway) => Promise<unknown>;
}

export function orderAction<S extends FieldSpec>(event: string, { summary, group, fields, answer, codes, perform }: OrderAction<S>): Action {
  return {
    summary,
    requirement: { permission: 'TRADE', scope: 'any' },
    fields,
    answer,
    codes: [100429, ...codes],
    async run({ id, args, caller, session, gateway }) {
      if (!(await hitRateLimit(gateway, group, caller))) throw new ApiError(100429);
      // A field refused is answered like a refused command: through the same promise.
      const answer = async () => perform(new Fields(args).read(fields), caller, gateway);
      answer().then(
        (data) => session.reply(id, event, data),
        (error: unknown) => session.fail(id, error),
      );
    },
  };
}

export const privateActions: Readonly<Record<string, Action>> = {
  subscribe: acknowledgeSubscribe,
  place_order: orderAction('place_order', {
    summary: 'Place an order, as POST /api/v1/trading/order.',
    group: 'wsPlace',
    fields: PLACE_ORDER_FIELDS,
    answer: PlaceAnswerSchema,
    codes: PLACE_ORDER_CODES,
    async perform(values, caller, gateway) {
      const request = parsePlaceOrder(values, caller);
      return placeAnswer(await submitPlace(gateway.submit, request), request.syncMode);
    },
  }),
  replace_order: orderAction('replace_order', {
    summary: 'Replace an order’s price and/or quantity, as PUT /api/v1/trading/order.',
    group: 'wsReplace',
    fields: REPLACE_ORDER_FIELDS,
    answer: ReplaceAnswerSchema,
    codes: REPLACE_ORDER_CODES,
    async perform(values, caller, gateway) {
      const { command, syncMode } = parseReplaceOrder(values, caller);
      return replaceAnswer(await gateway.submit('replaceOrder', command), syncMode);
    },
  }),
  cancel_order: orderAction('cancel_order', {
    summary: 'Cancel an order, as DELETE /api/v1/trading/order.',
    group: 'wsCancel',
    fields: ORDER_REF_FIELDS,
    answer: CancelAnswerSchema,
    codes: CANCEL_ORDER_CODES,
    perform: async (values, caller, gateway) => cancelAnswer(await gateway.submit('cancelOrder', parseOrderRef(values, caller))),
  }),
  // connex-api.md §5.4: the answer is {}; each cancelled order shows in the Orders pushes.
  cancel_orders: orderAction('cancel_orders', {
    summary: 'Cancel all open orders (of a venue, of a sym), as DELETE /api/v1/trading/cancelAll; the answer is {}.',
    group: 'wsCancelAll',
    fields: CANCEL_ALL_FIELDS,
    answer: Empty,
    codes: CANCEL_ALL_CODES,
    async perform(values, caller, gateway) {
      await gateway.submit('cancelAll', parseCancelAll(values, caller));
      return {};
    },
  }),
};
