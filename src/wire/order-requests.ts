/**
 * Order entry for every transport (REST routes and WebSocket actions): the declared fields of each
 * request (read in their order, each with its catalogue code), requests → engine commands, the
 * command outcomes → answers, and the codes the commands can answer (connex-api.md §4.1, §5.4,
 * decisions D3, E2, E3).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import type { Caller } from '../auth/authenticate.ts';
import { normalizeSym } from '../domain/instrument.ts';
import { SIXTEEN_DIGITS } from '../domain/ids.ts';
import { ZERO } from '../domain/money.ts';
import { ORDER_TERMS_CODES, POSITION_SIDES, REPLACEMENT_CODES, type Order } from '../domain/orders/index.ts';
import type { PayloadOf } from '../engine/core/commands.ts';
import type { Submit } from '../engine/core/runtime.ts';
import type { Actor, OrderOutcome } from '../engine/reads.ts';
import { FAULT_REJECTS } from '../venues/index.ts';
import { ORDER_STATES } from '../views/order.ts';
import { Id16, StringEnum, Strict } from '../views/schema.ts';
import { check, flag, group, oneOf, text, writtenDecimal, type Values } from './field-spec.ts';
import { Fields } from './fields.ts';
import { ATTACHED_TPSL_FIELDS, attachedLegsOf, CLOSE_ALL_CODES, TRIGGER_PRICE_CODES } from './tpsl-fields.ts';
import { EXCHANGE_ORDER_TYPES, SIDES, TIMES_IN_FORCE, VENUES } from '../domain/market.ts';

type PlaceOrder = PayloadOf<'placeOrder'>;
type AttachedLegs = Pick<PayloadOf<'placeOrderWithTpsl'>, 'tp' | 'sl'>;
type ReplaceOrder = PayloadOf<'replaceOrder'>;
type OrderRef = PayloadOf<'cancelOrder'>;
type CancelAll = PayloadOf<'cancelAll'>;

const CLIENT_ORDER_ID = /^[A-Za-z0-9]+$/;
const CLIENT_ORDER_ID_MAX = 63;
export const SYM = /^[A-Z0-9]+_[A-Z]+_[A-Z0-9]+_[A-Z0-9]+$/;
/** A sym field's checks: read as the venues list it (the reference's OKX_PEPR typo names the PERP market, connex-api.md §1.4). */
export const SYM_RULE = { pattern: SYM, invalid: 400000, normalize: normalizeSym } as const;

/** Decisions D3: the portfolio a primary key acts on; a portfolio key may name only its own (else 401010). */
export const ACTING_PORTFOLIO = text({
  pattern: SIXTEEN_DIGITS,
  invalid: 401000,
  description: "The portfolio to act on (a primary key: any of its user's; a portfolio key: its own). Absent: the key's own.",
  example: '1732406400000000',
});

/** Resolving the portfolio a call acts on: the user is disabled (401022), or the portfolio is not the key's to act on (401010). */
export const ACTING_CODES: readonly CatalogueCode[] = [401022, 401010];

/** The caller, acting on the portfolio it names (primary key) or on its own. */
export function actorOf(portfolioId: string | undefined, caller: Caller): Actor {
  return { userId: caller.user.userId, keyPortfolioId: caller.key.portfolioId, primary: caller.key.primary, portfolioId, apiKey: caller.key.accessKey };
}

export const SYM_FIELD = text({ missing: 400009, ...SYM_RULE, description: 'Venue, business type and pair.', example: 'BINANCE_SPOT_BTC_USDT' });

const SYNC_MODE = flag({ invalid: 401113, description: "Answer after the venue's verdict: a venue refusal comes back as its code (decisions E2)." });

export const CLIENT_ORDER_ID_RULE = { maxLength: CLIENT_ORDER_ID_MAX, tooLong: 401001, pattern: CLIENT_ORDER_ID, invalid: 401051 } as const;

export const PLACE_ORDER_FIELDS = {
  portfolioId: ACTING_PORTFOLIO,
  clientOrderId: text({
    ...CLIENT_ORDER_ID_RULE,
    wrongType: 400000,
    description: 'Letters and digits, fewer than 64, unique per portfolio (decisions E3). Absent: the orderId.',
    example: 'bid1',
  }),
  sym: SYM_FIELD,
  side: oneOf(SIDES, { missing: 400009, invalid: 401002, example: 'BUY' }),
  orderType: oneOf(EXCHANGE_ORDER_TYPES, { invalid: 401003, description: 'LIMIT when absent.', example: 'LIMIT' }),
  timeInForce: oneOf(TIMES_IN_FORCE, { invalid: 401004, description: 'GTX = post-only. Absent: GTC for LIMIT, IOC for MARKET.', example: 'GTC' }),
  orderQty: writtenDecimal<'qty' | 'contracts'>(401005, { description: "Quantity in the instrument's unit (base coin; contracts on OKX PERP).", example: '0.01' }),
  limitPrice: writtenDecimal<'price'>(401006, { description: 'LIMIT orders; ignored for MARKET.', example: '40000' }),
  quoteOrderQty: writtenDecimal<'amount'>(401021, { description: 'MARKET BUY only: the quote coin to spend, fee included.' }),
  reduceOnly: flag({ invalid: 401049, description: 'PERP in NET mode: the order only reduces the position. Spot and BOTH mode: false only.' }),
  positionSide: oneOf(POSITION_SIDES, {
    invalid: 401096,
    wrongType: 400000,
    description: 'PERP: NONE in NET mode; LONG or SHORT, required, in BOTH mode (the position it opens or closes). Spot: NONE only.',
    example: 'NONE',
  }),
  syncMode: SYNC_MODE,
  tpsl: group(ATTACHED_TPSL_FIELDS),
};

/** Read after the fields: orderQty or quoteOrderQty, limitPrice for LIMIT (400009); a quoteOrderQty above 0 (401021). */
const PLACE_CHECKS: readonly CatalogueCode[] = [400009, 401021];

/** A venue's refusal, answered as its code with syncMode (decisions E2; fault injection, F4, adds the rest). */
const VENUE_REFUSALS: readonly CatalogueCode[] = [401052, 400010, 401111, ...Object.values(FAULT_REJECTS)];

/**
 * What an attached TP/SL can answer (decisions M1, M2): the close-all fields, a PERP order that opens, the open algo
 * limit, the venue's leverage limit, its legs within ±15 % of the mark and not reached at the order's price (a
 * LIMIT's) or the current one, the children's order terms.
 */
const ATTACHED_TPSL_CODES: readonly CatalogueCode[] = [...CLOSE_ALL_CODES, 401243, 401202, 401204, 401239, 401214, ...TRIGGER_PRICE_CODES, 401215, 401218, 401246, 401247];

/** What a PERP order can answer (decisions L3–L6): leverage, position mode, reduce-only and close rules, notional caps, margin. */
const PERP_ORDER_CODES: readonly CatalogueCode[] = [401037, 401112, 401024, 401096, 401091, 401049, 401118, 401048, 401047, 401120, 401059, 401093, 401119, 401060, 401070, 401092, 401058, 401056];

/** What a MARGIN order can answer when it borrows (decisions K1): the loan limits and the coins lent. */
const MARGIN_ORDER_CODES: readonly CatalogueCode[] = [401087, 401085, 401086];

/** What placing can answer besides the fields: the portfolio, the order rules, funds, and with syncMode the venue's verdict. */
export const PLACE_ORDER_CODES: readonly CatalogueCode[] = [
  ...PLACE_CHECKS,
  ...ACTING_CODES,
  401061,
  400000,
  401011,
  401067,
  401045,
  401053,
  ...ORDER_TERMS_CODES,
  401046,
  401009,
  401044,
  401054,
  401121,
  401084,
  401043,
  401055,
  ...PERP_ORDER_CODES,
  ...MARGIN_ORDER_CODES,
  401115,
  400011,
  ...VENUE_REFUSALS,
  ...ATTACHED_TPSL_CODES,
];

export interface WithSyncMode<T> {
  command: T;
  /** Answer after the venue's verdict (decisions E2). */
  syncMode: boolean;
}

/** An order, with the TP/SL attached to it when its fields ask for one (decisions M2). */
export type PlaceRequest = WithSyncMode<PlaceOrder> & { tpsl?: AttachedLegs };

/** The command a place request is: a plain order never meets the TP/SL rules. */
export function submitPlace(submit: Submit, { command, tpsl }: PlaceRequest): Promise<OrderOutcome> {
  return tpsl === undefined ? submit('placeOrder', command) : submit('placeOrderWithTpsl', { ...command, ...tpsl });
}

/** From the fields as read (the router reads them), or still to read (a WebSocket action, a benchmark). */
export function parsePlaceOrder(request: Values<typeof PLACE_ORDER_FIELDS> | Fields, caller: Caller): PlaceRequest {
  const values = request instanceof Fields ? request.read(PLACE_ORDER_FIELDS) : request;
  const { clientOrderId, sym, side, orderQty, limitPrice, quoteOrderQty } = values;
  const type = values.orderType ?? 'LIMIT';
  const timeInForce = values.timeInForce ?? (type === 'LIMIT' ? 'GTC' : 'IOC');
  if (orderQty === undefined && quoteOrderQty === undefined) throw new ApiError(400009);
  if (type === 'LIMIT' && limitPrice === undefined) throw new ApiError(400009);
  if (quoteOrderQty !== undefined && quoteOrderQty.value <= 0n) throw new ApiError(401021);
  // connex-api.md §4.1: limitPrice is ignored for MARKET orders.
  const price = type === 'LIMIT' ? limitPrice : undefined;
  const written = { qty: orderQty?.decimals ?? 0, price: price?.decimals ?? 0, quote: quoteOrderQty?.decimals ?? 0 };
  const command: PlaceOrder = {
    actor: actorOf(values.portfolioId, caller),
    clientOrderId,
    sym,
    side,
    type,
    timeInForce,
    orderQty: orderQty?.value ?? ZERO,
    limitPrice: price?.value ?? ZERO,
    quoteOrderQty: quoteOrderQty?.value ?? ZERO,
    written,
    ...(values.reduceOnly ? { reduceOnly: true } : {}),
    ...(values.positionSide && values.positionSide !== 'NONE' ? { positionSide: values.positionSide } : {}),
  };
  const syncMode = values.syncMode ?? false;
  return values.tpsl === undefined ? { command, syncMode } : { command, syncMode, tpsl: attachedLegsOf(values.tpsl) };
}

/** orderId or clientOrderId (orderId wins); `malformedId` are the codes of a malformed orderId. */
function orderRefFields(malformedId: { invalid: CatalogueCode; invalidDigits?: CatalogueCode }) {
  return {
    portfolioId: ACTING_PORTFOLIO,
    orderId: text({ pattern: SIXTEEN_DIGITS, wrongType: 400000, ...malformedId, description: 'The order (wins over clientOrderId).', example: '1732406400000001' }),
    clientOrderId: text({ ...CLIENT_ORDER_ID_RULE, description: 'The order, by the id its client gave it.' }),
    order: check([401008], 'orderId or clientOrderId names the order', ({ orderId, clientOrderId }: { orderId?: string; clientOrderId?: string }) => {
      if (orderId !== undefined) return { orderId };
      if (clientOrderId !== undefined) return { clientOrderId };
      throw new ApiError(401008);
    }),
  };
}

/** Cancel and query: digits of the wrong length → 401007, anything else → 401020. */
export const ORDER_REF_FIELDS = orderRefFields({ invalid: 401020, invalidDigits: 401007 });

export function parseOrderRef(values: Values<typeof ORDER_REF_FIELDS>, caller: Caller): OrderRef {
  return { actor: actorOf(values.portfolioId, caller), ...values.order };
}

/** What cancelling can answer besides the fields. */
export const CANCEL_ORDER_CODES: readonly CatalogueCode[] = [...ACTING_CODES, 401018, 401117, 401019, 401116, 400011];

export const REPLACE_ORDER_FIELDS = {
  ...orderRefFields({ invalid: 401082 }),
  replaceQty: writtenDecimal<'qty' | 'contracts'>(401074, { description: 'The new total quantity.', example: '0.02' }),
  replacePrice: writtenDecimal<'price'>(401074, { description: 'The new limit price.', example: '40100' }),
  syncMode: SYNC_MODE,
};

/** What replacing can answer besides the fields: replaceQty or replacePrice, each above 0 (401074), then the order and its rules. */
export const REPLACE_ORDER_CODES: readonly CatalogueCode[] = [
  401074,
  ...ACTING_CODES,
  401018,
  401117,
  401072,
  401116,
  401073,
  401083,
  401077,
  ...REPLACEMENT_CODES,
  401076,
  401118,
  401081,
  401080,
  401079,
  401078,
  400011,
  ...VENUE_REFUSALS,
];

export function parseReplaceOrder(values: Values<typeof REPLACE_ORDER_FIELDS>, caller: Caller): WithSyncMode<ReplaceOrder> {
  const { replaceQty, replacePrice } = values;
  if ((replaceQty === undefined && replacePrice === undefined) || (replaceQty && replaceQty.value <= 0n) || (replacePrice && replacePrice.value <= 0n)) {
    throw new ApiError(401074);
  }
  const command: ReplaceOrder = {
    ...parseOrderRef(values, caller),
    replaceQty: replaceQty?.value,
    replacePrice: replacePrice?.value,
    written: { qty: replaceQty?.decimals ?? 0, price: replacePrice?.decimals ?? 0, quote: 0 },
  };
  return { command, syncMode: values.syncMode ?? false };
}

export const CANCEL_ALL_FIELDS = {
  portfolioId: ACTING_PORTFOLIO,
  exchangeType: oneOf(VENUES, { invalid: 401023, description: 'Only the orders on this venue.' }),
  sym: text({ ...SYM_RULE, description: 'Only the orders of this sym.', example: 'BINANCE_SPOT_BTC_USDT' }),
};

export const CANCEL_ALL_CODES: readonly CatalogueCode[] = [...ACTING_CODES, 400011];

export function parseCancelAll(values: Values<typeof CANCEL_ALL_FIELDS>, caller: Caller): CancelAll {
  return { actor: actorOf(values.portfolioId, caller), venue: values.exchangeType, sym: values.sym };
}

/** syncMode (decisions E2): a venue refusal comes back as its catalogue code. */
function assertVenueVerdict(outcome: OrderOutcome, syncMode: boolean): void {
  if (syncMode && outcome.rejected !== undefined) throw new ApiError(outcome.rejected);
}

/** The answers every transport gives (connex-api.md §4.1, §5.4), with their schemas. */
export const PlaceAnswerSchema = Strict({ orderId: Id16(), clientOrderId: Type.String({ examples: ['bid1'] }) }, { title: 'Placed' });

export function placeAnswer(outcome: OrderOutcome, syncMode: boolean): Static<typeof PlaceAnswerSchema> {
  assertVenueVerdict(outcome, syncMode);
  return { orderId: outcome.order.orderId, clientOrderId: outcome.order.clientOrderId };
}

export const ReplaceAnswerSchema = Strict({ orderId: Id16(), orderState: StringEnum(ORDER_STATES) }, { title: 'Replaced' });

export function replaceAnswer(outcome: OrderOutcome, syncMode: boolean): Static<typeof ReplaceAnswerSchema> {
  assertVenueVerdict(outcome, syncMode);
  return { orderId: outcome.order.orderId, orderState: outcome.state };
}

export const CancelAnswerSchema = Strict(
  { orderId: Id16(), clientOrderId: Type.String(), orderState: StringEnum(ORDER_STATES), action: Type.Literal('CANCEL_PENDING') },
  { title: 'Cancel accepted', description: 'The venue confirms the cancel at its next market tick (decisions E1).' },
);

export function cancelAnswer(outcome: OrderOutcome): Static<typeof CancelAnswerSchema> {
  return { orderId: outcome.order.orderId, clientOrderId: outcome.order.clientOrderId, orderState: outcome.state, action: 'CANCEL_PENDING' };
}

export const CancelAllAnswerSchema = Type.Array(PlaceAnswerSchema, { title: 'Cancels accepted' });

export function cancelAllAnswer(orders: readonly Order[]): Static<typeof CancelAllAnswerSchema> {
  return orders.map((order) => ({ orderId: order.orderId, clientOrderId: order.clientOrderId }));
}
