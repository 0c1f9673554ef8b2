/**
 * The journal's writer thread: it writes the batches the main thread posts, in the order posted, then
 * makes them durable with one fdatasync per file for all the batches queued by then (group commit), and
 * reports the last seq made durable. The main thread never waits on the disk, except in `waitFor` (a drain).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export type WriterReport = { seq: number; ms: number } | { error: string; code?: string };

/** Plain JavaScript run with `eval`, so it needs no loader from source or in the build. */
const WRITER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { writeSync, fdatasyncSync } = require('node:fs');
const { port, reports } = workerData;
let failed = false;
function write({ fd, bytes }) {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
}
port.on('message', (first) => {
  if (failed) return;
  const started = performance.now();
  const fds = new Set();
  let last = first;
  try {
    for (let batch = first; batch; batch = receiveMessageOnPort(port)?.message) {
      write(batch);
      fds.add(batch.fd);
      last = batch;
    }
    for (const fd of fds) fdatasyncSync(fd);
    port.postMessage({ seq: last.seq, ms: performance.now() - started });
  } catch (error) {
    failed = true;
    port.postMessage({ error: String(error && error.message), code: error && error.code });
  }
  Atomics.add(reports, 0, 1);
  Atomics.notify(reports, 0);
});
`;

export class WriterThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** Counts the writer's reports, so that a drain can sleep until the next one. */
  private readonly reports = new Int32Array(new SharedArrayBuffer(4));
  private postedSeq = 0;
  private reportedSeq = 0;
  private failed = false;

  constructor(private readonly onReport: (report: WriterReport) => void) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WRITER_SOURCE, { eval: true, execArgv: [], workerData: { port: port2, reports: this.reports }, transferList: [port2] });
    this.worker.unref();
    this.worker.on('error', (error) => this.received({ error: `writer thread: ${error.message}` })); // no write lands after it
    this.port.on('message', (report: WriterReport) => this.received(report));
    this.port.unref();
  }

  /** Posts one batch (its buffer is handed over, not copied): the records up to `seq`, appended to `fd`. */
  post(fd: number, bytes: Buffer, seq: number): void {
    if (this.idle) this.port.ref(); // the process stays up for what it has asked to be made durable
    this.postedSeq = seq;
    this.port.postMessage({ fd, bytes, seq }, [bytes.buffer as ArrayBuffer]);
  }

  /** Blocks this thread until the writer has reported on every batch posted, taking its reports as they come. */
  waitForAll(): void {
    while (!this.idle) {
      const seen = Atomics.load(this.reports, 0);
      for (let message; (message = receiveMessageOnPort(this.port)); ) this.received(message.message as WriterReport);
      if (!this.idle) Atomics.wait(this.reports, 0, seen);
    }
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
