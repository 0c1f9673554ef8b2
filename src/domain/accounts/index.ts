/** Accounts: venue accounts and balances, the ledger that moves them, statement types. */
export * from './account.ts';
export * from './ledger.ts';
export * from './statement.ts';
export * from './collateral.ts';
export * from './transferable.ts';
