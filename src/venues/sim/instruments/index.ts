/** The venues' instruments and their rules (tick, lot, sizes, fees, leverage, perp risk tiers), per venue. */
export * from './registry.ts';
export * from './rules.ts';
export * from './tiers/index.ts';
