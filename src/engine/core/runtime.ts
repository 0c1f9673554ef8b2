/**
 * Hosts the engine: stamps each command with time, applies it, journals it, and acknowledges it
 * (and publishes its events) only once the journal has it on disk. Recovery = snapshot + journal tail.
 * This is the one `submit` seam the transports use.
 *
 * Projections (history) consume the published events asynchronously, so a crash can lose events
 * they had not yet written. For them the runtime keeps what is needed to publish those events again:
 * a snapshot at or before the projection's checkpoint and the journal after it (`retainEventsAfter`),
 * and on open it re-applies the journal from there and holds the events of the records after the
 * checkpoint (`replayEventsAfter`) for `takeReplayedEvents`.
 *
 * Fail-stop on a bug: a command refused with ApiError has changed nothing, but one that throws anything
 * else may have written part of its changes, which the journal (that never gets the command) does not
 * have. Then, before any other command can run, the runtime reports it (`onBug`), writes out the journal
 * and rebuilds the state from the newest snapshot plus the journal, as `open` does, swaps it in
 * (`onRebuilt`) and rethrows the error to that command's caller. Replayed commands publish nothing again;
 * batches not yet published stay in the outbox. If the rebuild fails, every later write is refused.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ApiError, SUCCESS_CODE } from '../../catalogue/index.ts';
import { FileJournal, type JournalRecord, type WriteListener } from '../../store/journal/journal.ts';
import { decode, encode } from '../../store/journal/codec.ts';
import { pruneSnapshots, readSnapshot, snapshotSeqs, stateDigest, writeSnapshot } from '../../store/journal/snapshot.ts';
import { Engine, type Stamped } from './engine.ts';
import type { EventBatch } from './events.ts';
import type { Command, CommandType, PayloadOf, ResultOf } from './commands.ts';
import { fundingDue } from '../funding/index.ts';
import { STATE_FORMAT, upgradeState, type State } from './state.ts';

export interface RuntimeOptions {
  dataDir: string;
  clock?: () => number;
  /** Take a snapshot after this many journaled commands… */
  snapshotEvery?: number;
  /**
   * …once the journal written since the last snapshot is also at least this percent of that
   * snapshot's size (default 100; 0: by count alone). A snapshot costs time in proportion to the
   * state, which grows with the finished orders kept for the retention; this keeps its share of the
   * work bounded (a command pays for at most its own journal bytes of snapshot), and recovery replays
   * at most about one snapshot's worth of journal.
   */
  snapshotJournalPercent?: number;
  onBug?: (error: unknown, command: Command) => void;
  /** After a bug: the state was rebuilt from snapshot `fromSnapshotSeq` and the journal up to `seq`, in `ms`. */
  onRebuilt?: (rebuilt: { fromSnapshotSeq: number; seq: number; ms: number }) => void;
  /** Recover from a snapshot at or before this seq, and hold the events of later records for re-publishing. */
  replayEventsAfter?: number;
  /** The seq up to which events are safely consumed (a projection checkpoint); history after it is kept. */
  retainEventsAfter?: () => number;
  /** Told of every submitted command: SUCCESS_CODE when applied, else the catalogue code it was refused with (500: a bug). */
  onCommand?: (type: CommandType, code: number) => void;
  /** Told how long each group commit of the journal took (ms). */
  onJournalWrite?: WriteListener;
}

export type Submit = <K extends CommandType>(type: K, payload: PayloadOf<K>) => Promise<ResultOf<K>>;
export type EventListener = (batch: EventBatch) => void;

export class EngineRuntime {
  private lastTs = 0;
  private lastSnapshotSeq = 0;
  private lastSnapshotBytes = 0;
  private lastSnapshotTs = 0;
  private journalBytesSinceSnapshot = 0;
  private snapshotting: Promise<void> | null = null;
  /** Set when a rebuild after a bug failed: every later write answers 400011 until a restart. */
  private halted = false;
  private readonly listeners: EventListener[] = [];
  private readonly outbox: EventBatch[] = [];
  private replayed: EventBatch[] = [];
  private baseSeq = 0;
  private lastPublishedSeq = 0;
  private readonly clock: () => number;
  private readonly snapshotEvery: number;
  private readonly snapshotJournalPercent: number;

  private constructor(
    private engine: Engine,
    private readonly journal: FileJournal,
    private readonly options: RuntimeOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.snapshotEvery = options.snapshotEvery ?? 50_000;
    this.snapshotJournalPercent = options.snapshotJournalPercent ?? 100;
  }

  static async open(options: RuntimeOptions): Promise<EngineRuntime> {
    const dir = join(options.dataDir, 'engine');
    const baseSeq = recoveryBase(dir, options.replayEventsAfter);
    const replayAfter = options.replayEventsAfter ?? Number.MAX_SAFE_INTEGER;
    const restored = restore(dir, baseSeq, replayAfter, (onRecord) => FileJournal.open(dir, baseSeq, onRecord, options.onJournalWrite));
    const runtime = new EngineRuntime(restored.engine, restored.journal, options);
    runtime.lastTs = restored.lastTs;
    runtime.lastSnapshotSeq = baseSeq;
    runtime.lastSnapshotBytes = restored.stateBytes;
    runtime.lastSnapshotTs = restored.snapshotTs ?? runtime.clock();
    runtime.replayed = restored.replayed;
    runtime.baseSeq = baseSeq;
    runtime.lastPublishedSeq = restored.journal.lastAppendedSeq;
    return runtime;
  }

  /** The snapshot seq recovery started from (0: the empty state); events after it could be re-published. */
  get recoveredFromSeq(): number {
    return this.baseSeq;
  }

  /** The events of journal records after `replayEventsAfter`, once; feed them to the projection first. */
  takeReplayedEvents(): EventBatch[] {
    const batches = this.replayed;
    this.replayed = [];
    return batches;
  }

  /** Live state for reads. Never mutate it outside a command. */
  get state(): Readonly<State> {
    return this.engine.state;
  }

  get seq(): number {
    return this.journal.lastAppendedSeq;
  }

  /** The seq of the newest snapshot taken (or being written); 0: none since the empty state. */
  get snapshotSeq(): number {
    return this.lastSnapshotSeq;
  }

  /** The time of the newest snapshot's state (with none yet: when this runtime opened). */
  get snapshotTs(): number {
    return this.lastSnapshotTs;
  }

  /** The size of the newest snapshot's state (0: none yet). */
  get snapshotBytes(): number {
    return this.lastSnapshotBytes;
  }

  /** A rebuild after a bug failed: every write is refused (400011) until a restart. */
  get stopped(): boolean {
    return this.halted;
  }

  /** Every command up to this seq is durable and its events are published. */
  get publishedSeq(): number {
    return this.lastPublishedSeq;
  }

  onEvents(listener: EventListener): void {
    this.listeners.push(listener);
  }

  readonly submit: Submit = async (type, payload) => {
    const ts = Math.max(this.clock(), this.lastTs);
    if (!this.halted && fundingDue(this.engine.state, ts)) {
      // A funding boundary the command's venue time has passed is settled first, by a command of its own (decisions L7);
      // its durability is the command's, since the journal makes records durable in order.
      void this.applyAndJournal({ type: 'settleFunding', payload: {} } as Command, ts).durable.catch(() => {});
    }
    const { result, seq, durable } = this.applyAndJournal({ type, payload } as Command, ts);
    await durable;
    this.publishUpTo(seq);
    return result as ResultOf<typeof type>;
  };

  private applyAndJournal(command: Command, ts: number): { result: unknown; seq: number; durable: Promise<void> } {
    let applied;
    try {
      if (this.halted) throw new ApiError(400011);
      applied = this.engine.apply(ts, command as Extract<Command, { type: typeof command.type }>);
    } catch (error) {
      this.options.onCommand?.(command.type, error instanceof ApiError ? error.code : 500);
      if (!(error instanceof ApiError)) this.failStop(error, command);
      throw error;
    }
    this.options.onCommand?.(command.type, SUCCESS_CODE);
    this.lastTs = ts;
    const record = encode({ ts, command } satisfies Stamped);
    const { seq, durable } = this.journal.append(record);
    this.journalBytesSinceSnapshot += record.length;
    if (applied.events.length > 0) this.outbox.push({ seq, ts: applied.ts, events: applied.events });
    if (this.snapshotDue(seq)) this.startSnapshot(seq, ts);
    return { result: applied.result, seq, durable };
  }

  stateHash(): string {
    return createHash('sha256').update(encode(this.engine.state)).digest('hex');
  }

  /** Snapshot now (e.g. on shutdown) and wait for it; never once stopped (the state may be half-written). */
  async snapshot(): Promise<void> {
    await this.snapshotting;
    if (this.halted) return;
    this.startSnapshot(this.journal.lastAppendedSeq, this.lastTs);
    await this.snapshotting;
  }

  async close(): Promise<void> {
    await this.snapshot(); // it writes out the journal first
    this.journal.close();
  }

  /** A command threw a bug and may have written half its changes: rebuild the state from disk, or stop. */
  private failStop(error: unknown, command: Command): void {
    this.options.onBug?.(error, command);
    try {
      this.rebuild();
    } catch (rebuildError) {
      this.halted = true;
      this.options.onBug?.(new Error('engine stopped: its state could not be rebuilt after a bug', { cause: rebuildError }), command);
    }
  }

  /** The state after every journaled command, from the newest snapshot on disk and the journal, as on open. */
  private rebuild(): void {
    const started = performance.now();
    const dir = join(this.options.dataDir, 'engine');
    this.journal.drain(); // every appended record on disk, so that the replay sees it
    const baseSeq = recoveryBase(dir, undefined); // a snapshot still being written is not on disk yet
    const restored = restore(dir, baseSeq, Number.MAX_SAFE_INTEGER, (onRecord) => FileJournal.replay(dir, baseSeq, onRecord));
    if (restored.journal !== this.journal.lastAppendedSeq) {
      throw new Error(`rebuilt up to seq ${restored.journal} but the journal holds ${this.journal.lastAppendedSeq}`);
    }
    this.engine = restored.engine;
    this.options.onRebuilt?.({ fromSnapshotSeq: baseSeq, seq: restored.journal, ms: performance.now() - started });
  }

  private snapshotDue(seq: number): boolean {
    return (
      seq - this.lastSnapshotSeq >= this.snapshotEvery &&
      this.journalBytesSinceSnapshot * 100 >= this.lastSnapshotBytes * this.snapshotJournalPercent
    );
  }

  private startSnapshot(seq: number, ts: number): void {
    if (this.snapshotting) return;
    const state = Buffer.from(encode(this.engine.state));
    this.lastSnapshotSeq = seq;
    this.lastSnapshotBytes = state.length;
    this.lastSnapshotTs = ts;
    this.journalBytesSinceSnapshot = 0;
    const dir = join(this.options.dataDir, 'engine');
    this.snapshotting = (async () => {
      const hash = await stateDigest(state);
      this.journal.drain();
      await writeSnapshot(dir, { seq, ts, hash, format: STATE_FORMAT }, state);
      const keepFrom = this.retainedBase(dir, seq);
      pruneSnapshots(dir, new Set([keepFrom, seq]));
      this.journal.rotate(keepFrom);
    })().finally(() => {
      this.snapshotting = null;
    });
  }

  /** The oldest snapshot seq to keep: the newest one at or before what consumers have taken. */
  private retainedBase(dir: string, newest: number): number {
    const consumed = this.options.retainEventsAfter?.() ?? Number.MAX_SAFE_INTEGER;
    if (newest <= consumed) return newest;
    return snapshotSeqs(dir).filter((seq) => seq <= consumed).pop() ?? 0;
  }

  private publishUpTo(seq: number): void {
    this.lastPublishedSeq = Math.max(this.lastPublishedSeq, seq);
    while (this.outbox.length > 0 && this.outbox[0].seq <= seq) {
      const batch = this.outbox.shift()!;
      for (const listener of this.listeners) listener(batch);
    }
  }
}

/**
 * The engine at snapshot `baseSeq` (0: the empty state) plus the journal records `readJournal` reports
 * after it (what it returns is passed on), with the events of the records after `replayAfter`.
 */
function restore<J>(dir: string, baseSeq: number, replayAfter: number, readJournal: (onRecord: (record: JournalRecord) => void) => J) {
  const snapshot = baseSeq > 0 ? readSnapshot(dir, baseSeq) : null;
  const engine = new Engine(snapshot ? upgradeState(decode<State>(snapshot.stateText), snapshot.header.format ?? 1) : undefined);
  const replayed: EventBatch[] = [];
  let lastTs = snapshot?.header.ts ?? 0;
  const journal = readJournal(({ seq, payload }) => {
    const stamped = decode<Stamped>(payload);
    const { events, ts } = engine.apply(stamped.ts, stamped.command);
    if (seq > replayAfter && events.length > 0) replayed.push({ seq, ts, events });
    lastTs = stamped.ts;
  });
  return { engine, journal, lastTs, snapshotTs: snapshot?.header.ts, stateBytes: snapshot?.stateBytes ?? 0, replayed };
}

/**
 * The snapshot to recover from: the newest whose journal tail is still kept, and with
 * `replayAfter` the newest at or before it (0 = the empty state, usable while the journal starts at 1).
 */
function recoveryBase(dir: string, replayAfter: number | undefined): number {
  const firstSeq = FileJournal.firstRetainedSeq(dir) ?? 1;
  const usable = [0, ...snapshotSeqs(dir)].filter((seq) => seq >= firstSeq - 1);
  const wanted = replayAfter === undefined ? usable : usable.filter((seq) => seq <= replayAfter);
  return (wanted.length > 0 ? wanted : usable).pop() ?? 0;
}
