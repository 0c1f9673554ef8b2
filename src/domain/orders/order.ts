/** A client order as order management keeps it (connex-api.md §4.1.1, decisions E1–E6). */
import type { Amount, Price, Size } from '../money.ts';
import type { BusinessType, ExchangeOrderType, Side, TimeInForce, VenueName } from '../market.ts';

export const ORDER_STATES = ['NEW', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECT', 'FAIL'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const ORDER_ACTIONS = ['', 'AMEND_PENDING', 'AMEND_COMPLETED', 'AMEND_FAILED', 'CANCEL_PENDING', 'CANCEL_COMPLETE', 'CANCEL_FAILED'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];
export const CANCEL_TYPES = ['', 'USER', 'EXPIRE', 'REDUCE_ONLY', 'LIQUIDATING', 'SYSTEM', 'SYM_DELIST'] as const;
export type CancelType = (typeof CANCEL_TYPES)[number];
/** Origin of the order (§6): DMA = a client's own order. */
export const ORDER_ORIGINS = ['DMA', 'SYSTEM_LIQ', 'SYSTEM_REDUCE', 'REPLACE', 'SYSTEM'] as const;
export type OrderOrigin = (typeof ORDER_ORIGINS)[number];
export const POSITION_SIDES = ['NONE', 'LONG', 'SHORT'] as const;
export type PositionSide = (typeof POSITION_SIDES)[number];

export const TERMINAL_STATES: ReadonlySet<OrderState> = new Set(['FILLED', 'CANCELLED', 'REJECT', 'FAIL']);

export interface Order {
  portfolioId: string;
  orderId: string;
  clientOrderId: string;
  sym: string;
  venue: VenueName;
  business: BusinessType;
  side: Side;
  exchangeOrderType: ExchangeOrderType;
  origin: OrderOrigin;
  timeInForce: TimeInForce;
  state: OrderState;
  action: OrderAction;
  cancelType: CancelType;
  /** Size in the instrument's unit (base coin, or contracts on OKX PERP); 0 for a market buy by quoteOrderQty. */
  orderQty: Size;
  /** Quote coin. */
  quoteOrderQty: Amount;
  limitPrice: Price;
  executedQty: Size;
  /** Quote coin: the sum of the fills' notionals. */
  executedAmount: Amount;
  lastExecutedQty: Size;
  lastExecutedPrice: Price;
  lastExecutedAmount: Amount;
  fee: Amount;
  feeCoin: string;
  reduceOnly: boolean;
  leverage: number;
  positionSide: PositionSide;
  reason: string;
  algoOrderId: string | null;
  /** MARGIN: what the order borrowed of the coin it spends (absent: nothing). */
  borrowAmount?: Amount;
  borrowAsset?: string;
  createAt: number;
  updateAt: number;
}
