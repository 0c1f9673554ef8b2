/**
 * Engine snapshots, one file per seq (`snapshot-<seq>.json`): a header line (seq, ts, SHA-256 of the
 * state bytes) and the state, written whole to a temp file, fsynced, then renamed into place; a state
 * whose bytes do not match its hash is refused on reading. Several are kept when history projection
 * is behind the newest (see EngineRuntime): recovery may start from an older one to re-publish
 * unprojected events.
 */
import { createHash, subtle } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory } from './journal.ts';

const SNAPSHOT_PATTERN = /^snapshot-(\d{12})\.json$/;

export interface SnapshotHeader {
  seq: number;
  ts: number;
  hash: string;
  /** The shape of the state (the engine's STATE_FORMAT); absent in snapshots written before it was numbered. */
  format?: number;
}

function snapshotName(seq: number): string {
  return `snapshot-${String(seq).padStart(12, '0')}.json`;
}

/** The hash a snapshot header carries, computed off the main thread (WebCrypto runs in the I/O pool). */
export async function stateDigest(state: Uint8Array): Promise<string> {
  return Buffer.from(await subtle.digest('SHA-256', state)).toString('hex');
}

/** `state` is the codec encoding (UTF-8) of the state right after command `header.seq`. */
export async function writeSnapshot(dir: string, header: SnapshotHeader, state: Buffer): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const name = snapshotName(header.seq);
  const temp = join(dir, `${name}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writev([Buffer.from(`${JSON.stringify(header)}\n`), state]);
    await handle.sync();
  } finally {
    await handle.close();
  }
  renameSync(temp, join(dir, name));
  fsyncDirectory(dir);
}

/** The seqs of the snapshots in `dir`, ascending. */
export function snapshotSeqs(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => SNAPSHOT_PATTERN.exec(name))
    .filter((match) => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

export function readSnapshot(dir: string, seq: number): { header: SnapshotHeader; stateText: string; stateBytes: number } {
  const bytes = readFileSync(join(dir, snapshotName(seq)));
  const newline = bytes.indexOf(0x0a);
  const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as SnapshotHeader;
  const state = bytes.subarray(newline + 1);
  if (createHash('sha256').update(state).digest('hex') !== header.hash) {
    throw new Error(`snapshot ${seq} in ${dir} is damaged: its state does not match its hash`);
  }
  return { header, stateText: state.toString('utf8'), stateBytes: state.length };
}

/** Deletes every snapshot whose seq is not in `keep`. */
export function pruneSnapshots(dir: string, keep: ReadonlySet<number>): void {
  for (const seq of snapshotSeqs(dir)) {
    if (!keep.has(seq)) unlinkSync(join(dir, snapshotName(seq)));
  }
}
