/**
 * 16-digit decimal ids (orders, portfolios, users): millisecond time × 1000 + a sequence within the
 * millisecond (decisions E4). Unique and increasing; derived from the command's stamped time only,
 * so a replayed journal produces the same ids.
 */
export interface IdSequence {
  lastMs: number;
  seq: number;
}

export const SEQ_PER_MS = 1000;

export function newIdSequence(): IdSequence {
  return { lastMs: 0, seq: 0 };
}

export function nextId(sequence: IdSequence, ts: number): string {
  if (ts > sequence.lastMs) {
    sequence.lastMs = ts;
    sequence.seq = 0;
  } else if (++sequence.seq >= SEQ_PER_MS) {
    sequence.lastMs += 1;
    sequence.seq = 0;
  }
  return String(BigInt(sequence.lastMs) * BigInt(SEQ_PER_MS) + BigInt(sequence.seq));
}

export const SIXTEEN_DIGITS = /^\d{16}$/;
