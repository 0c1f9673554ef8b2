/** Spot: what a spot order reserves. */
export * from './reservation.ts';
