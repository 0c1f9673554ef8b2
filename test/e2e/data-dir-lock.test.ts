/**
 * One server per DATA_DIR, through `npm start`'s entry point: a second server on a data directory in use
 * exits at once with why, before it opens the journal or the embedded history store, and the first serves on;
 * after the first crashes (SIGKILL), the next start takes the directory over and recovers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startServerProcess, type ServerProcess } from '../support/process.ts';

describe('DATA_DIR held by one server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-data-dir-lock-'));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'error' }; // the embedded history store: a second PGlite on the cluster would corrupt it
  const running: ServerProcess[] = [];
  after(async () => {
    for (const server of running) await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second server while the first runs; the first serves on; a start after a crash takes over', async () => {
    const first = await startServerProcess(env);
    running.push(first);
    const readyStatus = async (server: ServerProcess) => (await fetch(`${server.baseUrl}/ready`)).status;
    assert.equal(await readyStatus(first), 200);
    const journalBefore = readFileSync(join(dataDir, 'engine', 'journal-000000000001.log'));

    await assert.rejects(startServerProcess(env), (error: Error) => {
      assert.match(error.message, /server exited \(1\) before listening/);
      assert.match(error.message, new RegExp(`DATA_DIR ${dataDir} is in use by another openconnex server \\(process ${first.child.pid}\\)`));
      return true;
    });
    assert.equal(await readyStatus(first), 200, 'the first server still serves');
    assert.deepEqual(readFileSync(join(dataDir, 'engine', 'journal-000000000001.log')), journalBefore, 'the journal untouched by the refused start');

    await first.kill();
    running.pop();
    const next = await startServerProcess(env);
    running.push(next);
    assert.equal(await readyStatus(next), 200, 'recovered from the crashed server’s journal');
    assert.equal(readFileSync(join(dataDir, 'server.pid'), 'utf8'), `${next.child.pid}\n`);
  });
});
