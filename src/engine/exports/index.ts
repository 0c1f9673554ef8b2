/** Data exports (decisions I1): requests and the outcome of their files, as journaled commands. */
import { exportHandlers } from './lifecycle.ts';

export type { FailExport, FinishExport, RequestExport, StartExport } from './lifecycle.ts';
export { emptyExportsState, type ExportsState } from './state.ts';

export const exportsHandlers = { ...exportHandlers };
export { exportsOf, unfinishedExports } from './reads.ts';
