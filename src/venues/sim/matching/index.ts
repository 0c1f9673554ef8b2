/** Matching: one price-time priority book per sym. */
export * from './book.ts';
