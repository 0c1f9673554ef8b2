/**
 * The journal's writer thread: it writes the batches the main thread posts, in the order posted, then
 * makes them durable with one fdatasync per file for all the batches queued by then (group commit), and
 * reports the last seq made durable. The main thread never waits on the disk, except in `waitFor` (a drain).
 *
 * A batch may ask for room ahead (`zeroFill`): once it has reported, the writer writes zeros there and
 * makes them durable, so that the batches that follow overwrite blocks the file already has. Their
 * fdatasync then flushes data only, with no file size to commit: here a group became durable in 15–25 %
 * less time, for 10 % less of the machine's CPU (README "Durability"). A zero fill that fails is left: a
 * write past the end of a file still lands.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export type WriterReport = { seq: number; ms: number } | { error: string; code?: string };

/** Zeros to write after the batch's report, from `from` (or past the batches written with it) to `to`: room for the batches that follow. */
export interface ZeroFill {
  from: number;
  to: number;
}

/** The slots of the counters shared with the writer. */
const REPORTS = 0;
const FILLS = 1;

/** Plain JavaScript run with `eval`, so it needs no loader from source or in the build. */
const WRITER_SOURCE = `
const REPORTS = ${REPORTS}, FILLS = ${FILLS};
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { writeSync, fdatasyncSync } = require('node:fs');
const { port, counters } = workerData;
let failed = false;
function write(fd, bytes, position) {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset, position + offset);
}
/** Zeros from the end of what the turn wrote to the file (later batches of the turn may be there already) to the room's end. */
function fillWithZeros({ fd, zeroFill }, writtenTo) {
  const from = Math.max(zeroFill.from, writtenTo.get(fd));
  if (from >= zeroFill.to) return;
  try {
    write(fd, Buffer.alloc(zeroFill.to - from), from);
    fdatasyncSync(fd);
  } catch {}
}
port.on('message', (first) => {
  if (failed) return;
  const started = performance.now();
  const writtenTo = new Map();
  const fills = [];
  let last = first;
  try {
    for (let batch = first; batch; batch = receiveMessageOnPort(port)?.message) {
      write(batch.fd, batch.bytes, batch.position);
      writtenTo.set(batch.fd, batch.position + batch.bytes.length);
      if (batch.zeroFill) fills.push(batch);
      last = batch;
    }
    for (const fd of writtenTo.keys()) fdatasyncSync(fd);
    port.postMessage({ seq: last.seq, ms: performance.now() - started });
  } catch (error) {
    failed = true;
    port.postMessage({ error: String(error && error.message), code: error && error.code });
  }
  Atomics.add(counters, REPORTS, 1);
  Atomics.notify(counters, REPORTS);
  for (const batch of fills) {
    if (!failed) fillWithZeros(batch, writtenTo);
    Atomics.add(counters, FILLS, 1);
  }
  if (fills.length > 0) Atomics.notify(counters, FILLS);
});
`;

export class WriterThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** Counts the writer's reports and zero fills done, so that a drain can sleep until the next one. */
  private readonly counters = new Int32Array(new SharedArrayBuffer(8));
  private postedSeq = 0;
  private fillsPosted = 0;
  private reportedSeq = 0;
  private failed = false;

  constructor(private readonly onReport: (report: WriterReport) => void) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WRITER_SOURCE, { eval: true, execArgv: [], workerData: { port: port2, counters: this.counters }, transferList: [port2] });
    this.worker.unref();
    this.worker.on('error', (error) => this.received({ error: `writer thread: ${error.message}` })); // no write lands after it
    this.port.on('message', (report: WriterReport) => this.received(report));
    this.port.unref();
  }

  /** Posts one batch (its buffer is handed over, not copied): the records up to `seq`, written to `fd` at `position`. */
  post(fd: number, bytes: Buffer, position: number, seq: number, zeroFill?: ZeroFill): void {
    if (this.idle) this.port.ref(); // the process stays up for what it has asked to be made durable
    this.postedSeq = seq;
    if (zeroFill) this.fillsPosted++;
    this.port.postMessage({ fd, bytes, position, seq, zeroFill }, [bytes.buffer as ArrayBuffer]);
  }

  /**
   * Blocks this thread until the writer has reported on every batch posted, taking its reports as they
   * come, and has done its zero fills: the file may be closed then, and its fd number taken again.
   */
  waitForAll(): void {
    while (!this.idle) {
      const seen = Atomics.load(this.counters, REPORTS);
      for (let message; (message = receiveMessageOnPort(this.port)); ) this.received(message.message as WriterReport);
      if (!this.idle) Atomics.wait(this.counters, REPORTS, seen);
    }
    // A writer that failed (or died) fills nothing more: its failure is known here once the loop above has ended.
    for (let done; !this.failed && (done = Atomics.load(this.counters, FILLS)) < this.fillsPosted; ) Atomics.wait(this.counters, FILLS, done);
  }

  stop(): void {
    this.port.close();
    void this.worker.terminate();
  }

  /** A batch posted has not been reported on yet. */
  get busy(): boolean {
    return !this.idle;
  }

  private get idle(): boolean {
    return this.failed || this.reportedSeq >= this.postedSeq;
  }

  private received(report: WriterReport): void {
    if ('error' in report) this.failed = true;
    else this.reportedSeq = report.seq;
    if (this.idle) this.port.unref();
    this.onReport(report);
  }
}
