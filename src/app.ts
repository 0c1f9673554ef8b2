/**
 * Assembles one openconnex process: engine runtime (journal + snapshots), the shared limits
 * (memory or Redis), and the HTTP/WebSocket gateway. `main.ts` starts it; tests start it too.
 */
import { join } from 'node:path';
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
import { MemoryReplayGuard, RedisReplayGuard, SeenFile } from './limits/replay-guard.ts';
import { startMarketClock, warmUpMarket } from './ops/market-clock.ts';
import { createLogger, type Logger } from './log.ts';
import { Metrics } from './ops/metrics.ts';
import { ReadinessProbe } from './ops/readiness.ts';
import { loadServerSecrets } from './ops/server-secrets.ts';
import { ExportWorker } from './ops/exports/export-worker.ts';
import { DataDirLock } from './store/data-dir-lock.ts';
import type { History } from './store/history/history.ts';
import { openConfiguredHistory } from './ops/open-history.ts';
import { loadPriceReplay } from './venues/index.ts';

export interface App {
  runtime: EngineRuntime;
  history: History;
  http: FastifyInstance;
  adminToken: string;
  secretBox: SecretBox;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: () => number;
  log?: Logger;
  /** The history store, already opening (main.ts begins it first); by default opened here. */
  history?: Promise<History>;
  /** DATA_DIR, already taken (main.ts takes it before the history worker opens it); by default taken here. */
  lock?: DataDirLock;
}

/** Starts the server on DATA_DIR, which no other server may hold (DataDirLock); a failed start gives it up. */
export async function startApp(config: Config, options: StartOptions = {}): Promise<App> {
  const lock = options.lock ?? DataDirLock.acquire(config.dataDir);
  try {
    return await startHolding(config, options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startHolding(config: Config, options: StartOptions, lock: DataDirLock): Promise<App> {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? createLogger(config.logLevel);
  const historyOpening = options.history ?? openConfiguredHistory(config, log);
  const secrets = loadServerSecrets(config.dataDir, config.adminToken);
  const { buildHttpServer } = await import('./http/server.ts');
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
  const metrics = new Metrics();
  const secretBox = new SecretBox(secrets.serverKey);
  const seenRequests = redis ? undefined : new SeenFile(join(config.dataDir, 'replay-guard'), clock());

  // The HTTP layer is assembled while the history store opens (PGlite: the longest step of a start);
  // it reaches the engine and the history only when called, and they are bound before the server listens.
  let opened: { runtime: EngineRuntime; history: History } | undefined;
  const open = () => opened ?? fail('the engine is not open yet');
  const reads = new EngineReads(() => open().runtime.state);
  const gateway: Gateway = {
    config,
    reads,
    submit: (type, payload) => open().runtime.submit(type, payload),
    onEvents: (listener) => open().runtime.onEvents(listener),
    get history() {
      return open().history.store;
    },
    secretBox,
    downloadLinks: new DownloadLinks(secrets.serverKey),
    keyring: new Keyring(secretBox),
    rateLimiter: redis ? new RedisRateLimiter(redis, `${config.redisPrefix}rl:`) : new MemoryRateLimiter(),
    replayGuard: redis ? new RedisReplayGuard(redis, `${config.redisPrefix}nonce:`) : new MemoryReplayGuard(seenRequests),
    clock,
    venueClock: () => reads.venueTime(clock()),
    engineStatus: () => {
      const { runtime } = open();
      return { seq: runtime.seq, hash: runtime.stateHash(), snapshotSeq: runtime.snapshotSeq };
    },
    adminTokenHash: hashAdminToken(secrets.adminToken),
    log,
    metrics,
    readiness: new ReadinessProbe({ engineStopped: () => open().runtime.stopped, pingHistory: () => open().history.ping(), log }),
  };
  const http = await buildHttpServer(gateway);

  const history = await historyOpening;
  const runtime = await openRuntimeFeeding(history, config, clock, log, metrics).catch(async (error: unknown) => {
    await history.close(0);
    seenRequests?.close();
    throw error;
  });
  opened = { runtime, history };
  metrics.readAtScrape({ reads, engine: runtime, projector: history.projector, clock });
  if (!reads.simulationStarted) {
    const replay = config.simPriceFile ? loadPriceReplay(config.simPriceFile, config.simPriceAsset) : undefined;
    await runtime.submit('startSimulation', { seed: config.simSeed, replay });
  }
  if (!reads.insuranceFundsStarted) await runtime.submit('startInsuranceFunds', { funds: { USDT: config.insuranceFundUsdt } });
  const unquoted = await warmUpMarket(runtime.submit, () => reads.market, config);
  if (unquoted.length > 0) log.warn({ books: unquoted }, 'market warm-up: these books still lack a bid or an ask');
  const exportWorker = new ExportWorker({ submit: runtime.submit, reads, history: history.store, dataDir: config.dataDir, venueClock: gateway.venueClock, log });
  exportWorker.start(gateway.onEvents);
  await http.openStreams();
  await http.app.listen({ host: config.host, port: config.port });
  const marketClock = startMarketClock(runtime.submit, config, (error) => log.error({ err: error }, 'market tick failed'));

  return {
    runtime,
    history,
    http: http.app,
    adminToken: secrets.adminToken,
    secretBox,
    async close() {
      await marketClock.stop();
      await http.app.close();
      seenRequests?.close();
      await exportWorker.stop();
      await history.close(runtime.publishedSeq).catch((error: unknown) => log.error({ err: error }, 'history close failed'));
      await runtime.close();
      redis?.disconnect();
      lock.release();
    },
  };
}

function fail(message: string): never {
  throw new Error(message);
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
