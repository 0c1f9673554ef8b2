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

/** Takes the next id of the sequence at time `ts`. */
export function nextId(sequence: IdSequence, ts: number): string {
  const [lastMs, seq] = following(sequence, ts);
  sequence.lastMs = lastMs;
  sequence.seq = seq;
  return idText(lastMs, seq);
}

/** The id nextId would take at `ts`, leaving the sequence as it is. */
export function peekId(sequence: Readonly<IdSequence>, ts: number): string {
  return idText(...following(sequence, ts));
}

function following({ lastMs, seq }: Readonly<IdSequence>, ts: number): [number, number] {
  if (ts > lastMs) return [ts, 0];
  return seq + 1 >= SEQ_PER_MS ? [lastMs + 1, 0] : [lastMs, seq + 1];
}

/** Exact in a double until the year 2255; bigint arithmetic past it. */
function idText(ms: number, seq: number): string {
  const id = ms * SEQ_PER_MS + seq;
  return Number.isSafeInteger(id) ? String(id) : String(BigInt(ms) * BigInt(SEQ_PER_MS) + BigInt(seq));
}

export const SIXTEEN_DIGITS = /^\d{16}$/;
