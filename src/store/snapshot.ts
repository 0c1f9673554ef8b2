/**
 * Engine snapshots, one file per seq (`snapshot-<seq>.json`): each written whole to a temp file,
 * fsynced, then renamed into place. Several are kept when history projection is behind the newest
 * (see EngineRuntime): recovery may start from an older one to re-publish unprojected events.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory } from './journal.ts';

const SNAPSHOT_PATTERN = /^snapshot-(\d{12})\.json$/;

export interface SnapshotHeader {
  seq: number;
  ts: number;
  hash: string;
}

function snapshotName(seq: number): string {
  return `snapshot-${String(seq).padStart(12, '0')}.json`;
}

/** `stateText` is the codec encoding of the state right after command `seq`. */
export async function writeSnapshot(dir: string, header: SnapshotHeader, stateText: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const name = snapshotName(header.seq);
  const temp = join(dir, `${name}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.write(`${JSON.stringify(header)}\n${stateText}`);
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

export function readSnapshot(dir: string, seq: number): { header: SnapshotHeader; stateText: string } {
  const text = readFileSync(join(dir, snapshotName(seq)), 'utf8');
  const newline = text.indexOf('\n');
  return { header: JSON.parse(text.slice(0, newline)) as SnapshotHeader, stateText: text.slice(newline + 1) };
}

/** Deletes every snapshot whose seq is not in `keep`. */
export function pruneSnapshots(dir: string, keep: ReadonlySet<number>): void {
  for (const seq of snapshotSeqs(dir)) {
    if (!keep.has(seq)) unlinkSync(join(dir, snapshotName(seq)));
  }
}
