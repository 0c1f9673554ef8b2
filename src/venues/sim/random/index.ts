/** The simulation's seeded randomness: a replayable generator whose state lives in engine state, and draws from it. */
export * from './draws.ts';
export * from './rng.ts';
