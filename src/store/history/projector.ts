/**
 * Projects the engine's durable event batches into the history tables, asynchronously: `accept`
 * only queues (the engine never waits on the database); a write loop takes everything queued,
 * writes it in one transaction with the checkpoint, and wakes readers waiting for it.
 * A failed write is retried; batches not yet projected when the process dies are re-published by
 * the runtime from the journal on the next start (EngineRuntime.open `replayEventsAfter`).
 */
import type { EventBatch } from '../../engine/events.ts';
import type { HistoryDatabase } from './database.ts';
import { projectedOf, readCheckpoint, rowsOf, writeRows, type ProjectedBatch } from './projection.ts';
import { SeqWaiters } from './seq-waiters.ts';

/** Batches (commands) per transaction. */
const MAX_BATCHES_PER_WRITE = 2000;
const RETRY_MS = 500;

/** What the runtime and the history store need of a projector, in this thread or in a worker. */
export interface ProjectorPort {
  readonly checkpoint: number;
  readonly accept: (batch: EventBatch) => void;
  settled(seq?: number): Promise<void>;
  stop(durableSeq: number): Promise<void>;
}

export class Projector implements ProjectorPort {
  private queue: ProjectedBatch[] = [];
  private writing: Promise<void> | null = null;
  private readonly waiters = new SeqWaiters();
  private receivedSeq: number;
  private stopping = false;

  private constructor(
    private readonly database: HistoryDatabase,
    private projectedSeq: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.receivedSeq = projectedSeq;
  }

  static async open(database: HistoryDatabase, onError: (error: unknown) => void): Promise<Projector> {
    return new Projector(database, await readCheckpoint(database), onError);
  }

  /** Every event of the journal records up to this seq is in the tables. */
  get checkpoint(): number {
    return this.projectedSeq;
  }

  /** The runtime's event listener: queues the batch and returns at once. */
  readonly accept = (batch: EventBatch): void => this.acceptProjected(projectedOf(batch));

  /** As `accept`, for a batch already reduced by `projectedOf` (the history worker receives those). */
  readonly acceptProjected = (batch: ProjectedBatch): void => {
    // Already projected or queued; after stop, left for the next start to re-publish.
    if (batch.seq <= this.receivedSeq || this.stopping) return;
    this.receivedSeq = batch.seq;
    this.queue.push(batch);
    if (!this.writing) this.writing = this.writeLoop().finally(() => (this.writing = null));
  };

  /**
   * Resolves once every batch received so far with seq ≤ `seq` is projected; rejects with 400012
   * when the write it waits for fails (the database is unreachable), rather than hang a request.
   */
  settled(seq: number = Number.MAX_SAFE_INTEGER): Promise<void> {
    const target = Math.min(seq, this.receivedSeq);
    if (this.projectedSeq >= target) return Promise.resolve();
    return this.waiters.wait(target);
  }

  /**
   * Projects what is queued, then records `durableSeq` (the runtime's last journaled seq, all of
   * whose events were published) as the checkpoint, so a restart has nothing to re-publish.
   */
  async stop(durableSeq: number): Promise<void> {
    this.stopping = true;
    await this.writing;
    if (this.queue.length > 0) await this.writeLoop();
    if (this.queue.length === 0 && durableSeq > this.projectedSeq) await this.write([], durableSeq);
  }

  private async writeLoop(): Promise<void> {
    await Promise.resolve(); // let the current command's siblings join this write
    while (this.queue.length > 0) {
      const batches = this.queue.slice(0, MAX_BATCHES_PER_WRITE);
      try {
        await this.write(batches, batches[batches.length - 1].seq);
        this.queue.splice(0, batches.length);
      } catch (error) {
        this.onError(error);
        this.waiters.fail();
        if (this.stopping) return; // left for the next start to re-publish
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private async write(batches: ProjectedBatch[], seq: number): Promise<void> {
    await writeRows(this.database, rowsOf(batches), seq);
    this.projectedSeq = seq;
    this.waiters.reached(seq);
  }
}
