/**
 * One server per data directory. Two processes appending to one journal, or opening one PGlite cluster,
 * destroy both (a journal with a gap, an aborted cluster): the second is refused at once, before it
 * touches anything. `DATA_DIR/server.pid` holds the owner's process id, as PostgreSQL's postmaster.pid
 * does: a file whose process is gone (a crash, SIGKILL) is stale and taken over; one of this process's
 * own id it does not hold here is left from an earlier life of the same id (a container's fixed pid).
 */
import { mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'server.pid';
/** The data directories this process holds. */
const held = new Set<string>();

export class DataDirLock {
  private released = false;

  private constructor(private readonly path: string) {}

  /** Takes `dataDir` for this process (creating it), or throws naming the process that holds it. */
  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, FILE);
    if (!created(path)) {
      const owner = ownerOf(path);
      if (owner !== undefined && isHeldElsewhere(owner, path)) throw new Error(inUse(dataDir, owner, path));
      takeOver(path);
      const winner = ownerOf(path);
      if (winner !== process.pid) throw new Error(inUse(dataDir, winner, path)); // another server took it over at the same moment
    }
    held.add(path);
    return new DataDirLock(path);
  }

  /** Gives the directory up (a clean shutdown, or a start that failed); once. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.path);
    if (ownerOf(this.path) === process.pid) unlinkSync(this.path);
  }
}

/** Creates the file with this process's id; false if it exists. */
function created(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeFileSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Replaces the file in one step (a rename), so a reader never sees it half written. */
function takeOver(path: string): void {
  const next = `${path}.${process.pid}`;
  writeFileSync(next, `${process.pid}\n`);
  renameSync(next, path);
}

function ownerOf(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function isHeldElsewhere(pid: number, path: string): boolean {
  if (pid === process.pid) return held.has(path);
  return isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it runs, under another user
  }
}

function inUse(dataDir: string, pid: number | undefined, path: string): string {
  return `DATA_DIR ${dataDir} is in use by another openconnex server (process ${pid ?? 'unknown'}): stop it first. If no server runs there, remove ${path}.`;
}
