/**
 * CPU time per thread of this process, from /proc (Linux): benches report where a request's CPU
 * goes (main thread vs. the rest) as figures that vary far less than throughput on a shared machine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** /proc counts in USER_HZ, which Linux fixes at 100 for every architecture. */
const TICKS_PER_SECOND = 100;

export interface ThreadCpu {
  /** Milliseconds of user + system time, by thread id. */
  byThread: Map<number, number>;
}

export function threadCpu(): ThreadCpu | null {
  if (!existsSync('/proc/self/task')) return null;
  const byThread = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      byThread.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { byThread };
}

/** Milliseconds each thread used between two readings; the main thread's id is the process id. */
export function cpuBetween(before: ThreadCpu, after: ThreadCpu): { main: number; others: number[] } {
  const spent = [...after.byThread].map(([tid, ms]) => ({ tid, ms: ms - (before.byThread.get(tid) ?? 0) }));
  return {
    main: spent.find((thread) => thread.tid === process.pid)?.ms ?? 0,
    others: spent.filter((thread) => thread.tid !== process.pid).map((thread) => thread.ms).sort((a, b) => b - a),
  };
}
