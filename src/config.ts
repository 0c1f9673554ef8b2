/** One typed configuration, read from the environment (flags of `npm start` map onto the same names). */
import { parseFixed, type Amount } from './domain/money.ts';
import { parseRateOverrides, type RateOverrides } from './limits/rate-table.ts';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema of the history tables when DATABASE_URL is set. */
  databaseSchema: string;
  redisUrl?: string;
  /** Prefix of every Redis key this deployment writes (several deployments may share one Redis). */
  redisPrefix: string;
  /** Addresses whose X-Forwarded-For is believed (C3). */
  trustedProxies: string[];
  adminToken?: string;
  rateOverrides: RateOverrides;
  snapshotEvery: number;
  snapshotJournalPercent: number;
  logLevel: string;
  bodyLimitBytes: number;
  simSeed: number;
  simSpeed: number;
  /** WebSocket: close a connection after this long without a frame from the client (H3). */
  wsIdleMs: number;
  /** WebSocket: disconnect a client whose unsent pushes exceed this many bytes (slow consumer). */
  wsMaxBufferedBytes: number;
  /** Wall-clock ms between market ticks; 0 = no timer (ticks only through the admin API). */
  simTickMs: number;
  /** CSV of (timestamp, price) rows replayed as the reference of `simPriceAsset` instead of its random walk. */
  simPriceFile?: string;
  simPriceAsset: string;
  /** How long the engine remembers a finished client order's clientOrderId and final state (ORDER_RETENTION_DAYS, default 7 = the history window). */
  orderRetentionMs: number;
  /** USDT each venue's insurance fund starts with, on a data directory's first start (decisions L8; INSURANCE_FUND_USDT). */
  insuranceFundUsdt: Amount;
}

function integer(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

function amount(text: string | undefined, fallback: string, name: string): Amount {
  const value = parseFixed<'amount'>(text === undefined || text === '' ? fallback : text);
  if (value === null || value < 0n) throw new Error(`${name} must be a non-negative decimal`);
  return value;
}

/** What the history store opens with: its data dir, PostgreSQL when configured, the schema of its tables. */
export function historyOptionsOf(config: Config): { dataDir: string; databaseUrl?: string; schemaName: string } {
  return { dataDir: config.dataDir, databaseUrl: config.databaseUrl, schemaName: config.databaseSchema };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env.PORT, 8080, 'PORT'),
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || 'public',
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || 'ocx:',
    trustedProxies: (env.TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    adminToken: env.ADMIN_TOKEN || undefined,
    rateOverrides: env.RATE_LIMITS ? parseRateOverrides(env.RATE_LIMITS) : {},
    snapshotEvery: integer(env.SNAPSHOT_EVERY, 50_000, 'SNAPSHOT_EVERY'),
    snapshotJournalPercent: integer(env.SNAPSHOT_JOURNAL_PERCENT, 100, 'SNAPSHOT_JOURNAL_PERCENT'),
    logLevel: env.LOG_LEVEL || 'warn',
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 64 * 1024, 'BODY_LIMIT_BYTES'),
    simSeed: integer(env.SIM_SEED, 1, 'SIM_SEED'),
    simSpeed: integer(env.SIM_SPEED, 1, 'SIM_SPEED'),
    wsIdleMs: integer(env.WS_IDLE_MS, 30_000, 'WS_IDLE_MS'),
    wsMaxBufferedBytes: integer(env.WS_MAX_BUFFERED_BYTES, 4 * 1024 * 1024, 'WS_MAX_BUFFERED_BYTES'),
    simTickMs: integer(env.SIM_TICK_MS, 200, 'SIM_TICK_MS'),
    simPriceFile: env.SIM_PRICE_FILE || undefined,
    simPriceAsset: env.SIM_PRICE_ASSET || 'BTC',
    orderRetentionMs: integer(env.ORDER_RETENTION_DAYS, 7, 'ORDER_RETENTION_DAYS') * 86_400_000,
    insuranceFundUsdt: amount(env.INSURANCE_FUND_USDT, '10000000', 'INSURANCE_FUND_USDT'),
  };
}
