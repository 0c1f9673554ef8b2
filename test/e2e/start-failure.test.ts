/**
 * A start whose history store cannot be opened fails with that store's error (the HTTP layer is built
 * meanwhile, but nothing listens), rather than crashing the process or hanging.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

describe('a start that cannot open its history store', () => {
  it('rejects with the store’s error', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-start-failure-'));
    try {
      const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', SIM_TICK_MS: '0', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
      await assert.rejects(startApp(config), /Failed query: CREATE SCHEMA/); // the database refused the connection
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
