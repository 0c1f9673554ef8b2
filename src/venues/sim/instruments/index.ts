/** The venues' instruments and their rules (tick, lot, sizes, fees, leverage), per venue. */
export * from './registry.ts';
export * from './rules.ts';
