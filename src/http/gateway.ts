/** What the HTTP and WebSocket layers are given: read access to live state and the submit seam. */
import type { Keyring } from '../auth/keyring.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { DownloadLinks } from '../auth/download-links.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { ReadinessProbe } from '../ops/readiness.ts';
import type { EventListener, Submit } from '../engine/core/runtime.ts';
import type { EngineReads } from '../engine/reads.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import type { HistoryStore } from '../store/history/queries/history-store.ts';
import type { ReplayGuard } from '../limits/replay-guard.ts';

export interface Gateway {
  config: Config;
  /** Live engine state, read only through these reads. */
  reads: EngineReads;
  submit: Submit;
  /** Durable event batches, in engine order (WebSocket pushes, projections). */
  onEvents: (listener: EventListener) => void;
  /** Orders, executions and statements history (projections). */
  history: HistoryStore;
  secretBox: SecretBox;
  /** Signs and checks the download links of data exports. */
  downloadLinks: DownloadLinks;
  keyring: Keyring;
  rateLimiter: RateLimiter;
  replayGuard: ReplayGuard;
  /** The wall clock: authentication (the nonce window) and rate limits (decisions L12). */
  clock: () => number;
  /** Venue time: the timestamps of API data, time filters and default windows (decisions L12). */
  venueClock: () => number;
  /** For the operator: journal position and state hash. */
  engineStatus: () => { seq: number; hash: string; snapshotSeq: number };
  adminTokenHash: string;
  log: Logger;
  /** Prometheus metrics: request counts and latencies (the router), WebSocket sessions; served at /metrics. */
  metrics: Metrics;
  /** Whether this process should get traffic (GET /ready). */
  readiness: ReadinessProbe;
}
