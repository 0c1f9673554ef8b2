/** A client order as order management keeps it (connex-api.md §4.1.1, decisions E1–E6). */
import type { Amount, Price, Size } from '../money.ts';
import type { BusinessType, ExchangeOrderType, Side, TimeInForce, VenueName } from '../market.ts';

export type OrderState = 'NEW' | 'OPEN' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELLED' | 'REJECT' | 'FAIL';
export type OrderAction = '' | 'AMEND_PENDING' | 'AMEND_COMPLETED' | 'AMEND_FAILED' | 'CANCEL_PENDING' | 'CANCEL_COMPLETE' | 'CANCEL_FAILED';
export type CancelType = '' | 'USER' | 'EXPIRE' | 'REDUCE_ONLY' | 'LIQUIDATING' | 'SYSTEM' | 'SYM_DELIST';
/** Origin of the order (§6): DMA = a client's own order. */
export type OrderOrigin = 'DMA' | 'SYSTEM_LIQ' | 'SYSTEM_REDUCE' | 'REPLACE' | 'SYSTEM';
export type PositionSide = 'NONE' | 'LONG' | 'SHORT';

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
  createAt: number;
  updateAt: number;
}
