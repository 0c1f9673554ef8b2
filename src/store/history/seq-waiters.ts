/** Readers waiting for the projection to reach a journal seq (read-your-writes). */
import { ApiError } from '../../catalogue/index.ts';

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class SeqWaiters {
  private waiters: Waiter[] = [];

  wait(seq: number): Promise<void> {
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** The projection reached `seq`: wakes everyone waiting for it or less. */
  reached(seq: number): void {
    const ready = this.waiters.filter((waiter) => waiter.seq <= seq);
    this.waiters = this.waiters.filter((waiter) => waiter.seq > seq);
    for (const waiter of ready) waiter.resolve();
  }

  /** A write failed (the database is unreachable): 400012 to everyone waiting, rather than hang a request. */
  fail(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(new ApiError(400012));
  }
}
