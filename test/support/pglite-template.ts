/**
 * A fresh PGlite cluster costs an initdb (seconds of CPU, ~600 MB peak); a copy of an initialized,
 * migrated one costs a reopen. One template per machine, per migration set and PGlite version,
 * built in a private directory and renamed into place, so parallel test processes share it safely.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryDatabase } from '../../src/store/history/database.ts';

const root = new URL('../../', import.meta.url);

function templateDir(): string {
  const fingerprint = createHash('sha256')
    .update(readFileSync(new URL('src/store/history/migrations/meta/_journal.json', root)))
    .update(readFileSync(new URL('node_modules/@electric-sql/pglite/package.json', root)))
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), `openconnex-pglite-${fingerprint}`);
}

let ready: Promise<string> | undefined;

async function buildTemplate(): Promise<string> {
  const target = templateDir();
  if (existsSync(target)) return target;
  const workDir = mkdtempSync(join(tmpdir(), 'openconnex-pglite-build-'));
  const database = await openHistoryDatabase({ dataDir: workDir, schemaName: 'public' });
  await database.close();
  try {
    renameSync(join(workDir, 'history'), target);
  } catch (error) {
    if (!existsSync(target)) throw error; // another process won the race
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return target;
}

/** Seeds DATA_DIR/history with a migrated PGlite cluster, unless the data dir already has one. */
export async function seedPgliteHistory(dataDir: string): Promise<void> {
  const history = join(dataDir, 'history');
  if (existsSync(history)) return;
  ready ??= buildTemplate();
  cpSync(await ready, history, { recursive: true });
}
