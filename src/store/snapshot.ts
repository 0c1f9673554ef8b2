/** The latest engine snapshot: written whole to a temp file, fsynced, then renamed into place. */
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory } from './journal.ts';

const FILE = 'snapshot.json';

export interface SnapshotHeader {
  seq: number;
  ts: number;
  hash: string;
}

/** `stateText` is the codec encoding of the state right after command `seq`. */
export async function writeSnapshot(dir: string, header: SnapshotHeader, stateText: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${FILE}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.write(`${JSON.stringify(header)}\n${stateText}`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  renameSync(temp, join(dir, FILE));
  fsyncDirectory(dir);
}

export function readSnapshot(dir: string): { header: SnapshotHeader; stateText: string } | null {
  const path = join(dir, FILE);
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const newline = text.indexOf('\n');
  return { header: JSON.parse(text.slice(0, newline)) as SnapshotHeader, stateText: text.slice(newline + 1) };
}
