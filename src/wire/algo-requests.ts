/**
 * Algo order entry for every transport (REST routes and the `/v1/private-algo` actions): the declared
 * fields of each request with their 4012xx codes, requests → engine commands, and the codes the
 * commands can answer (connex-api.md §4.10, §5.5; decisions M1, M4).
 */
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import type { Caller } from '../auth/authenticate.ts';
import { ALGO_ORDER_TYPES, CONDITION_TYPES, STANDALONE_ALGO_TYPES, TRIGGER_TYPES } from '../domain/algo/index.ts';
import { SIXTEEN_DIGITS } from '../domain/ids.ts';
import { BUSINESS_TYPES, SIDES, VENUES } from '../domain/market.ts';
import { ORDER_TERMS_CODES, POSITION_SIDES } from '../domain/orders/index.ts';
import type { PayloadOf } from '../engine/core/commands.ts';
import type { AlgoRefFields } from '../engine/reads.ts';
import { check, decimal, flag, integer, oneOf, text, type Values } from './field-spec.ts';
import { ACTING_CODES, ACTING_PORTFOLIO, actorOf, parsePlaceOrder, PLACE_ORDER_CODES, PLACE_ORDER_FIELDS, SYM_FIELD, SYM_RULE } from './order-requests.ts';
import { legsOf, TP_SL_FIELDS, TRIGGER_PRICE_CODES } from './tpsl-fields.ts';

type PlaceAlgo = PayloadOf<'placeAlgoOrder'>;
type ReplaceAlgo = PayloadOf<'replaceAlgoOrder'>;
type AlgoRef = PayloadOf<'cancelAlgoOrder'>;
type CancelAllAlgos = PayloadOf<'cancelAllAlgoOrders'>;
type PlaceSubOrder = PayloadOf<'placeAlgoSubOrder'>;

const CLIENT_ORDER_ID = text({
  maxLength: 63,
  pattern: /^[A-Za-z0-9]+$/,
  invalid: 401202,
  wrongType: 400000,
  description: 'Letters and digits, fewer than 64, unique among the portfolio’s open algo orders (401229). Absent: the algoOrderId.',
  example: 'sl1',
});

/** The trigger fields: each leg's trigger price, its type (LAST_PRICE default) and its child's price (0 or absent: MARKET). */
const LEG_FIELDS = {
  conditionalTriggerPrice: decimal<'price'>({ invalid: 401236, description: 'CONDITIONAL: fires when the price reaches it from where it is now.' }),
  conditionalTriggerType: oneOf(TRIGGER_TYPES, { invalid: 401234, alias: 'conditionalTriggerPriceType', description: 'LAST_PRICE when absent.' }),
  conditionalPrice: decimal<'price'>({ invalid: 401237, description: 'The child’s limit price; 0 or absent: MARKET.' }),
  ...TP_SL_FIELDS,
};

/** TWAP / VWAP (decisions M3): who slices, over which venue-time window, how often, at what limit. */
const SCHEDULE_FIELDS = {
  algoProvider: text({ maxLength: 32, invalid: 401200, wrongType: 401200, description: 'TWAP / VWAP: a provider of GET /admin/v1/algo/providers (unknown 401200, deactivated 401205). Absent: OPENCONNEX.', example: 'OPENCONNEX' }),
  startTime: integer({ min: 0, invalid: 401211, wrongType: 401211, description: 'TWAP / VWAP: ms, venue time, when the first slice is due; absent or past: now. At most 7 days ahead.' }),
  endTime: integer({ min: 0, invalid: 401212, wrongType: 401212, description: 'TWAP / VWAP: ms, venue time, after startTime and now, at most 7 days after startTime; what is unfilled then expires (EXPIRED).' }),
  interval: integer({ min: 1000, invalid: 401213, wrongType: 401213, description: 'TWAP / VWAP: ms between slices, ≥ 1000; at most 10 000 slices.' }),
  limitPrice: decimal<'price'>({ invalid: 401202, description: 'TWAP / VWAP: each slice is a LIMIT GTC order at this price; absent: MARKET slices.' }),
};

export const PLACE_ALGO_FIELDS = {
  portfolioId: ACTING_PORTFOLIO,
  clientOrderId: CLIENT_ORDER_ID,
  algoOrderType: oneOf(STANDALONE_ALGO_TYPES, { missing: 401201, invalid: 401201, example: 'TPSL' }),
  sym: SYM_FIELD,
  conditionType: oneOf(CONDITION_TYPES, { invalid: 401233, description: 'TPSL: required (401233). TWAP / VWAP: none.', example: 'CONDITIONAL' }),
  side: oneOf(SIDES, { invalid: 401202, description: 'TWAP, VWAP, CONDITIONAL and OCO: required. Close-position types: the position’s closing side (taken from it when absent).', example: 'SELL' }),
  orderQty: decimal<'qty'>({ invalid: 401202, description: 'TWAP / VWAP: the whole size to slice. CONDITIONAL, OCO, PARTIAL_CLOSE_POSITION: the child’s size (≤ the position for PARTIAL, 401244). Ignored by ENTIRE_CLOSE_POSITION.', example: '0.1' }),
  ...SCHEDULE_FIELDS,
  positionSide: oneOf(POSITION_SIDES, { invalid: 401096, wrongType: 400000, description: 'NONE in NET mode; LONG or SHORT in BOTH mode (the position a close-position algo closes).' }),
  reduceOnly: flag({ invalid: 401202, description: 'CONDITIONAL and OCO in NET mode: the child only reduces the position. Close-position types: always (NET mode).' }),
  ...LEG_FIELDS,
};

/** Codes the engine answers a placement with (the leg rules, the position, the limits, the child's order terms). */
export const PLACE_ALGO_CODES: readonly CatalogueCode[] = [
  ...ACTING_CODES,
  400000,
  401011,
  401067,
  401243,
  401239,
  401229,
  401204,
  401214,
  401202,
  401235,
  401233,
  401200,
  401205,
  401211,
  401212,
  401213,
  401049,
  401096,
  401091,
  401245,
  401244,
  401238,
  ...TRIGGER_PRICE_CODES,
  401215,
  401218,
  401236,
  401246,
  401247,
  ...ORDER_TERMS_CODES,
];

const ALGO_ORDER_ID = text({ pattern: SIXTEEN_DIGITS, invalid: 401207, wrongType: 401207, example: '1732406400000001' });
const ALGO_CLIENT_ORDER_ID = text({ maxLength: 63, invalid: 401202, wrongType: 400000, example: 'sl1' });

/** The first id given names the algo order; 401208 when there is none. */
function refOf({ algoOrderId, clientOrderId, attachedOrderId }: AlgoRefFields): AlgoRefFields {
  if (algoOrderId !== undefined) return { algoOrderId };
  if (clientOrderId !== undefined) return { clientOrderId };
  if (attachedOrderId !== undefined) return { attachedOrderId };
  throw new ApiError(401208);
}

/** An algo order by its id or its clientOrderId (PUT /api/v1/algo/order). */
export const ALGO_REF_FIELDS = {
  portfolioId: ACTING_PORTFOLIO,
  algoOrderId: ALGO_ORDER_ID,
  clientOrderId: ALGO_CLIENT_ORDER_ID,
  ref: check([401208], 'algoOrderId or clientOrderId names the algo order', refOf),
};

const PARENT_ORDER_ID = { pattern: SIXTEEN_DIGITS, invalid: 401207, wrongType: 401207, example: '1732406400000000' } as const;

/** DELETE /api/v1/algo/order also names an ATTACHED_TPSL by `orderId`, the order it belongs to (connex-api.md §4.10). */
export const CANCEL_ALGO_FIELDS = {
  portfolioId: ACTING_PORTFOLIO,
  algoOrderId: ALGO_ORDER_ID,
  clientOrderId: ALGO_CLIENT_ORDER_ID,
  orderId: text({ ...PARENT_ORDER_ID, description: 'An ATTACHED_TPSL: the order it belongs to.' }),
  ref: check([401208], 'algoOrderId, clientOrderId or (ATTACHED_TPSL) orderId names the algo order', ({ orderId, ...named }: AlgoRefFields & { orderId?: string }) => refOf({ ...named, attachedOrderId: orderId })),
};

/** GET /api/v1/algo/order also finds an ATTACHED_TPSL by `attachedOrderId`, the order it belongs to (connex-api.md §4.10). */
export const ALGO_QUERY_FIELDS = {
  portfolioId: ACTING_PORTFOLIO,
  algoOrderId: ALGO_ORDER_ID,
  clientOrderId: ALGO_CLIENT_ORDER_ID,
  attachedOrderId: text({ ...PARENT_ORDER_ID, description: 'An ATTACHED_TPSL: the order it belongs to.' }),
  ref: check([401208], 'algoOrderId, clientOrderId or (ATTACHED_TPSL) attachedOrderId names the algo order', refOf),
};
export const ALGO_REF_CODES: readonly CatalogueCode[] = [...ACTING_CODES, 401203];

/** The sub-order queries name the algo by its id only. */
export const SUB_ORDER_FIELDS = { algoOrderId: text({ missing: 401206, pattern: SIXTEEN_DIGITS, invalid: 401207, wrongType: 401207, example: '1732406400000001' }) };

export const REPLACE_ALGO_FIELDS = { ...ALGO_REF_FIELDS, orderQty: PLACE_ALGO_FIELDS.orderQty, ...LEG_FIELDS };
const NOT_OF_REPLACE: readonly CatalogueCode[] = [401229, 401204, 401200, 401205, 401211, 401212, 401213, 401233];
export const REPLACE_ALGO_CODES: readonly CatalogueCode[] = [...ALGO_REF_CODES, 401209, 401231, 401222, 401230, ...PLACE_ALGO_CODES.filter((code) => !NOT_OF_REPLACE.includes(code))];

export const CANCEL_ALGO_CODES: readonly CatalogueCode[] = [...ALGO_REF_CODES, 401209];

export const CANCEL_ALL_ALGOS_FIELDS = {
  portfolioId: ACTING_PORTFOLIO,
  sym: text({ ...SYM_RULE, description: 'Only this sym’s algo orders.' }),
  exchangeType: oneOf(VENUES, { invalid: 401023 }),
  businessType: oneOf(BUSINESS_TYPES, { invalid: 401243 }),
  algoOrderType: oneOf(ALGO_ORDER_TYPES, { invalid: 401201 }),
  conditionType: oneOf(CONDITION_TYPES, { invalid: 401233 }),
};

function allLegsOf(values: Values<typeof LEG_FIELDS>): Pick<PlaceAlgo, 'tp' | 'sl' | 'conditional'> {
  return {
    ...legsOf(values),
    conditional: { triggerPrice: values.conditionalTriggerPrice, triggerType: values.conditionalTriggerType, price: values.conditionalPrice },
  };
}

export function parsePlaceAlgo(values: Values<typeof PLACE_ALGO_FIELDS>, caller: Caller): PlaceAlgo {
  const { portfolioId, clientOrderId, algoOrderType, sym, conditionType, side, orderQty, positionSide, reduceOnly, algoProvider, startTime, endTime, interval, limitPrice } = values;
  return {
    actor: actorOf(portfolioId, caller),
    clientOrderId,
    algoOrderType,
    sym,
    conditionType,
    side,
    orderQty,
    positionSide,
    reduceOnly,
    algoProvider,
    startTime,
    endTime,
    interval,
    limitPrice,
    ...allLegsOf(values),
  };
}

export function parseReplaceAlgo(values: Values<typeof REPLACE_ALGO_FIELDS>, caller: Caller): ReplaceAlgo {
  return { actor: actorOf(values.portfolioId, caller), ...values.ref, orderQty: values.orderQty, ...allLegsOf(values) };
}

export function parseAlgoRef(values: Values<typeof ALGO_REF_FIELDS> | Values<typeof CANCEL_ALGO_FIELDS>, caller: Caller): AlgoRef {
  return { actor: actorOf(values.portfolioId, caller), ...values.ref };
}

export function parseCancelAllAlgos(values: Values<typeof CANCEL_ALL_ALGOS_FIELDS>, caller: Caller): CancelAllAlgos {
  const { portfolioId, sym, exchangeType, businessType, algoOrderType, conditionType } = values;
  return { actor: actorOf(portfolioId, caller), sym, venue: exchangeType, business: businessType, algoOrderType, conditionType };
}

/** A TWAP / VWAP's sub order: an order's fields (no TP/SL, no syncMode) and the algo it belongs to. */
const { tpsl: _tpsl, syncMode: _syncMode, ...SUB_ORDER_ORDER_FIELDS } = PLACE_ORDER_FIELDS;
export const PLACE_SUB_ORDER_FIELDS = { ...SUB_ORDER_ORDER_FIELDS, algoOrderId: SUB_ORDER_FIELDS.algoOrderId };

/** The sub-order rules, then what any order can answer. */
export const PLACE_SUB_ORDER_CODES: readonly CatalogueCode[] = [401221, 401223, 401225, 401229, 401226, 401227, 401228, 401202, 401224, ...PLACE_ORDER_CODES];

export function parsePlaceSubOrder(values: Values<typeof PLACE_SUB_ORDER_FIELDS>, caller: Caller): PlaceSubOrder {
  // The group reads as undefined when none of its fields is given: a plain order.
  const order = { ...values, syncMode: false, tpsl: undefined } as unknown as Values<typeof PLACE_ORDER_FIELDS>;
  const { command } = parsePlaceOrder(order, caller);
  return { ...command, algoOrderId: values.algoOrderId };
}
