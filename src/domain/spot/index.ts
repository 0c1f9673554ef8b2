/** Spot: what a spot order reserves, and what one spot fill moves. */
export * from './fill.ts';
export * from './reservation.ts';
