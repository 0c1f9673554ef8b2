/**
 * An order as engine state keeps it (`trading.orders`): a resting order's memory is mostly this object,
 * so it is compact. Its eleven enumerated fields share one small integer; updateAt is kept as the
 * milliseconds since createAt (a small integer where a second timestamp would be a boxed number); the
 * fields most orders never move from their initial value (fills, fee, reason, quote size, algo, borrow)
 * live in a second object made on the first change. It reads and writes as an Order. `toJSON` gives the
 * whole order with its fields in the order a plain order has them, so snapshots and the state hash are
 * what they were; `orderFields` is the plain copy an event carries.
 */
import { BUSINESS_TYPES, EXCHANGE_ORDER_TYPES, SIDES, TIMES_IN_FORCE, VENUES, type BusinessType, type ExchangeOrderType, type Side, type TimeInForce, type VenueName } from '../../domain/market.ts';
import { ZERO, type Amount, type Price, type Size } from '../../domain/money.ts';
import {
  CANCEL_TYPES,
  ORDER_ACTIONS,
  ORDER_ORIGINS,
  ORDER_STATES,
  POSITION_SIDES,
  type CancelType,
  type Order,
  type OrderAction,
  type OrderOrigin,
  type OrderState,
  type PositionSide,
} from '../../domain/orders/index.ts';

/** Fields most orders leave at their initial value. */
class OrderExtras {
  quoteOrderQty: Amount = ZERO;
  executedQty: Size = ZERO;
  executedAmount: Amount = ZERO;
  lastExecutedQty: Size = ZERO;
  lastExecutedPrice: Price = ZERO;
  lastExecutedAmount: Amount = ZERO;
  fee: Amount = ZERO;
  feeCoin = '';
  reason = '';
  algoOrderId: string | null = null;
  borrowAmount: Amount | undefined = undefined;
  borrowAsset: string | undefined = undefined;
}

const NO_EXTRAS: Readonly<OrderExtras> = Object.freeze(new OrderExtras());
const EXTRA_FIELDS = Object.keys(NO_EXTRAS) as (keyof OrderExtras)[];

/** Each enumerated field and its values: the field holds the value's index in a few bits of `packed`. */
const ENUMERATED = [
  ['venue', VENUES],
  ['business', BUSINESS_TYPES],
  ['side', SIDES],
  ['exchangeOrderType', EXCHANGE_ORDER_TYPES],
  ['origin', ORDER_ORIGINS],
  ['timeInForce', TIMES_IN_FORCE],
  ['state', ORDER_STATES],
  ['action', ORDER_ACTIONS],
  ['cancelType', CANCEL_TYPES],
  ['positionSide', POSITION_SIDES],
  ['reduceOnly', [false, true]],
] as const;

type EnumeratedField = (typeof ENUMERATED)[number][0];

/** Where each enumerated field sits in `packed`, and the index of each of its values. */
const PACKING = (() => {
  let shift = 0;
  return ENUMERATED.map(([field, values]) => {
    const bits = Math.ceil(Math.log2(values.length));
    const at = shift;
    shift += bits;
    return { field: field as EnumeratedField, at, mask: (1 << bits) - 1, values: values as readonly unknown[], codes: new Map<unknown, number>(values.map((value, index) => [value, index])) };
  });
})();

function codeOf(order: KeptOrder, field: EnumeratedField, codes: ReadonlyMap<unknown, number>, value: unknown): number {
  const code = codes.get(value);
  if (code === undefined) throw new Error(`order ${order.orderId}: ${String(value)} is no ${field}`);
  return code;
}

export class KeptOrder implements Order {
  portfolioId: string;
  orderId: string;
  clientOrderId: string;
  sym: string;
  orderQty: Size;
  limitPrice: Price;
  leverage: number;
  createAt: number;
  private updatedAfter: number;
  private packed = 0;
  private extras: OrderExtras | undefined = undefined;

  declare venue: VenueName;
  declare business: BusinessType;
  declare side: Side;
  declare exchangeOrderType: ExchangeOrderType;
  declare origin: OrderOrigin;
  declare timeInForce: TimeInForce;
  declare state: OrderState;
  declare action: OrderAction;
  declare cancelType: CancelType;
  declare positionSide: PositionSide;
  declare reduceOnly: boolean;
  declare quoteOrderQty: Amount;
  declare executedQty: Size;
  declare executedAmount: Amount;
  declare lastExecutedQty: Size;
  declare lastExecutedPrice: Price;
  declare lastExecutedAmount: Amount;
  declare fee: Amount;
  declare feeCoin: string;
  declare reason: string;
  declare algoOrderId: string | null;
  declare borrowAmount: Amount | undefined;
  declare borrowAsset: string | undefined;

  constructor(order: Order) {
    this.portfolioId = order.portfolioId;
    this.orderId = order.orderId;
    this.clientOrderId = order.clientOrderId;
    this.sym = order.sym;
    this.orderQty = order.orderQty;
    this.limitPrice = order.limitPrice;
    this.leverage = order.leverage;
    this.createAt = order.createAt;
    this.updatedAfter = order.updateAt - order.createAt;
    for (const { field, at, codes } of PACKING) this.packed |= codeOf(this, field, codes, order[field]) << at;
    for (const field of EXTRA_FIELDS) if (order[field] !== NO_EXTRAS[field]) (this as Order)[field] = order[field] as never;
  }

  get updateAt(): number {
    return this.createAt + this.updatedAfter;
  }

  set updateAt(ts: number) {
    this.updatedAfter = ts - this.createAt;
  }

  toJSON(): Order {
    return orderFields(this);
  }

  static {
    for (const { field, at, mask, values, codes } of PACKING) {
      Object.defineProperty(KeptOrder.prototype, field, {
        get(this: KeptOrder) {
          return values[(this.packed >>> at) & mask];
        },
        set(this: KeptOrder, value: (typeof values)[number]) {
          this.packed = (this.packed & ~(mask << at)) | (codeOf(this, field, codes, value) << at);
        },
      });
    }
    for (const field of EXTRA_FIELDS) {
      Object.defineProperty(KeptOrder.prototype, field, {
        get(this: KeptOrder) {
          return (this.extras ?? NO_EXTRAS)[field];
        },
        set(this: KeptOrder, value: never) {
          (this.extras ??= new OrderExtras())[field] = value;
        },
      });
    }
  }
}

/** A plain copy of the order, its fields in the order they have always had (the borrow fields only when set). */
export function orderFields(order: Order): Order {
  const fields: Order = {
    portfolioId: order.portfolioId,
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    sym: order.sym,
    venue: order.venue,
    business: order.business,
    side: order.side,
    exchangeOrderType: order.exchangeOrderType,
    origin: order.origin,
    timeInForce: order.timeInForce,
    state: order.state,
    action: order.action,
    cancelType: order.cancelType,
    orderQty: order.orderQty,
    quoteOrderQty: order.quoteOrderQty,
    limitPrice: order.limitPrice,
    executedQty: order.executedQty,
    executedAmount: order.executedAmount,
    lastExecutedQty: order.lastExecutedQty,
    lastExecutedPrice: order.lastExecutedPrice,
    lastExecutedAmount: order.lastExecutedAmount,
    fee: order.fee,
    feeCoin: order.feeCoin,
    reduceOnly: order.reduceOnly,
    leverage: order.leverage,
    positionSide: order.positionSide,
    reason: order.reason,
    algoOrderId: order.algoOrderId,
    createAt: order.createAt,
    updateAt: order.updateAt,
  };
  if (order.borrowAmount !== undefined) fields.borrowAmount = order.borrowAmount;
  if (order.borrowAsset !== undefined) fields.borrowAsset = order.borrowAsset;
  return fields;
}
