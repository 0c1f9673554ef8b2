/** Algo orders: the TPSL algo, its legs, when a leg fires, and the price-sorted book of armed triggers. */
export * from './algo-order.ts';
export * from './trigger.ts';
export * from './trigger-book.ts';
