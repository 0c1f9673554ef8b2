export * from './markup.ts';
export * from './eff-date.ts';
export * from './collection.ts';
export * from './fee-schedule.ts';
