/**
 * Starts the history worker thread (history-worker.ts). A module of its own, light to load: `npm start`
 * spawns the worker before loading the rest of the server, PGlite's boot in it being the longest step of a
 * start (main.ts). Its entry sits beside this module: history-worker.js in the build `npm start` runs
 * (scripts/build.mjs), history-worker.ts when run from source, where it registers tsx's loader first (a
 * worker does not inherit it).
 */
import { Worker } from 'node:worker_threads';
import type { HistoryDatabaseOptions } from './database.ts';
import type { FromWorker } from './projector-thread.ts';

/** A history worker and its first word: ready (with its checkpoint), or why it could not open. */
export interface StartedHistoryWorker {
  worker: Worker;
  /** Listened for from the start: a worker's message with no listener yet would be lost. */
  firstMessage: Promise<FromWorker>;
}

export function startHistoryWorker(options: HistoryDatabaseOptions): StartedHistoryWorker {
  const worker = spawn(options);
  const firstMessage = new Promise<FromWorker>((resolve, reject) => {
    const fail = (error: Error) => void worker.terminate().finally(() => reject(error));
    worker.once('error', fail);
    worker.once('message', (message: FromWorker) => {
      worker.off('error', fail);
      resolve(message);
    });
  });
  firstMessage.catch(() => undefined); // awaited once the history store opens it (ProjectorThread.open)
  return { worker, firstMessage };
}

function spawn(workerData: HistoryDatabaseOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./history-worker.js', import.meta.url), { workerData });
  const entry = JSON.stringify(new URL('./history-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`, { eval: true, workerData });
}
