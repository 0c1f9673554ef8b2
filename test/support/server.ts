/** Starts a real openconnex app on a free port with a fresh data dir, and the clients to talk to it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseUrlOf, startApp, type App } from '../../src/app.ts';
import { createDemoUser, type DemoCredentials } from '../../src/ops/bootstrap.ts';
import type { AdminClient, ConnexClient } from '../../src/client/connex-client.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { DocumentedAdminClient, DocumentedClient } from './documented.ts';
import { testSchema } from './postgres.ts';

export interface TestServer {
  app: App;
  baseUrl: string;
  dataDir: string;
  demo: DemoCredentials;
  /** Signed client of the demo user's primary key; its answers are checked against the server's API document. */
  client: ConnexClient;
  /** The operator's client, checked likewise. */
  admin: AdminClient;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: () => number;
  dataDir?: string;
  /** Keep the data dir after stop (restart tests). */
  keepData?: boolean;
  /**
   * History in embedded PGlite (the `npm start` default) instead of a fresh schema of the machine's
   * PostgreSQL. PGlite takes seconds and hundreds of MB to start, so only tests of that path ask for it.
   */
  embedded?: boolean;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'openconnex-test-'));
  const schema = options.embedded || options.env?.DATABASE_URL ? undefined : testSchema();
  // No market timer unless a test asks for one (SIM_TICK_MS): state moves only by the test's own requests and ticks.
  const config: Config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', SIM_TICK_MS: '0', ...schema?.env, ...options.env });
  const app = await startApp(config, { clock: options.clock });
  const baseUrl = baseUrlOf(app);
  const demo = await createDemoUser(app, baseUrl);
  return {
    app,
    baseUrl,
    dataDir,
    demo,
    client: new DocumentedClient(baseUrl, { apiKey: demo.apiKey, secretKey: demo.secretKey }),
    admin: new DocumentedAdminClient(baseUrl, app.adminToken),
    async stop() {
      await app.close();
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
      await schema?.drop();
    },
  };
}
