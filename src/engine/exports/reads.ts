import { isUnfinished, type DataExport } from '../../domain/exports/index.ts';
import type { State } from '../core/state.ts';

/** The portfolio's exports, newest first. */
export function exportsOf(state: Readonly<State>, portfolioId: string): readonly DataExport[] {
  const ids = state.exports.byPortfolio.get(portfolioId) ?? [];
  return ids.map((id) => state.exports.byId.get(id)!).reverse();
}

/** Exports whose file is still to be written, oldest first (the worker's queue after a restart). */
export function unfinishedExports(state: Readonly<State>): DataExport[] {
  return [...state.exports.byId.values()].filter(isUnfinished);
}
