/**
 * Order actions of `/v1/private` (connex-api.md §5.4), with the same parsing, rules and codes as
 * the REST order routes. An action is admitted in message order (rate limit, parsing, submission);
 * its answer follows when the engine has made it durable, so a client can pipeline orders.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Caller } from '../../auth/authenticate.ts';
import type { Gateway } from '../../http/gateway.ts';
import { hitRateLimit } from '../../limits/call-limit.ts';
import type { RateGroupName } from '../../limits/rate-table.ts';
import { Fields } from '../../wire/fields.ts';
import { cancelAnswer, parseCancelAll, parseCancelOrder, parsePlaceOrder, parseReplaceOrder, placeAnswer, replaceAnswer } from '../../wire/order-requests.ts';
import { acknowledgeSubscribe, type Action } from './private-stream.ts';

type Perform = (fields: Fields, caller: Caller, gateway: Gateway) => Promise<unknown>;

function orderAction(event: string, group: RateGroupName, perform: Perform): Action {
  return {
    requirement: { permission: 'TRADE', scope: 'any' },
    async run({ id, args, caller, session, gateway }) {
      if (!(await hitRateLimit(gateway, group, caller))) throw new ApiError(100429);
      perform(new Fields(args), caller, gateway).then(
        (data) => session.reply(id, event, data),
        (error: unknown) => session.fail(id, error),
      );
    },
  };
}

export const privateActions: Readonly<Record<string, Action>> = {
  subscribe: acknowledgeSubscribe,
  place_order: orderAction('place_order', 'wsPlace', async (fields, caller, gateway) => {
    const { command, syncMode } = parsePlaceOrder(fields, caller);
    return placeAnswer(await gateway.submit('placeOrder', command), syncMode);
  }),
  replace_order: orderAction('replace_order', 'wsReplace', async (fields, caller, gateway) => {
    const { command, syncMode } = parseReplaceOrder(fields, caller);
    return replaceAnswer(await gateway.submit('replaceOrder', command), syncMode);
  }),
  cancel_order: orderAction('cancel_order', 'wsCancel', async (fields, caller, gateway) =>
    cancelAnswer(await gateway.submit('cancelOrder', parseCancelOrder(fields, caller))),
  ),
  // connex-api.md §5.4: the answer is {}; each cancelled order shows in the Orders pushes.
  cancel_orders: orderAction('cancel_orders', 'wsCancelAll', async (fields, caller, gateway) => {
    await gateway.submit('cancelAll', parseCancelAll(fields, caller));
    return {};
  }),
};
