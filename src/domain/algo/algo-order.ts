/** An algo order as the engine keeps it (connex-api.md §4.10, §6; decisions M1, M4). */
import type { Amount, Price, Size } from '../money.ts';
import type { BusinessType, Side, VenueName } from '../market.ts';
import type { PositionSide } from '../orders/index.ts';

export const ALGO_ORDER_TYPES = ['TPSL', 'ATTACHED_TPSL', 'TWAP', 'VWAP'] as const;
export type AlgoOrderType = (typeof ALGO_ORDER_TYPES)[number];
/** What POST /algo/order places: an ATTACHED_TPSL comes with its parent order (decisions M2). */
export const STANDALONE_ALGO_TYPES = ['TPSL', 'TWAP', 'VWAP'] as const;
/** Algos that slice their size over time (decisions M3). */
export const SCHEDULED_ALGO_TYPES: ReadonlySet<AlgoOrderType> = new Set(['TWAP', 'VWAP']);
/** The provider built in; the operator keeps the list and may deactivate one (401205). */
export const BUILT_IN_ALGO_PROVIDERS = ['OPENCONNEX'] as const;
export const CONDITION_TYPES = ['CONDITIONAL', 'OCO', 'ENTIRE_CLOSE_POSITION', 'PARTIAL_CLOSE_POSITION'] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];
export const TRIGGER_TYPES = ['LAST_PRICE', 'MARK_PRICE'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];
export const ALGO_STATES = ['PENDING_NEW', 'NEW', 'PROCESSING', 'PENDING_CANCEL', 'CANCELLED', 'COMPLETED', 'REJECTED', 'FAILED', 'EXPIRED'] as const;
export type AlgoState = (typeof ALGO_STATES)[number];
export const OPEN_ALGO_STATES: ReadonlySet<AlgoState> = new Set(['PENDING_NEW', 'NEW', 'PROCESSING', 'PENDING_CANCEL']);

/** Close-position algos take their side and size from the position when they fire. */
export const CLOSE_POSITION_TYPES: ReadonlySet<ConditionType | null> = new Set(['ENTIRE_CLOSE_POSITION', 'PARTIAL_CLOSE_POSITION']);

export type LegName = 'TP' | 'SL' | 'CONDITIONAL';

/** One trigger of an algo: when its price is reached, the child is sent (price 0 = a MARKET child). */
export interface Leg {
  triggerPrice: Price;
  triggerType: TriggerType;
  price: Price;
}

/** A TWAP / VWAP's slices: slice i is due at startTime + i × interval (venue time). */
export interface Schedule {
  provider: string;
  startTime: number;
  endTime: number;
  interval: number;
  /** 0: MARKET slices; else LIMIT slices at this price. */
  limitPrice: Price;
  slices: Size[];
  /** How many slices have been sent. */
  sent: number;
}

export interface AlgoOrder {
  portfolioId: string;
  algoOrderId: string;
  clientOrderId: string;
  algoOrderType: AlgoOrderType;
  /** null for TWAP / VWAP. */
  conditionType: ConditionType | null;
  sym: string;
  venue: VenueName;
  business: BusinessType;
  side: Side;
  positionSide: PositionSide;
  reduceOnly: boolean;
  /** 0 for ENTIRE_CLOSE_POSITION: the position's whole size when it fires. */
  orderQty: Size;
  tp: Leg | null;
  sl: Leg | null;
  conditional: Leg | null;
  /** The leg that fired, once one did. */
  fired: LegName | null;
  state: AlgoState;
  reason: string;
  executedQty: Size;
  executedAmount: Amount;
  childOrderIds: string[];
  /** ATTACHED_TPSL: the order it protects (decisions M2); null for the others. */
  attachedOrderId: string | null;
  /** TWAP / VWAP only. */
  schedule?: Schedule;
  createAt: number;
  updateAt: number;
}

export function isOpenAlgo(algo: Pick<AlgoOrder, 'state'>): boolean {
  return OPEN_ALGO_STATES.has(algo.state);
}

export function legOf(algo: AlgoOrder, name: LegName): Leg | null {
  return name === 'TP' ? algo.tp : name === 'SL' ? algo.sl : algo.conditional;
}
