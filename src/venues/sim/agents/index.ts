/** The liquidity agents: market makers and takers deciding each tick, the plan over every book, the house's starting funds. */
export * from './agents.ts';
export * from './funding.ts';
export * from './plan.ts';
