/**
 * The history store as configured. Opening it is the longest step of a start (PGlite boots in its
 * worker thread), so `npm start` begins it before loading the rest of the server (main.ts).
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openHistory, type History } from '../store/history/history.ts';

export function openConfiguredHistory(config: Config, log: Logger): Promise<History> {
  return openHistory({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    schemaName: config.databaseSchema,
    onError: (error) => log.error({ err: error }, 'history projection failed, retrying'),
  });
}
