/**
 * `npm start`: serve REST and WebSocket on HOST:PORT with state in DATA_DIR. The embedded history store's
 * worker starts first (PGlite boots in it: the longest step of a start); the rest of the server loads
 * meanwhile, imported only then.
 */
import { historyOptionsOf, loadConfig } from './config.ts';
import { DataDirLock } from './store/data-dir-lock.ts';
import { startHistoryWorker } from './store/history/history-worker-start.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const lock = DataDirLock.acquire(config.dataDir); // before the history worker opens DATA_DIR/history
  const historyWorker = config.databaseUrl ? undefined : startHistoryWorker(historyOptionsOf(config));
  const [{ createLogger }, { openConfiguredHistory }, { createDemoUser, writeDemoCredentials }] = await Promise.all([
    import('./log.ts'),
    import('./ops/open-history.ts'),
    import('./ops/bootstrap.ts'),
  ]);
  const log = createLogger(config.logLevel);
  const history = openConfiguredHistory(config, log, historyWorker);
  const { baseUrlOf, startApp } = await import('./app.ts');
  const app = await startApp(config, { log, history, lock });
  const baseUrl = baseUrlOf(app);
  if (app.runtime.state.users.size === 0) {
    const credentials = await createDemoUser(app, baseUrl);
    const path = writeDemoCredentials(config.dataDir, credentials);
    console.log(`demo user created; credentials (shown once) in ${path}:\n${JSON.stringify(credentials, null, 2)}`);
  }
  console.log(`openconnex listening on ${baseUrl} (data in ${config.dataDir})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
