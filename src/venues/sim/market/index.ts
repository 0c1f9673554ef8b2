/** The simulated market's prices: assets, the reference/index/mark price process, open interest, replayed price files. */
export * from './assets.ts';
export * from './open-interest.ts';
export * from './price-file.ts';
export * from './price-process.ts';
