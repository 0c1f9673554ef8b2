/**
 * The history store as configured. Opening it is the longest step of a start (PGlite boots in its
 * worker thread), so `npm start` begins it before loading the rest of the server (main.ts).
 */
import { historyOptionsOf, type Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openHistory, type History } from '../store/history/history.ts';
import type { StartedHistoryWorker } from '../store/history/history-worker-start.ts';

/** `worker`: the embedded store's, already started with `historyOptionsOf(config)`. */
export function openConfiguredHistory(config: Config, log: Logger, worker?: StartedHistoryWorker): Promise<History> {
  const opening = openHistory({
    ...historyOptionsOf(config),
    worker,
    onError: (error) => log.error({ err: error }, 'history projection failed, retrying'),
  });
  opening.catch(() => undefined); // awaited later, once what does not need it is loaded and built: not an unhandled rejection meanwhile
  return opening;
}
