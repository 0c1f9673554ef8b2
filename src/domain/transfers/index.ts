/** Money movement: the funding account, transfers, deposits and withdrawals, the chains they travel on. */
export * from './address.ts';
export * from './funding-account.ts';
export * from './movement.ts';
export * from './networks.ts';
