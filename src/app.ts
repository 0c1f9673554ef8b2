/**
 * Assembles one openconnex process: engine runtime (journal + snapshots), the shared limits
 * (memory or Redis), and the HTTP/WebSocket gateway. `main.ts` starts it; tests start it too.
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Keyring } from './auth/keyring.ts';
import { SecretBox } from './auth/secret-box.ts';
import { DownloadLinks } from './auth/download-links.ts';
import type { Config } from './config.ts';
import { EngineRuntime } from './engine/core/runtime.ts';
import { EngineReads } from './engine/reads.ts';
import type { Gateway } from './http/gateway.ts';
import { hashAdminToken } from './auth/admin-token.ts';
import { MemoryRateLimiter, RedisRateLimiter } from './limits/rate-limiter.ts';
import { MemoryReplayGuard, RedisReplayGuard } from './limits/replay-guard.ts';
import { startMarketClock, warmUpMarket } from './ops/market-clock.ts';
import { createLogger, type Logger } from './log.ts';
import { Metrics } from './ops/metrics.ts';
import { ReadinessProbe } from './ops/readiness.ts';
import { loadServerSecrets } from './ops/server-secrets.ts';
import { ExportWorker } from './ops/exports/export-worker.ts';
import { openHistory, type History } from './store/history/history.ts';
import { loadPriceReplay } from './venues/index.ts';

export interface App {
  runtime: EngineRuntime;
  history: History;
  http: FastifyInstance;
  adminToken: string;
  secretBox: SecretBox;
  close(): Promise<void>;
}

export async function startApp(config: Config, clock: () => number = Date.now): Promise<App> {
  const log = createLogger(config.logLevel);
  const secrets = loadServerSecrets(config.dataDir, config.adminToken);
  // The embedded history store starts in its worker thread (PGlite: half of a start's work) while this
  // thread loads the transport (the larger part of the server's code), so the two overlap.
  const [history, { buildHttpServer }] = await Promise.all([
    openHistory({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      schemaName: config.databaseSchema,
      onError: (error) => log.error({ err: error }, 'history projection failed, retrying'),
    }),
    import('./http/server.ts'),
  ]);
  const metrics = new Metrics();
  const runtime = await openRuntimeFeeding(history, config, clock, log, metrics).catch(async (error: unknown) => {
    await history.close(0);
    throw error;
  });
  const reads = new EngineReads(() => runtime.state);
  metrics.readAtScrape({ reads, engine: runtime, projector: history.projector, clock });
  if (!reads.simulationStarted) {
    const replay = config.simPriceFile ? loadPriceReplay(config.simPriceFile, config.simPriceAsset) : undefined;
    await runtime.submit('startSimulation', { seed: config.simSeed, replay });
  }
  if (!reads.insuranceFundsStarted) await runtime.submit('startInsuranceFunds', { funds: { USDT: config.insuranceFundUsdt } });
  const unquoted = await warmUpMarket(runtime.submit, () => reads.market, config);
  if (unquoted.length > 0) log.warn({ books: unquoted }, 'market warm-up: these books still lack a bid or an ask');
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
  const secretBox = new SecretBox(secrets.serverKey);
  const gateway: Gateway = {
    config,
    reads,
    submit: runtime.submit,
    onEvents: (listener) => runtime.onEvents(listener),
    history: history.store,
    secretBox,
    downloadLinks: new DownloadLinks(secrets.serverKey),
    keyring: new Keyring(secretBox),
    rateLimiter: redis ? new RedisRateLimiter(redis, `${config.redisPrefix}rl:`) : new MemoryRateLimiter(),
    replayGuard: redis ? new RedisReplayGuard(redis, `${config.redisPrefix}nonce:`) : new MemoryReplayGuard(),
    clock,
    venueClock: () => reads.venueTime(clock()),
    engineStatus: () => ({ seq: runtime.seq, hash: runtime.stateHash(), snapshotSeq: runtime.snapshotSeq }),
    adminTokenHash: hashAdminToken(secrets.adminToken),
    log,
    metrics,
    readiness: new ReadinessProbe({ engineStopped: () => runtime.stopped, pingHistory: history.ping, log }),
  };
  const exportWorker = new ExportWorker({ submit: runtime.submit, reads, history: history.store, dataDir: config.dataDir, venueClock: gateway.venueClock, log });
  exportWorker.start(gateway.onEvents);
  const http = await buildHttpServer(gateway);
  await http.listen({ host: config.host, port: config.port });
  const marketClock = startMarketClock(runtime.submit, config, (error) => log.error({ err: error }, 'market tick failed'));

  return {
    runtime,
    history,
    http,
    adminToken: secrets.adminToken,
    secretBox,
    async close() {
      await marketClock.stop();
      await http.close();
      await exportWorker.stop();
      await history.close(runtime.publishedSeq).catch((error: unknown) => log.error({ err: error }, 'history close failed'));
      await runtime.close();
      redis?.disconnect();
    },
  };
}

/** Opens the engine so that the history projection gets every event it has not yet written. */
async function openRuntimeFeeding(history: History, config: Config, clock: () => number, log: Logger, metrics: Metrics): Promise<EngineRuntime> {
  const { projector } = history;
  const checkpoint = projector.checkpoint;
  const runtime = await EngineRuntime.open({
    dataDir: config.dataDir,
    clock,
    snapshotEvery: config.snapshotEvery,
    snapshotJournalPercent: config.snapshotJournalPercent,
    onBug: (error, command) => log.error({ err: error, command: command.type }, 'engine bug: a command failed with an unexpected error'),
    onRebuilt: (rebuilt) => log.warn(rebuilt, 'engine state rebuilt from snapshot and journal after a bug; writes resume'),
    replayEventsAfter: checkpoint,
    retainEventsAfter: () => projector.checkpoint,
    onCommand: metrics.command,
    onJournalWrite: metrics.journalWrite,
  });
  if (checkpoint > runtime.seq) {
    await runtime.close();
    throw new Error(`history store is ahead of the engine journal (seq ${checkpoint} > ${runtime.seq}): it belongs to another data dir`);
  }
  if (runtime.recoveredFromSeq > checkpoint) {
    log.warn(`history: events of journal records ${checkpoint + 1}..${runtime.recoveredFromSeq} are no longer kept and stay unprojected`);
  }
  for (const batch of runtime.takeReplayedEvents()) projector.accept(batch);
  runtime.onEvents(projector.accept);
  return runtime;
}

export function baseUrlOf(app: App): string {
  const address = app.http.server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Loaded only when configured: the driver alone costs ~120 ms of the embedded default's start. */
async function connectRedis(url: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
}
