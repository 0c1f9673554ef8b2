/**
 * `npm start`: serve REST and WebSocket on HOST:PORT with state in DATA_DIR. The history store starts
 * opening first; the rest of the server (app.ts) loads meanwhile, imported only then.
 */
import { createDemoUser, writeDemoCredentials } from './ops/bootstrap.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { openConfiguredHistory } from './ops/open-history.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const history = openConfiguredHistory(config, log);
  const { baseUrlOf, startApp } = await import('./app.ts');
  const app = await startApp(config, { log, history });
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
