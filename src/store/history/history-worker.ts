/**
 * The embedded history database (PGlite) and its projector in a worker thread, so the main thread
 * only hands over event batches and queries. Protocol: see projector-thread.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openHistoryDatabase, type HistoryDatabaseOptions } from './database.ts';
import { Projector } from './projector.ts';
import { unflatten } from './projections/projection.ts';
import type { FromWorker, ToWorker } from './projector-thread.ts';

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

async function main(): Promise<void> {
  const database = await openHistoryDatabase(workerData as HistoryDatabaseOptions);
  const projector = await Projector.open(
    database,
    (error) => post({ type: 'writeFailed', message: String(error) }),
    (checkpoint) => post({ type: 'projected', seq: checkpoint }),
  );
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'batches':
        for (const batch of unflatten(message.batches)) projector.acceptProjected(batch);
        break;
      case 'hurry':
        projector.hurry();
        break;
      case 'query':
        database.rows(message.sql, message.params, message.rowMode).then(
          (rows) => post({ type: 'rows', id: message.id, rows }),
          (error: unknown) => post({ type: 'queryFailed', id: message.id, message: String(error) }),
        );
        break;
      case 'stop':
        void projector
          .stop(message.durableSeq)
          .finally(() => database.close())
          .then(() => post({ type: 'stopped', seq: projector.checkpoint }));
        break;
    }
  });
  post({ type: 'ready', checkpoint: projector.checkpoint });

}

main().catch((error: unknown) => post({ type: 'openFailed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
