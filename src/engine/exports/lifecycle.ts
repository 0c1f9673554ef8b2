/**
 * An export's life as journaled commands (decisions I1): requested by a client (its id, and the daily
 * count of 401105, in venue time so a replay decides alike), then moved on by the export worker
 * (ops/exports) as it writes the file: PROCESSING, then COMPLETED or FAILED.
 */
import { ApiError } from '../../catalogue/index.ts';
import { assertClosedRange, EXPORTS_PER_DAY, startOfUtcDay, type DataExport, type ExportStatus, type ExportType } from '../../domain/exports/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';

export interface RequestExport {
  actor: Actor;
  exportType: ExportType;
  startTime: number;
  endTime: number;
}

export interface StartExport {
  exportId: string;
}

export interface FinishExport {
  exportId: string;
  rowCount: number;
  fileSize: number;
}

export interface FailExport {
  exportId: string;
  reason: string;
}

export const exportHandlers = {
  requestExport(ctx: CommandContext, cmd: RequestExport): { exportId: string } {
    const portfolio = actingPortfolio(ctx.state, cmd.actor);
    assertClosedRange(cmd.endTime, ctx.ts);
    if (requestedToday(ctx.state, portfolio.portfolioId, ctx.ts) >= EXPORTS_PER_DAY) throw new ApiError(401105);
    const record: DataExport = {
      exportId: ctx.newId(),
      portfolioId: portfolio.portfolioId,
      userId: portfolio.userId,
      exportType: cmd.exportType,
      startTime: cmd.startTime,
      endTime: cmd.endTime,
      status: 'PENDING',
      rowCount: 0,
      fileSize: 0,
      reason: '',
      createAt: ctx.ts,
      updateAt: ctx.ts,
    };
    const { byId, byPortfolio } = ctx.state.exports;
    byId.set(record.exportId, record);
    const ids = byPortfolio.get(record.portfolioId);
    if (ids) ids.push(record.exportId);
    else byPortfolio.set(record.portfolioId, [record.exportId]);
    ctx.emit({ type: 'exportChanged', export: { ...record } });
    return { exportId: record.exportId };
  },

  /** The worker begins writing its file. */
  startExport(ctx: CommandContext, cmd: StartExport): void {
    moveOn(ctx, cmd.exportId, ['PENDING'], { status: 'PROCESSING' });
  },

  /** The file is written: PENDING too, when a restart redid it in one go. */
  finishExport(ctx: CommandContext, cmd: FinishExport): void {
    moveOn(ctx, cmd.exportId, ['PENDING', 'PROCESSING'], { status: 'COMPLETED', rowCount: cmd.rowCount, fileSize: cmd.fileSize });
  },

  failExport(ctx: CommandContext, cmd: FailExport): void {
    moveOn(ctx, cmd.exportId, ['PENDING', 'PROCESSING'], { status: 'FAILED', reason: cmd.reason });
  },
};

/** Exports the portfolio requested since 00:00 UTC of the venue day of `now`. */
function requestedToday(state: Readonly<State>, portfolioId: string, now: number): number {
  const ids = state.exports.byPortfolio.get(portfolioId) ?? [];
  const dayStart = startOfUtcDay(now);
  let count = 0;
  for (let i = ids.length - 1; i >= 0 && state.exports.byId.get(ids[i])!.createAt >= dayStart; i--) count++;
  return count;
}

function moveOn(ctx: CommandContext, exportId: string, from: readonly ExportStatus[], change: Partial<DataExport> & { status: ExportStatus }): void {
  const record = ctx.state.exports.byId.get(exportId);
  if (!record) throw new ApiError(401109);
  // Another outcome was recorded first (a worker racing a restart): the first one stands.
  if (!from.includes(record.status)) throw new ApiError(401110);
  Object.assign(record, change, { updateAt: ctx.ts });
  ctx.emit({ type: 'exportChanged', export: { ...record } });
}
