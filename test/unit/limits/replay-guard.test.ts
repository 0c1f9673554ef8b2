/** The embedded replay guard (decisions C2) and the file that carries it across restarts. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setImmediate as turnEnd } from 'node:timers/promises';
import { MemoryReplayGuard, SeenFile } from '../../../src/limits/replay-guard.ts';

const TTL = 120_000;

describe('MemoryReplayGuard with its SeenFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openconnex-seen-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second sighting inside the window and forgets it after', () => {
    const guard = new MemoryReplayGuard();
    assert.equal(guard.firstSeen('a', TTL, 0), true);
    assert.equal(guard.firstSeen('a', TTL, TTL - 1), false);
    assert.equal(guard.firstSeen('a', TTL, TTL), true);
  });

  it("a new process refuses what the last one saw until it expires, across the files' turns", async () => {
    const path = join(dir, 'turns');
    const file = new SeenFile(path, 0);
    const guard = new MemoryReplayGuard(file);
    guard.firstSeen('early', TTL, 0);
    guard.firstSeen('later', TTL, TTL + 5); // the files take turns here: 'early' is in the previous one
    guard.firstSeen('latest', TTL, 2 * TTL + 10); // and here: the file holding 'early' (expired) is dropped
    await turnEnd(); // the appends of a turn are written at its end
    /** A sighting by a process started at `now` on the same files. */
    const firstSeenAfterRestart = (id: string, now: number) => {
      const restarted = new SeenFile(path, now);
      const first = new MemoryReplayGuard(restarted).firstSeen(id, TTL, now);
      restarted.close();
      return first;
    };
    assert.equal(firstSeenAfterRestart('later', 2 * TTL + 4), false, 'seen by the last process, in the previous file');
    assert.equal(firstSeenAfterRestart('latest', 2 * TTL + 11), false, 'seen by the last process, in the current file');
    assert.equal(firstSeenAfterRestart('later', 2 * TTL + 5), true, 'expired');
    file.close();
  });
});
