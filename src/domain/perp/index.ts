/** Perpetuals: risk tiers, positions and the unified margin account's arithmetic. */
export * from './margin.ts';
export * from './position.ts';
export * from './tiers.ts';
export * from './status-band.ts';
export * from './liquidation.ts';
