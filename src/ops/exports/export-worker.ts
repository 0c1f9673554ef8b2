/**
 * Writes the files of data exports outside the engine (decisions I1): it takes each export the journal
 * accepted (an `exportChanged` event of a PENDING one, and at start every one still unfinished, so a
 * restart or a crash loses none), one at a time, moves it to PROCESSING, writes its CSV from the history
 * store, and records the outcome through the engine: COMPLETED with its rows and size, or FAILED with why.
 * A shutdown abandons the file being written; the next start writes it again.
 */
import { ApiError, MESSAGES } from '../../catalogue/index.ts';
import type { Submit } from '../../engine/core/runtime.ts';
import type { EventBatch } from '../../engine/core/events.ts';
import type { EngineReads } from '../../engine/reads.ts';
import { isUnfinished } from '../../domain/exports/index.ts';
import type { Logger } from '../../log.ts';
import { WriteAbandoned, writeExportFile } from '../../store/exports/export-files.ts';
import type { HistoryStore } from '../../store/history/queries/history-store.ts';
import { exportRows } from './row-sources.ts';

export interface ExportWorkerDeps {
  submit: Submit;
  reads: EngineReads;
  history: HistoryStore;
  dataDir: string;
  /** Venue time now. */
  venueClock: () => number;
  log: Logger;
}

/** Why a file could not be written, as the export's list shows it (the details go to the log). */
const WRITE_FAILED = 'the file could not be written';

export class ExportWorker {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: ExportWorkerDeps) {}

  /** Takes every unfinished export now, and each one accepted from now on. */
  start(onEvents: (listener: (batch: EventBatch) => void) => void): void {
    onEvents((batch) => {
      for (const event of batch.events) if (event.type === 'exportChanged' && event.export.status === 'PENDING') this.enqueue(event.export.exportId);
    });
    for (const record of this.deps.reads.unfinishedExports()) this.enqueue(record.exportId);
  }

  /** Abandons the file being written (redone at the next start) once its current page is written. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private enqueue(exportId: string): void {
    if (this.queued.has(exportId)) return;
    this.queued.add(exportId);
    this.queue.push(exportId);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    for (let exportId = this.queue.shift(); exportId !== undefined && !this.stopped; exportId = this.queue.shift()) {
      await this.produce(exportId).catch((error: unknown) => this.deps.log.error({ err: error, exportId }, 'data export: its outcome could not be recorded'));
      this.queued.delete(exportId);
    }
  }

  private async produce(exportId: string): Promise<void> {
    const { submit, reads, history, dataDir, venueClock, log } = this.deps;
    const record = reads.dataExport(exportId);
    if (!record || !isUnfinished(record)) return;
    if (record.status === 'PENDING') await submit('startExport', { exportId });
    const portfolio = reads.portfolio(record.portfolioId)!;
    let written;
    try {
      written = await writeExportFile(dataDir, exportId, exportRows(record, { history, reads, now: venueClock() }, portfolio), () => this.stopped);
    } catch (error) {
      if (error instanceof WriteAbandoned || this.stopped) return;
      log.error({ err: error, exportId }, 'data export failed');
      await submit('failExport', { exportId, reason: error instanceof ApiError ? MESSAGES[error.code] : WRITE_FAILED });
      return;
    }
    await submit('finishExport', { exportId, ...written });
  }
}
