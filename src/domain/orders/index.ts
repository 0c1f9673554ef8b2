/** Orders: the order and its fills, and the rules an order's terms must meet. */
export * from './execution.ts';
export * from './fill-amounts.ts';
export * from './order-rules.ts';
export * from './order.ts';
