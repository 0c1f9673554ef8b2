/**
 * A start whose history store cannot be opened rejects with that store's error, though the HTTP layer is
 * built while the store opens: neither a crash of the process nor a start that hangs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

async function startWith(env: Record<string, string>): Promise<unknown> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-start-failure-'));
  try {
    return await startApp(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', SIM_TICK_MS: '0', ...env }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('a start that cannot open its history store', () => {
  it('PostgreSQL refusing the connection: rejects with the failed query', async () => {
    await assert.rejects(startWith({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }), /Failed query: CREATE SCHEMA/);
  });

  it('the embedded store refusing its schema name (in its worker): rejects with why', async () => {
    await assert.rejects(startWith({ DATABASE_SCHEMA: 'Bad-Name' }), /DATABASE_SCHEMA must match/);
  });
});
