/** Algo orders: the TPSL algo, its legs, when a leg fires, the price-sorted book of armed triggers; TWAP / VWAP slicing. */
export * from './algo-order.ts';
export * from './trigger.ts';
export * from './trigger-book.ts';
export * from './slicing.ts';
