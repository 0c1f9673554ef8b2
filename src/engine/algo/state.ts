/** The algo capability's part of engine state: open algo orders, their client ids, armed triggers, the last trade price per sym, the orders algos are attached to, TWAP / VWAP slices in flight and the providers deactivated. */
import type { AlgoOrder, TriggerBook, TriggerType } from '../../domain/algo/index.ts';
import type { Amount, Price, Size } from '../../domain/money.ts';

/** What a TWAP / VWAP slice in flight has executed so far (the parent adds up its children). */
export interface SliceFill {
  qty: Size;
  amount: Amount;
}

export interface AlgosState {
  /** algoOrderId → an open algo order (PENDING_NEW, NEW, PROCESSING, PENDING_CANCEL); a finished one leaves (history keeps it). */
  open: Map<string, AlgoOrder>;
  /** portfolioId → clientOrderId → algoOrderId of its open algos. */
  clientIds: Map<string, Map<string, string>>;
  /** portfolioId → how many open algos it has (401204). */
  openCount: Map<string, number>;
  /** `${sym}|${triggerType}` → its armed triggers, sorted by price; absent when none. */
  triggers: Map<string, TriggerBook>;
  /** sym → the price of its venue's last public trade (LAST_PRICE triggers). */
  lastPrices: Map<string, Price>;
  /** orderId of an open order → the ATTACHED_TPSL algo that follows its fills (decisions M2). */
  attached: Map<string, string>;
  /** algoOrderId of a TWAP / VWAP → its slices in flight (orderId → what each executed so far). */
  slicesInFlight: Map<string, Map<string, SliceFill>>;
  /** Providers the operator deactivated → since when (decisions M3). */
  inactiveProviders: Map<string, number>;
}

export function emptyAlgosState(): AlgosState {
  return { open: new Map(), clientIds: new Map(), openCount: new Map(), triggers: new Map(), lastPrices: new Map(), attached: new Map(), slicesInFlight: new Map(), inactiveProviders: new Map() };
}

export function triggerKey(sym: string, type: TriggerType): string {
  return `${sym}|${type}`;
}
