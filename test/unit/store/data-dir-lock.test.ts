/**
 * One server per data directory: a second one is refused while the first holds it; a lock whose process
 * is gone (a crash), is unreadable, or names this process's id without it holding the lock is taken over.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataDirLock } from '../../../src/store/data-dir-lock.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'openconnex-lock-'));
  dirs.push(dir);
  return dir;
}
const lockFile = (dir: string) => join(dir, 'server.pid');

/** The id of a process that has ended. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('DataDirLock', () => {
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('refuses a second holder, naming the first, until the first releases', () => {
    const dir = dataDir();
    const first = DataDirLock.acquire(dir);
    assert.equal(readFileSync(lockFile(dir), 'utf8'), `${process.pid}\n`);
    assert.throws(() => DataDirLock.acquire(dir), new RegExp(`in use by another openconnex server \\(process ${process.pid}\\)`));
    first.release();
    assert.equal(existsSync(lockFile(dir)), false);
    DataDirLock.acquire(dir).release();
  });

  it('refuses while another live process holds it', () => {
    const dir = dataDir();
    writeFileSync(lockFile(dir), `${process.ppid}\n`); // the test runner: alive
    assert.throws(() => DataDirLock.acquire(dir), new RegExp(`process ${process.ppid}`));
    assert.equal(readFileSync(lockFile(dir), 'utf8'), `${process.ppid}\n`, 'left as it was');
  });

  it('takes over a lock whose process has ended, an unreadable one, and one of its own id it does not hold', () => {
    for (const content of [`${deadPid()}\n`, '', 'garbage', `${process.pid}\n`]) {
      const dir = dataDir();
      writeFileSync(lockFile(dir), content);
      const lock = DataDirLock.acquire(dir);
      assert.equal(readFileSync(lockFile(dir), 'utf8'), `${process.pid}\n`, JSON.stringify(content));
      lock.release();
    }
  });

  it('creates a data directory that does not exist yet', () => {
    const dir = join(dataDir(), 'new', 'data');
    DataDirLock.acquire(dir).release();
  });
});
