/**
 * The main thread's side of the history worker (history-worker.ts). It accepts the runtime's event
 * batches reduced to strings (projectedOf, flattenInto) and posts them in one message every POST_EVERY_MS, or sooner
 * when many wait or a reader waits (each message wakes the worker, so fewer is cheaper for both); it
 * tracks the worker's checkpoint for `settled` (read-your-writes); and it runs the history store's
 * queries in the worker through drizzle's proxy driver.
 */
import type { Worker } from 'node:worker_threads';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { ApiError } from '../../catalogue/index.ts';
import type { EventBatch } from '../../engine/core/events.ts';
import type { HistoryDatabaseOptions, HistoryDb } from './database.ts';
import type { ProjectorPort } from './projector.ts';
import { flattenInto, projectedOf, type FlatBatches } from './projections/projection.ts';
import { SeqWaiters } from './seq-waiters.ts';
import { startHistoryWorker } from './history-worker-start.ts';
import * as schema from './schema.ts';

export type ToWorker =
  | { type: 'batches'; batches: FlatBatches }
  | { type: 'hurry' }
  | { type: 'query'; id: number; sql: string; params: unknown[]; rowMode: 'object' | 'array' }
  | { type: 'stop'; durableSeq: number };

export type FromWorker =
  | { type: 'ready'; checkpoint: number }
  | { type: 'openFailed'; message: string }
  | { type: 'projected'; seq: number }
  | { type: 'writeFailed'; message: string }
  | { type: 'rows'; id: number; rows: unknown[] }
  | { type: 'queryFailed'; id: number; message: string }
  | { type: 'stopped'; seq: number };

const POST_EVERY_MS = 5;
const POST_AT_BATCHES = 256;

export class ProjectorThread implements ProjectorPort {
  private outbox: FlatBatches = [];
  private waiting = 0;
  private posting: NodeJS.Timeout | null = null;
  private readonly waiters = new SeqWaiters();
  private queries = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  private nextQueryId = 0;
  private lastReceivedSeq: number;
  private stopping = false;
  private dead = false;
  private stopped: ((seq: number) => void) | null = null;
  /** The history store's database handle: every query runs in the worker. */
  readonly db: HistoryDb;

  private constructor(
    private readonly worker: Worker,
    private projectedSeq: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.lastReceivedSeq = projectedSeq;
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.crashed(error));
    this.db = drizzle((sql, params, method) => this.query(sql, params, method === 'all' ? 'array' : 'object').then((rows) => ({ rows })), {
      schema,
    }) as unknown as HistoryDb;
  }

  /** `started`: a worker already started with these options (main.ts starts it first). */
  static async open(options: HistoryDatabaseOptions, onError: (error: unknown) => void, started = startHistoryWorker(options)): Promise<ProjectorThread> {
    const message = await started.firstMessage;
    if (message.type === 'ready') return new ProjectorThread(started.worker, message.checkpoint, onError);
    await started.worker.terminate();
    throw new Error(message.type === 'openFailed' ? message.message : `history worker: unexpected ${message.type}`);
  }

  get checkpoint(): number {
    return this.projectedSeq;
  }

  get receivedSeq(): number {
    return this.lastReceivedSeq;
  }

  readonly accept = (batch: EventBatch): void => {
    if (batch.seq <= this.lastReceivedSeq || this.stopping) return;
    this.lastReceivedSeq = batch.seq;
    // Only what the projection writes goes to the worker (most events of a trade are public market data).
    flattenInto(this.outbox, projectedOf(batch));
    if (++this.waiting >= POST_AT_BATCHES) this.post();
    else this.posting ??= setTimeout(() => this.post(), POST_EVERY_MS);
  };

  settled(seq: number = Number.MAX_SAFE_INTEGER): Promise<void> {
    const target = Math.min(seq, this.lastReceivedSeq);
    if (this.projectedSeq >= target) return Promise.resolve();
    if (this.dead) return Promise.reject(new ApiError(400012));
    const reached = this.waiters.wait(target);
    this.post();
    this.worker.postMessage({ type: 'hurry' } satisfies ToWorker);
    return reached;
  }

  async stop(durableSeq: number): Promise<void> {
    this.post();
    this.stopping = true;
    const seq = await new Promise<number>((resolve) => {
      this.stopped = resolve;
      this.worker.postMessage({ type: 'stop', durableSeq } satisfies ToWorker);
    });
    this.projectedSeq = seq;
    await this.worker.terminate();
  }

  private post(): void {
    if (this.posting) clearTimeout(this.posting);
    this.posting = null;
    if (this.waiting === 0) return;
    const batches = this.outbox;
    this.outbox = [];
    this.waiting = 0;
    this.worker.postMessage({ type: 'batches', batches } satisfies ToWorker);
  }

  private query(sql: string, params: unknown[], rowMode: 'object' | 'array'): Promise<unknown[]> {
    const id = ++this.nextQueryId;
    return new Promise((resolve, reject) => {
      this.queries.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'query', id, sql, params, rowMode } satisfies ToWorker);
    });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'projected':
        this.projected(message.seq);
        break;
      case 'writeFailed':
        this.waiters.fail(); // before the listener, which may throw
        this.onError(new Error(message.message));
        break;
      case 'rows':
      case 'queryFailed': {
        const query = this.queries.get(message.id);
        this.queries.delete(message.id);
        if (message.type === 'rows') query?.resolve(message.rows);
        else query?.reject(new Error(message.message));
        break;
      }
      case 'stopped':
        this.stopped?.(message.seq);
        break;
    }
  }

  /** The worker died: nothing waiting on it may hang (the next start re-publishes what it had not written). */
  private crashed(error: Error): void {
    this.dead = true;
    this.waiters.fail();
    for (const query of this.queries.values()) query.reject(error);
    this.queries.clear();
    this.stopped?.(this.projectedSeq);
    this.onError(error); // last: the listener may throw
  }

  private projected(seq: number): void {
    if (seq <= this.projectedSeq) return;
    this.projectedSeq = seq;
    this.waiters.reached(seq);
  }
}
