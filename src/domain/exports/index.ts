/**
 * Data exports (decisions I1): a portfolio's history of one kind over a closed time range, produced as a
 * CSV file outside the engine. PENDING when accepted, PROCESSING while its file is written, then
 * COMPLETED (with the file's rows and bytes) or FAILED (with why).
 */
import { ApiError } from '../../catalogue/index.ts';

export const EXPORT_TYPES = ['ORDERS', 'EXECUTIONS', 'POSITIONS', 'STATEMENTS', 'TRANSFERS'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

export const EXPORT_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** Exports a portfolio may request in one UTC day of venue time (401105). */
export const EXPORTS_PER_DAY = 10;

const DAY_MS = 86_400_000;

export interface DataExport {
  exportId: string;
  portfolioId: string;
  userId: string;
  exportType: ExportType;
  /** Inclusive ms bounds of the rows' time. */
  startTime: number;
  endTime: number;
  status: ExportStatus;
  /** Rows of the file, header left out (COMPLETED). */
  rowCount: number;
  /** Bytes of the file (COMPLETED). */
  fileSize: number;
  /** Why it failed (FAILED); "" otherwise. */
  reason: string;
  createAt: number;
  updateAt: number;
}

/** 00:00 UTC of the day `ts` falls in. */
export function startOfUtcDay(ts: number): number {
  return ts - (ts % DAY_MS);
}

/** The range must end before today (the day of `now`) began: a day still under way is not history yet (401108). */
export function assertClosedRange(endTime: number, now: number): void {
  if (endTime >= startOfUtcDay(now)) throw new ApiError(401108);
}

/** Unfinished: its file is still to be written (again, after a restart). */
export function isUnfinished(record: DataExport): boolean {
  return record.status === 'PENDING' || record.status === 'PROCESSING';
}
