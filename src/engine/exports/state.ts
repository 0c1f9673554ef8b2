/** The exports capability's part of engine state: every export, and each portfolio's in the order requested. */
import type { DataExport } from '../../domain/exports/index.ts';

export interface ExportsState {
  byId: Map<string, DataExport>;
  /** portfolioId → its exportIds, oldest first. */
  byPortfolio: Map<string, string[]>;
}

export function emptyExportsState(): ExportsState {
  return { byId: new Map(), byPortfolio: new Map() };
}
