/**
 * Write-ahead journal on local files: append-only segments of CRC-framed records, made durable by
 * group commit. The records appended go to the writer thread in one batch at the end of the turn, or
 * while it is busy, at its next report; it writes the batches in order and makes all those queued by then
 * durable with one fdatasync (writer-thread.ts). A record's `durable` resolves once that fdatasync has
 * returned, and the main thread never waits on the disk (it did, in a synchronous O_DSYNC write, for
 * 16 % of its time under load), except to drain.
 *
 * Frame: u32 payload length | u32 crc32(payload) | payload (UTF-8). A torn or corrupt tail frame
 * (a crash mid-write) ends the readable journal and is cut off on open.
 *
 * The segment being written keeps zeroed room ahead of its records (writer-thread.ts: a write into
 * blocks the file has costs its fdatasync less than an append). A zero length is no frame: the
 * records end there. A segment closed or rotated is cut to its records; one left by a crash is cut on open.
 */
import { closeSync, constants, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { WriterThread, type WriterReport, type ZeroFill } from './writer-thread.ts';

const HEADER_BYTES = 8;
/** Zeroed room added ahead of the records at a time (1 MiB: ~1.5 ms of the writer's time here), once less than ROOM_LOW is left. */
const ROOM_CHUNK_BYTES = 1024 * 1024;
const ROOM_LOW_BYTES = 256 * 1024;
const SEGMENT_PATTERN = /^journal-(\d{12})\.log$/;

export interface JournalRecord {
  seq: number;
  payload: string;
}

/** Told the milliseconds the writer thread took to write and make durable one group of batches. */
export type WriteListener = (ms: number) => void;

/** The records appended between two flushes: they become durable together, so they share one promise. */
interface Group {
  /** The seq of its last record, once flushed (until then more may join). */
  lastSeq: number;
  durable: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function newGroup(): Group {
  const group = { lastSeq: Infinity } as Group;
  group.durable = new Promise<void>((resolve, reject) => {
    group.resolve = resolve;
    group.reject = reject;
  });
  return group;
}

/** A segment starts with the record whose seq is in its name. */
function segmentName(firstSeq: number): string {
  return `journal-${String(firstSeq).padStart(12, '0')}.log`;
}

/** The frames of `payloads` in one buffer of its own (it is handed over to the writer thread); each CRC of the text's UTF-8, read from the text (no view of the buffer made per record). */
function frames(payloads: readonly string[]): Buffer {
  let size = 0;
  for (const payload of payloads) size += HEADER_BYTES + Buffer.byteLength(payload, 'utf8');
  const bytes = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  for (const payload of payloads) {
    const length = bytes.write(payload, offset + HEADER_BYTES, 'utf8');
    bytes.writeUInt32LE(length, offset);
    bytes.writeUInt32LE(crc32(payload), offset + 4);
    offset += HEADER_BYTES + length;
  }
  return bytes;
}

/** Bytes read from a segment at a time: recovery holds one chunk of the journal, never the whole of it. */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Reports the payload of each valid frame of one segment, in order, as it reads; returns where the
 * valid frames end (a torn or corrupt tail begins there).
 */
function readSegment(path: string, onPayload: (payload: string) => void): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, size));
    /** The unread bytes are chunk[start, end); chunk[start] is at `validBytes` in the file. */
    let start = 0;
    let end = 0;
    let validBytes = 0;
    for (;;) {
      while (end - start >= HEADER_BYTES) {
        const length = chunk.readUInt32LE(start);
        if (length === 0) return validBytes; // the zeroed room past the last record
        const frameEnd = start + HEADER_BYTES + length;
        if (frameEnd > end) break;
        const body = chunk.subarray(start + HEADER_BYTES, frameEnd);
        if (crc32(body) !== chunk.readUInt32LE(start + 4)) return validBytes;
        onPayload(body.toString('utf8'));
        validBytes += frameEnd - start;
        start = frameEnd;
      }
      const frameBytes = end - start >= HEADER_BYTES ? HEADER_BYTES + chunk.readUInt32LE(start) : HEADER_BYTES;
      if (validBytes + frameBytes > size) return validBytes; // the file ends inside this frame: a torn tail
      const next = frameBytes > chunk.length ? Buffer.allocUnsafe(frameBytes) : chunk;
      end = chunk.copy(next, 0, start, end);
      start = 0;
      chunk = next;
      const read = readSync(fd, chunk, end, chunk.length - end, validBytes + end);
      if (read === 0) return validBytes; // shorter than when it was opened
      end += read;
    }
  } finally {
    closeSync(fd);
  }
}

export class FileJournal {
  private fd: number | null = null;
  private pending: string[] = [];
  /** The group `pending` is, made on its first record. */
  private pendingGroup: Group | null = null;
  /** The groups handed to the writer and not yet durable, in seq order. */
  private flushed: Group[] = [];
  private flushScheduled = false;
  private failure: Error | null = null;
  /** Last seq handed out by append. */
  private lastSeq = 0;
  /** Last seq handed to the writer; a new segment is named after the record that follows it. */
  private writtenSeq = 0;
  /** Where the next batch goes in the current segment, and how far its zeroed room (asked for) reaches. */
  private segmentEnd = 0;
  private segmentRoom = 0;
  private readonly writer = new WriterThread((report) => this.reported(report));

  private constructor(
    private readonly dir: string,
    private readonly onWrite?: WriteListener,
  ) {}

  /**
   * Opens the journal directory, cutting off a torn tail, and reports the records after `afterSeq`;
   * `onWrite` hears how long each group of writes took to become durable.
   */
  static open(dir: string, afterSeq: number, onRecord: (record: JournalRecord) => void, onWrite?: WriteListener): FileJournal {
    mkdirSync(dir, { recursive: true });
    const lastSeq = readRecords(dir, afterSeq, onRecord, true);
    const journal = new FileJournal(dir, onWrite);
    journal.lastSeq = journal.writtenSeq = lastSeq;
    journal.startSegment();
    return journal;
  }

  /** Reports the records after `afterSeq` as `open` does, read-only (nothing is cut off); returns the last seq. */
  static replay(dir: string, afterSeq: number, onRecord: (record: JournalRecord) => void): number {
    return readRecords(dir, afterSeq, onRecord, false);
  }

  /** The seq of the last appended record (durable or about to be). */
  get lastAppendedSeq(): number {
    return this.lastSeq;
  }

  /** Queues a record; resolves once it is on disk. Records are numbered in append order. */
  append(payload: string): { seq: number; durable: Promise<void> } {
    if (this.failure) throw this.failure;
    const seq = ++this.lastSeq;
    this.pending.push(payload);
    this.pendingGroup ??= newGroup();
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return { seq, durable: this.pendingGroup.durable };
  }

  /** The seq of the oldest record the journal in `dir` still holds (undefined: no segment at all). */
  static firstRetainedSeq(dir: string): number | undefined {
    if (!existsSync(dir)) return undefined;
    return segmentsIn(dir)[0]?.firstSeq;
  }

  /** Starts a fresh segment and drops the segments whose records are all at or before `keepAfterSeq`. */
  rotate(keepAfterSeq: number): void {
    this.drain(); // the writer holds no batch for the segment closed here
    this.closeSegment();
    this.startSegment();
    const segments = segmentsIn(this.dir);
    for (let i = 0; i < segments.length - 1; i++) {
      const nextFirst = segments[i + 1].firstSeq;
      if (nextFirst - 1 <= keepAfterSeq) unlinkSync(join(this.dir, segments[i].name));
    }
  }

  /** Makes every appended record durable now, waiting for the writer, rather than after the turn; throws if the journal failed. */
  drain(): void {
    this.flush(true);
    this.writer.waitForAll();
    if (this.failure) throw this.failure;
  }

  close(): void {
    this.drain();
    if (this.fd !== null) this.closeSegment();
    this.fd = null;
    this.writer.stop();
  }

  /**
   * Hands everything appended since the last flush to the writer, in one batch, once it has reported on the
   * batch before (its fdatasync would hold a new one back anyway): one message per group commit, not per turn.
   */
  private flush(evenIfBusy = false): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.failure || (this.writer.busy && !evenIfBusy)) return;
    const batch = frames(this.pending);
    this.writtenSeq += this.pending.length;
    this.pending = [];
    this.pendingGroup!.lastSeq = this.writtenSeq;
    this.flushed.push(this.pendingGroup!);
    this.pendingGroup = null;
    const position = this.segmentEnd;
    this.segmentEnd += batch.length;
    this.writer.post(this.fd!, batch, position, this.writtenSeq, this.roomAhead());
  }

  /** Zeroed room to add after this batch, when what is left ahead of the records runs low. */
  private roomAhead(): ZeroFill | undefined {
    if (this.segmentRoom - this.segmentEnd >= ROOM_LOW_BYTES) return undefined;
    const from = Math.max(this.segmentRoom, this.segmentEnd);
    this.segmentRoom = from + ROOM_CHUNK_BYTES;
    return { from, to: this.segmentRoom };
  }

  private reported(report: WriterReport): void {
    if ('error' in report) return this.fail(Object.assign(new Error(`journal write failed: ${report.error}`), { code: report.code }));
    this.onWrite?.(report.ms);
    let done = 0;
    while (done < this.flushed.length && this.flushed[done].lastSeq <= report.seq) this.flushed[done++].resolve();
    this.flushed.splice(0, done);
    this.flush();
  }

  /** A failed write or fdatasync fails its records and every later one: nothing may land after it. */
  private fail(error: Error): void {
    this.failure ??= error;
    this.pending = [];
    const groups = this.pendingGroup ? [...this.flushed, this.pendingGroup] : this.flushed;
    this.flushed = [];
    this.pendingGroup = null;
    for (const group of groups) group.reject(this.failure);
  }

  /** A segment's file opened for writing after its records (an existing one was cut to them on open). */
  private startSegment(): void {
    const path = join(this.dir, segmentName(this.writtenSeq + 1));
    const existed = existsSync(path);
    this.fd = openSync(path, constants.O_WRONLY | constants.O_CREAT);
    if (!existed) fsyncDirectory(this.dir);
    this.segmentEnd = this.segmentRoom = fstatSync(this.fd).size;
  }

  /** Cuts the segment's zeroed room off (it is written no more) and closes it; the writer is drained. */
  private closeSegment(): void {
    ftruncateSync(this.fd!, this.segmentEnd);
    fsyncSync(this.fd!);
    closeSync(this.fd!);
  }
}

function segmentsIn(dir: string): { name: string; firstSeq: number }[] {
  return readdirSync(dir)
    .map((name) => ({ name, match: SEGMENT_PATTERN.exec(name) }))
    .filter((entry) => entry.match !== null)
    .map((entry) => ({ name: entry.name, firstSeq: Number(entry.match![1]) }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

/** Reports the records after `afterSeq` in order (a gap is an error); returns the last seq. */
function readRecords(dir: string, afterSeq: number, onRecord: (record: JournalRecord) => void, cutTornTail: boolean): number {
  let lastSeq = afterSeq;
  for (const { name, firstSeq } of segmentsIn(dir)) {
    const path = join(dir, name);
    let seq = firstSeq - 1;
    const validBytes = readSegment(path, (payload) => {
      if (++seq <= afterSeq) return;
      if (seq !== lastSeq + 1) throw new Error(`journal gap: expected seq ${lastSeq + 1}, found ${seq}`);
      lastSeq = seq;
      onRecord({ seq, payload });
    });
    if (cutTornTail) truncateTo(path, validBytes);
  }
  return lastSeq;
}

function truncateTo(path: string, length: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
