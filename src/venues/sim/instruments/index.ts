/** The venues' instruments and their rules (tick, lot, sizes, fees, leverage, perp risk tiers and funding terms), per venue. */
export * from './registry.ts';
export * from './rules.ts';
export * from './tiers/index.ts';
export * from './funding/index.ts';
