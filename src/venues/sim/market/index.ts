/** The simulated market's prices: assets, the reference/index price process, perp marks and funding rates, open interest, replayed price files. */
export * from './assets.ts';
export * from './funding.ts';
export * from './mark-price.ts';
export * from './open-interest.ts';
export * from './price-file.ts';
export * from './price-process.ts';
