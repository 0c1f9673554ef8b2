/**
 * The history store as configured. Opening it is the longest step of a start (PGlite boots in its
 * worker thread), so `npm start` begins it before loading the rest of the server (main.ts).
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openHistory, type History } from '../store/history/history.ts';

export function openConfiguredHistory(config: Config, log: Logger): Promise<History> {
  const opening = openHistory({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    schemaName: config.databaseSchema,
    onError: (error) => log.error({ err: error }, 'history projection failed, retrying'),
  });
  opening.catch(() => undefined); // awaited later, once what does not need it is loaded and built: not an unhandled rejection meanwhile
  return opening;
}
