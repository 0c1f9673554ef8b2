/**
 * The server's Prometheus metrics (prom-client), served at `GET /metrics`. What moves on the request
 * path (requests, commands, journal writes, WebSocket sessions) is counted through label children made
 * once per endpoint, command type or stream, so a request builds no label set; what describes engine
 * state (open orders, users, portfolios, snapshot, projection lag) is read when Prometheus scrapes.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SUCCESS_CODE } from '../catalogue/index.ts';
import { formatFixed } from '../domain/money.ts';
import type { EngineReads } from '../engine/reads.ts';

const PREFIX = 'openconnex_';
/** Seconds: a request answered from memory takes well under a millisecond, one that waits for the journal a few. */
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds: an O_DSYNC write of one turn's records, tens of microseconds on a quiet disk, milliseconds at the tail. */
const JOURNAL_WRITE_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

/** The route label of requests that matched no endpoint (never the raw path: that would let a client mint series). */
export const UNMATCHED_ROUTE = 'unmatched';

/** What the scrape-time gauges read: engine state through EngineReads, and the runtime's and projector's positions. */
export interface ScrapeSources {
  reads: EngineReads;
  engine: { readonly snapshotTs: number; readonly snapshotBytes: number };
  projector: { readonly checkpoint: number; readonly receivedSeq: number };
  clock: () => number;
}

/**
 * One series of a counter that moves on the request path, counted in a plain number and added to the
 * prom-client series when Prometheus scrapes: an increment through prom-client hashes its labels each time.
 */
class CountedSeries {
  private uncounted = 0;

  constructor(private readonly series: Counter.Internal) {}

  inc(): void {
    this.uncounted++;
  }

  /** Adds what was counted since the last scrape to the series. */
  flush(): void {
    if (this.uncounted === 0) return;
    this.series.inc(this.uncounted);
    this.uncounted = 0;
  }
}

/** The series of one counter that are counted as plain numbers, each made on first use. */
class CountedSeriesSet<K> {
  private readonly series = new Map<K, CountedSeries>();

  constructor(private readonly seriesOf: (key: K) => Counter.Internal) {}

  of(key: K): CountedSeries {
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = new CountedSeries(this.seriesOf(key))));
    return series;
  }

  flush(): void {
    for (const series of this.series.values()) series.flush();
  }
}

/** Counts the requests of one endpoint: by envelope code (0: the answer is not an envelope) and HTTP status. */
export class RouteMeter {
  readonly answers: CountedSeriesSet<number>;
  private readonly latency: Histogram.Internal<string>;

  constructor(requests: Counter<string>, latency: Histogram<string>, method: string, route: string) {
    this.answers = new CountedSeriesSet((key) => requests.labels(method, route, codeLabel(Math.floor(key / 1000)), String(key % 1000)));
    this.latency = latency.labels(method, route);
  }

  /** One answered request; `seconds` from its routing to its last byte, when known. */
  record(code: number, status: number, seconds?: number): void {
    this.answers.of(code * 1000 + status).inc();
    if (seconds !== undefined) this.latency.observe(seconds);
  }
}

function codeLabel(code: number): string {
  return code === 0 ? '' : String(code);
}

/** What one WebSocket stream reports: sessions opened and closed, slow consumers dropped. */
export interface StreamMeter {
  opened(): void;
  closed(): void;
  droppedSlowConsumer(): void;
}

let processRegistry: Registry | undefined;

/** CPU, memory, event loop and GC belong to the process, which may host several apps (tests): collected once. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class Metrics {
  private readonly registry = new Registry();
  /** By method and route: one meter, and one set of series, however often a route's meter is asked for. */
  private readonly routeMeters = new Map<string, RouteMeter>();
  private readonly requests = new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by method, route (the declared path), envelope code and HTTP status.',
    labelNames: ['method', 'route', 'code', 'status'],
    registers: [this.registry],
    collect: () => {
      for (const meter of this.routeMeters.values()) meter.answers.flush();
    },
  });
  private readonly requestSeconds = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Time from a request’s routing (before its body is read) to its answer’s last byte, by method and route.',
    labelNames: ['method', 'route'],
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  private readonly applied: CountedSeriesSet<string> = new CountedSeriesSet((type) => this.commandsApplied.labels(type));
  private readonly commandsApplied = new Counter({
    name: `${PREFIX}engine_commands_applied_total`,
    help: 'Commands the engine applied, by type.',
    labelNames: ['type'],
    registers: [this.registry],
    collect: () => this.applied.flush(),
  });
  private readonly refused: CountedSeriesSet<string> = new CountedSeriesSet((key) => this.commandsRefused.labels(...(key.split(' ') as [string, string])));
  private readonly commandsRefused = new Counter({
    name: `${PREFIX}engine_commands_refused_total`,
    help: 'Commands the engine refused, by type and catalogue code (500: a bug, answered by a rebuild of the state).',
    labelNames: ['type', 'code'],
    registers: [this.registry],
    collect: () => this.refused.flush(),
  });
  private readonly journalWriteSeconds = new Histogram({
    name: `${PREFIX}journal_write_duration_seconds`,
    help: 'Duration of each group commit of the journal writer thread (the batches of one or more event-loop turns written, then made durable by one fdatasync).',
    buckets: JOURNAL_WRITE_BUCKETS,
    registers: [this.registry],
  });
  private readonly wsConnections = new Gauge({
    name: `${PREFIX}ws_connections`,
    help: 'Open WebSocket connections, by stream.',
    labelNames: ['stream'],
    registers: [this.registry],
  });
  private readonly wsSlowConsumers = new Counter({
    name: `${PREFIX}ws_slow_consumer_drops_total`,
    help: 'WebSocket connections closed because their unsent frames passed WS_MAX_BUFFERED_BYTES, by stream.',
    labelNames: ['stream'],
    registers: [this.registry],
  });

  readonly contentType = this.registry.contentType;

  constructor() {
    processMetrics();
  }

  /** The meter of one endpoint, for its every answer. */
  route(method: string, route: string): RouteMeter {
    const key = `${method} ${route}`;
    let meter = this.routeMeters.get(key);
    if (!meter) this.routeMeters.set(key, (meter = new RouteMeter(this.requests, this.requestSeconds, method, route)));
    return meter;
  }

  /** The runtime's command listener: SUCCESS_CODE when applied, else the refusal's code. */
  readonly command = (type: string, code: number): void => {
    if (code === SUCCESS_CODE) this.applied.of(type).inc();
    else this.refused.of(`${type} ${code}`).inc();
  };

  /** The journal's write listener. */
  readonly journalWrite = (ms: number): void => this.journalWriteSeconds.observe(ms / 1000);

  stream(name: string): StreamMeter {
    const connections = this.wsConnections.labels(name);
    const slowConsumers = this.wsSlowConsumers.labels(name);
    // Both series exist from the start, so that Prometheus sees the first change as one.
    connections.set(0);
    slowConsumers.inc(0);
    return {
      opened: () => connections.inc(),
      closed: () => connections.dec(),
      droppedSlowConsumer: () => slowConsumers.inc(),
    };
  }

  /** Registers the gauges of engine state, computed at each scrape from `sources`. */
  readAtScrape(sources: ScrapeSources): void {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge('open_orders', 'Open client orders (the simulation’s market makers left out).', () => sources.reads.openOrderCount());
    gauge('users', 'Users (institutions).', () => sources.reads.userCount());
    gauge('portfolios', 'Client portfolios.', () => sources.reads.portfolioCount());
    gauge(
      'snapshot_age_seconds',
      'Seconds since the state in the newest engine snapshot (with none yet: since the engine opened).',
      () => (sources.clock() - sources.engine.snapshotTs) / 1000,
    );
    new Gauge({
      name: `${PREFIX}insurance_fund`,
      help: 'Each venue’s insurance fund (decisions L8), by exchange and coin.',
      labelNames: ['exchange', 'coin'],
      registers: [this.registry],
      collect() {
        // Prometheus samples are floats: the exact balance is the admin API's.
        for (const fund of sources.reads.insuranceFunds()) this.labels(fund.venue, fund.coin).set(Number(formatFixed(fund.balance)));
      },
    });
    gauge('snapshot_size_bytes', 'Size of the state in the newest engine snapshot (0: none yet).', () => sources.engine.snapshotBytes);
    gauge(
      'history_projection_lag_commands',
      'Journal seq of the newest event batch published to the history projection minus the projection’s checkpoint.',
      () => Math.max(0, sources.projector.receivedSeq - sources.projector.checkpoint),
    );
  }

  /** The text exposition of this server's metrics and the process's. */
  exposition(): Promise<string> {
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }
}
