/**
 * Projects the engine's durable event batches into the history tables, asynchronously: `accept`
 * only queues (the engine never waits on the database); a write loop takes everything queued,
 * writes it in one transaction with the checkpoint, and wakes readers waiting for it.
 * Writes are coalesced: a row costs several times less in a large transaction than in a small one,
 * so the loop starts once WRITE_AT_BATCHES are queued or LINGER_MS after the first, or at once when
 * a reader waits (`settled`, `hurry`), who therefore never waits for the linger.
 * A failed write is retried; batches not yet projected when the process dies are re-published by
 * the runtime from the journal on the next start (EngineRuntime.open `replayEventsAfter`).
 */
import type { EventBatch } from '../../engine/core/events.ts';
import type { HistoryDatabase } from './database.ts';
import { projectedOf, readCheckpoint, rowsOf, writeRows, type ProjectedBatch } from './projections/projection.ts';
import { SeqWaiters } from './seq-waiters.ts';

/** Batches (commands) per transaction. */
const MAX_BATCHES_PER_WRITE = 6000;
const WRITE_AT_BATCHES = 6000;
/**
 * How far the tables may lag behind the engine when nobody reads them (a reader hurries the write).
 * Fewer, larger writes cost PGlite less per row and disturb the journal's disk writes less often.
 */
const LINGER_MS = 600;
const RETRY_MS = 500;

/** What the runtime and the history store need of a projector, in this thread or in a worker. */
export interface ProjectorPort {
  readonly checkpoint: number;
  /** The seq of the newest batch it was given; the checkpoint lags it while writes are due. */
  readonly receivedSeq: number;
  readonly accept: (batch: EventBatch) => void;
  settled(seq?: number): Promise<void>;
  stop(durableSeq: number): Promise<void>;
}

export class Projector implements ProjectorPort {
  private queue: ProjectedBatch[] = [];
  private writing: Promise<void> | null = null;
  private lingering: NodeJS.Timeout | null = null;
  /** Write without waiting for more: the linger has passed or a reader waits. */
  private due = false;
  private readonly waiters = new SeqWaiters();
  private lastReceivedSeq: number;
  private stopping = false;

  private constructor(
    private readonly database: HistoryDatabase,
    private projectedSeq: number,
    private readonly onError: (error: unknown) => void,
    private readonly onWritten?: (checkpoint: number) => void,
  ) {
    this.lastReceivedSeq = projectedSeq;
  }

  /** `onError` hears of every failed write (it is retried), `onWritten` of every checkpoint written. */
  static async open(database: HistoryDatabase, onError: (error: unknown) => void, onWritten?: (checkpoint: number) => void): Promise<Projector> {
    return new Projector(database, await readCheckpoint(database), onError, onWritten);
  }

  /** Every event of the journal records up to this seq is in the tables. */
  get checkpoint(): number {
    return this.projectedSeq;
  }

  get receivedSeq(): number {
    return this.lastReceivedSeq;
  }

  /** The runtime's event listener: queues the batch and returns at once. */
  readonly accept = (batch: EventBatch): void => this.acceptProjected(projectedOf(batch));

  /** As `accept`, for a batch already reduced by `projectedOf` (the history worker receives those). */
  readonly acceptProjected = (batch: ProjectedBatch): void => {
    // Already projected or queued; after stop, left for the next start to re-publish.
    if (batch.seq <= this.lastReceivedSeq || this.stopping) return;
    this.lastReceivedSeq = batch.seq;
    this.queue.push(batch);
    this.schedule();
  };

  /** Writes what is queued now rather than after the linger: a reader is waiting for it. */
  hurry(): void {
    this.due = true;
    this.schedule();
  }

  /**
   * Resolves once every batch received so far with seq ≤ `seq` is projected; rejects with 400012
   * when the write it waits for fails (the database is unreachable), rather than hang a request.
   */
  settled(seq: number = Number.MAX_SAFE_INTEGER): Promise<void> {
    const target = Math.min(seq, this.lastReceivedSeq);
    if (this.projectedSeq >= target) return Promise.resolve();
    const reached = this.waiters.wait(target);
    this.hurry();
    return reached;
  }

  /**
   * Projects what is queued, then records `durableSeq` (the runtime's last journaled seq, all of
   * whose events were published) as the checkpoint, so a restart has nothing to re-publish.
   */
  async stop(durableSeq: number): Promise<void> {
    this.stopping = true;
    this.hurry();
    await this.writing;
    if (this.queue.length > 0) await this.writeLoop();
    if (this.queue.length === 0 && durableSeq > this.projectedSeq) await this.write([], durableSeq);
  }

  private schedule(): void {
    if (this.writing || this.queue.length === 0) return;
    if (this.due || this.queue.length >= WRITE_AT_BATCHES) {
      if (this.lingering) clearTimeout(this.lingering);
      this.lingering = null;
      this.writing = this.writeLoop().finally(() => {
        this.writing = null;
        this.schedule();
      });
    } else {
      this.lingering ??= setTimeout(() => {
        this.lingering = null;
        this.hurry();
      }, LINGER_MS);
    }
  }

  private async writeLoop(): Promise<void> {
    await Promise.resolve(); // let the current command's siblings join this write
    while (this.queue.length > 0 && (this.due || this.stopping || this.queue.length >= WRITE_AT_BATCHES)) {
      const batches = this.queue.slice(0, MAX_BATCHES_PER_WRITE);
      try {
        await this.write(batches, batches[batches.length - 1].seq);
        this.queue.splice(0, batches.length);
      } catch (error) {
        this.waiters.fail(); // before the listener, which may throw
        this.onError(error);
        if (this.stopping) return; // left for the next start to re-publish
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    if (this.queue.length === 0) this.due = false;
  }

  private async write(batches: ProjectedBatch[], seq: number): Promise<void> {
    await writeRows(this.database, rowsOf(batches), seq);
    this.projectedSeq = seq;
    this.waiters.reached(seq);
    this.onWritten?.(seq);
  }
}
