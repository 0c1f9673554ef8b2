/**
 * Order entry for every transport (REST routes and WebSocket actions): requests → engine commands,
 * each field read with its catalogue code, and the command outcomes → answers (connex-api.md §4.1,
 * §5.4, decisions D3, E2, E3).
 */
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import type { Caller } from '../auth/authenticate.ts';
import { SIXTEEN_DIGITS } from '../domain/ids.ts';
import { decimalsOf, parseFixed, ZERO, type Fixed, type Unit } from '../domain/money.ts';
import type { Order } from '../domain/orders/index.ts';
import type { PayloadOf } from '../engine/core/commands.ts';
import type { Actor, OrderOutcome } from '../engine/reads.ts';
import type { Fields } from './fields.ts';
import { type ExchangeOrderType, type Side, type TimeInForce, VENUES } from '../domain/market.ts';

type PlaceOrder = PayloadOf<'placeOrder'>;
type ReplaceOrder = PayloadOf<'replaceOrder'>;
type OrderRef = PayloadOf<'cancelOrder'>;
type CancelAll = PayloadOf<'cancelAll'>;

const SIDES: readonly Side[] = ['BUY', 'SELL'];
const ORDER_TYPES: readonly ExchangeOrderType[] = ['LIMIT', 'MARKET'];
const TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'GTX'];
const CLIENT_ORDER_ID = /^[A-Za-z0-9]+$/;
const CLIENT_ORDER_ID_MAX = 63;
export const SYM = /^[A-Z0-9]+_[A-Z]+_[A-Z0-9]+_[A-Z0-9]+$/;

/** The caller, acting on the portfolio it names (primary key) or on its own. */
export function actorOf(fields: Fields, caller: Caller): Actor {
  const portfolioId = fields.text('portfolioId', { pattern: SIXTEEN_DIGITS, invalid: 401000 });
  return { userId: caller.user.userId, keyPortfolioId: caller.key.portfolioId, primary: caller.key.primary, portfolioId, apiKey: caller.key.accessKey };
}

export interface WithSyncMode<T> {
  command: T;
  /** Answer after the venue's verdict (decisions E2). */
  syncMode: boolean;
}

function syncModeOf(fields: Fields): boolean {
  return fields.flag('syncMode', { invalid: 401113 }) ?? false;
}

export function clientOrderIdOf(fields: Fields): string | undefined {
  const clientOrderId = fields.text('clientOrderId');
  if (clientOrderId === undefined) return undefined;
  if (clientOrderId.length > CLIENT_ORDER_ID_MAX) throw new ApiError(401001);
  if (!CLIENT_ORDER_ID.test(clientOrderId)) throw new ApiError(401051);
  return clientOrderId;
}

/** A decimal of unit U with the number of decimals the client wrote (the precision rules look at both); 0 when absent. */
function writtenDecimal<U extends Unit>(fields: Fields, name: string, invalid: CatalogueCode): { value: Fixed<U>; decimals: number } {
  const text = fields.text(name, { invalid });
  if (text === undefined) return { value: ZERO, decimals: 0 };
  const value = parseFixed<U>(text);
  if (value === null) throw new ApiError(invalid);
  return { value, decimals: decimalsOf(text) };
}

export function parsePlaceOrder(fields: Fields, caller: Caller): WithSyncMode<PlaceOrder> {
  const actor = actorOf(fields, caller);
  const clientOrderId = clientOrderIdOf(fields);
  const sym = fields.text('sym', { missing: 400009, pattern: SYM, invalid: 400000 });
  const side = fields.oneOf('side', SIDES, { missing: 400009, invalid: 401002 });
  const type = fields.oneOf('orderType', ORDER_TYPES, { invalid: 401003 }) ?? 'LIMIT';
  const timeInForce = fields.oneOf('timeInForce', TIME_IN_FORCE, { invalid: 401004 }) ?? (type === 'LIMIT' ? 'GTC' : 'IOC');
  const qty = writtenDecimal<'qty' | 'contracts'>(fields, 'orderQty', 401005);
  const price = writtenDecimal<'price'>(fields, 'limitPrice', 401006);
  const quote = writtenDecimal<'amount'>(fields, 'quoteOrderQty', 401021);
  if (fields.flag('reduceOnly', { invalid: 401049 })) throw new ApiError(401049);
  const positionSide = fields.text('positionSide');
  if (positionSide !== undefined && positionSide !== 'NONE') throw new ApiError(401096);
  const syncMode = syncModeOf(fields);
  fields.done();
  if (!fields.has('orderQty') && !fields.has('quoteOrderQty')) throw new ApiError(400009);
  if (type === 'LIMIT' && !fields.has('limitPrice')) throw new ApiError(400009);
  if (fields.has('quoteOrderQty') && quote.value <= 0n) throw new ApiError(401021);
  // connex-api.md §4.1: limitPrice is ignored for MARKET orders.
  const limitPrice = type === 'LIMIT' ? price.value : ZERO;
  const written = { qty: qty.decimals, price: type === 'LIMIT' ? price.decimals : 0, quote: quote.decimals };
  return {
    command: { actor, clientOrderId, sym, side, type, timeInForce, orderQty: qty.value, limitPrice, quoteOrderQty: quote.value, written },
    syncMode,
  };
}

/** orderId or clientOrderId (orderId wins); `invalidId` is the code for a malformed orderId. */
function orderRefOf(fields: Fields, caller: Caller, malformedId: (text: string) => ApiError): OrderRef {
  const actor = actorOf(fields, caller);
  const orderId = fields.text('orderId');
  if (orderId !== undefined && !SIXTEEN_DIGITS.test(orderId)) throw malformedId(orderId);
  const clientOrderId = fields.text('clientOrderId', { maxLength: CLIENT_ORDER_ID_MAX, tooLong: 401001, pattern: CLIENT_ORDER_ID, invalid: 401051 });
  if (orderId === undefined && clientOrderId === undefined) throw new ApiError(401008);
  return orderId !== undefined ? { actor, orderId } : { actor, clientOrderId };
}

/** Cancel and query: digits of the wrong length → 401007, anything else → 401020. */
function queryIdError(text: string): ApiError {
  return new ApiError(/^\d+$/.test(text) ? 401007 : 401020);
}

export function parseOrderRef(fields: Fields, caller: Caller): OrderRef {
  return orderRefOf(fields, caller, queryIdError);
}

export function parseCancelOrder(fields: Fields, caller: Caller): OrderRef {
  const ref = parseOrderRef(fields, caller);
  fields.done();
  return ref;
}

export function parseReplaceOrder(fields: Fields, caller: Caller): WithSyncMode<ReplaceOrder> {
  const ref = orderRefOf(fields, caller, () => new ApiError(401082));
  const qty = writtenDecimal<'qty' | 'contracts'>(fields, 'replaceQty', 401074);
  const price = writtenDecimal<'price'>(fields, 'replacePrice', 401074);
  const syncMode = syncModeOf(fields);
  fields.done();
  const hasQty = fields.has('replaceQty');
  const hasPrice = fields.has('replacePrice');
  if ((!hasQty && !hasPrice) || (hasQty && qty.value <= 0n) || (hasPrice && price.value <= 0n)) throw new ApiError(401074);
  const command: ReplaceOrder = {
    ...ref,
    replaceQty: hasQty ? qty.value : undefined,
    replacePrice: hasPrice ? price.value : undefined,
    written: { qty: qty.decimals, price: price.decimals, quote: 0 },
  };
  return { command, syncMode };
}

export function parseCancelAll(fields: Fields, caller: Caller): CancelAll {
  const actor = actorOf(fields, caller);
  const venue = fields.oneOf('exchangeType', VENUES, { invalid: 401023 });
  const sym = fields.text('sym', { pattern: SYM, invalid: 400000 });
  fields.done();
  return { actor, venue, sym };
}

/** syncMode (decisions E2): a venue refusal comes back as its catalogue code. */
function assertVenueVerdict(outcome: OrderOutcome, syncMode: boolean): void {
  if (syncMode && outcome.rejected !== undefined) throw new ApiError(outcome.rejected);
}

/** The answers every transport gives (connex-api.md §4.1, §5.4). */
export function placeAnswer(outcome: OrderOutcome, syncMode: boolean): { orderId: string; clientOrderId: string } {
  assertVenueVerdict(outcome, syncMode);
  return { orderId: outcome.order.orderId, clientOrderId: outcome.order.clientOrderId };
}

export function replaceAnswer(outcome: OrderOutcome, syncMode: boolean): { orderId: string; orderState: Order['state'] } {
  assertVenueVerdict(outcome, syncMode);
  return { orderId: outcome.order.orderId, orderState: outcome.state };
}

export function cancelAnswer(outcome: OrderOutcome) {
  return { orderId: outcome.order.orderId, clientOrderId: outcome.order.clientOrderId, orderState: outcome.state, action: 'CANCEL_PENDING' as const };
}

export function cancelAllAnswer(orders: readonly Order[]): { orderId: string; clientOrderId: string }[] {
  return orders.map((order) => ({ orderId: order.orderId, clientOrderId: order.clientOrderId }));
}
