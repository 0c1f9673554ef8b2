/**
 * Assembles one openconnex process: engine runtime (journal + snapshots), the shared limits
 * (memory or Redis), and the HTTP/WebSocket gateway. `main.ts` starts it; tests start it too.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { Keyring } from './auth/keyring.ts';
import { SecretBox } from './auth/secret-box.ts';
import type { Config } from './config.ts';
import { EngineRuntime } from './engine/runtime.ts';
import type { Gateway } from './http/context.ts';
import { hashAdminToken } from './http/routes/admin.ts';
import { buildHttpServer } from './http/server.ts';
import { MemoryRateLimiter, RedisRateLimiter } from './limits/rate-limiter.ts';
import { MemoryReplayGuard, RedisReplayGuard } from './limits/replay-guard.ts';
import { createLogger } from './log.ts';
import { loadServerSecrets } from './server-secrets.ts';

export interface App {
  runtime: EngineRuntime;
  http: FastifyInstance;
  adminToken: string;
  secretBox: SecretBox;
  close(): Promise<void>;
}

export async function startApp(config: Config, clock: () => number = Date.now): Promise<App> {
  const log = createLogger(config.logLevel);
  const secrets = loadServerSecrets(config.dataDir, config.adminToken);
  const runtime = await EngineRuntime.open({
    dataDir: config.dataDir,
    clock,
    snapshotEvery: config.snapshotEvery,
    onBug: (error, command) => log.error({ err: error, command: command.type }, 'engine bug: a command failed with an unexpected error'),
  });
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : undefined;
  const secretBox = new SecretBox(secrets.serverKey);
  const gateway: Gateway = {
    config,
    state: () => runtime.state,
    submit: runtime.submit,
    secretBox,
    keyring: new Keyring(secretBox),
    rateLimiter: redis ? new RedisRateLimiter(redis, `${config.redisPrefix}rl:`) : new MemoryRateLimiter(),
    replayGuard: redis ? new RedisReplayGuard(redis, `${config.redisPrefix}nonce:`) : new MemoryReplayGuard(),
    clock,
    engineStatus: () => ({ seq: runtime.seq, hash: runtime.stateHash() }),
    adminTokenHash: hashAdminToken(secrets.adminToken),
    log,
  };
  const http = await buildHttpServer(gateway);
  await http.listen({ host: config.host, port: config.port });

  return {
    runtime,
    http,
    adminToken: secrets.adminToken,
    secretBox,
    async close() {
      await http.close();
      await runtime.close();
      redis?.disconnect();
    },
  };
}

export function baseUrlOf(app: App): string {
  const address = app.http.server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
