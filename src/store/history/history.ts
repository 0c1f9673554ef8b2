/**
 * The history side of one process: the database (PGlite or PostgreSQL), the projector that fills
 * it from engine events, and the HistoryStore the routes read, which waits for the projection to
 * catch up before each query (read-your-writes).
 */
import type { AlgoOrder } from '../../domain/algo/index.ts';
import type { StartedHistoryWorker } from './history-worker-start.ts';
import type { Order } from '../../domain/orders/order.ts';
import type { Movement } from '../../domain/transfers/index.ts';
import type { MovementQuery } from './queries/movements.ts';
import type { BrokerFeeQuery } from './queries/broker-fees.ts';
import type { BrokerFee } from '../../domain/broker/index.ts';
import type { Statement } from '../../domain/accounts/statement.ts';
import { openHistoryDatabase, type HistoryDatabaseOptions } from './database.ts';
import type {
  AlgoHistoryQuery,
  AlgoRef,
  ClosedPosition,
  ExecutionQuery,
  HistoryStore,
  KeptCandles,
  OrderHistoryQuery,
  OrderRef,
  Page,
  PageOf,
  PositionHistoryQuery,
  StatementQuery,
  SymTraded,
  TradedQuery,
} from './queries/history-store.ts';
import { Projector, type ProjectorPort } from './projector.ts';
import { ProjectorThread } from './projector-thread.ts';
import { SqlHistoryStore } from './queries/sql-history-store.ts';
import type { Execution } from '../../domain/orders/execution.ts';

export interface History {
  store: HistoryStore;
  projector: ProjectorPort;
  backend: 'pglite' | 'postgres';
  /** Resolves once the database answers a trivial query; rejects when it cannot be reached. */
  ping(): Promise<void>;
  /** Projects what is queued, records `durableSeq` as the checkpoint, and closes the database. */
  close(durableSeq: number): Promise<void>;
}

export interface OpenHistoryOptions extends HistoryDatabaseOptions {
  onError: (error: unknown) => void;
  /** The embedded store's worker, already started with these options (main.ts); by default started here. */
  worker?: StartedHistoryWorker;
}

export async function openHistory(options: OpenHistoryOptions): Promise<History> {
  if (!options.databaseUrl) return openEmbeddedHistory(options);
  const database = await openHistoryDatabase(options);
  const projector = await Projector.open(database, options.onError);
  const tables = new SqlHistoryStore(database.db);
  return {
    store: new ConsistentHistoryStore(tables, () => projector.settled()),
    projector,
    backend: database.backend,
    ping: () => tables.ping(),
    async close(durableSeq) {
      try {
        await projector.stop(durableSeq);
      } finally {
        await database.close();
      }
    },
  };
}

/** Embedded PGlite runs with its projector in a worker thread: its CPU stays off the request path. */
async function openEmbeddedHistory(options: OpenHistoryOptions): Promise<History> {
  const { onError, worker, ...databaseOptions } = options;
  const projector = await ProjectorThread.open(databaseOptions, onError, worker);
  const tables = new SqlHistoryStore(projector.db);
  return {
    store: new ConsistentHistoryStore(tables, () => projector.settled()),
    projector,
    backend: 'pglite',
    ping: () => tables.ping(),
    close: (durableSeq) => projector.stop(durableSeq),
  };
}

/** Answers each query only after every event published before it is projected. */
class ConsistentHistoryStore implements HistoryStore {
  constructor(
    private readonly tables: HistoryStore,
    private readonly settled: () => Promise<void>,
  ) {}

  async movements(query: MovementQuery, page: Page): Promise<PageOf<Movement>> {
    await this.settled();
    return this.tables.movements(query, page);
  }

  async brokerFees(query: BrokerFeeQuery, page: Page): Promise<PageOf<BrokerFee>> {
    await this.settled();
    return this.tables.brokerFees(query, page);
  }

  async orders(query: OrderHistoryQuery, page: Page): Promise<PageOf<Order>> {
    await this.settled();
    return this.tables.orders(query, page);
  }

  async executions(query: ExecutionQuery, limit: number): Promise<Execution[]> {
    await this.settled();
    return this.tables.executions(query, limit);
  }

  async executionsPage(query: ExecutionQuery, page: Page): Promise<PageOf<Execution>> {
    await this.settled();
    return this.tables.executionsPage(query, page);
  }

  async order(portfolioId: string, ref: OrderRef): Promise<Order | undefined> {
    await this.settled();
    return this.tables.order(portfolioId, ref);
  }

  async statements(query: StatementQuery, page: Page): Promise<PageOf<Statement>> {
    await this.settled();
    return this.tables.statements(query, page);
  }

  async candles(): Promise<KeptCandles[]> {
    await this.settled();
    return this.tables.candles();
  }

  async closedPositions(query: PositionHistoryQuery, page: Page): Promise<PageOf<ClosedPosition>> {
    await this.settled();
    return this.tables.closedPositions(query, page);
  }

  async traded(query: TradedQuery): Promise<SymTraded[]> {
    await this.settled();
    return this.tables.traded(query);
  }

  async algoOrders(query: AlgoHistoryQuery, page: Page): Promise<PageOf<AlgoOrder>> {
    await this.settled();
    return this.tables.algoOrders(query, page);
  }

  async algoOrder(portfolioId: string, ref: AlgoRef): Promise<AlgoOrder | undefined> {
    await this.settled();
    return this.tables.algoOrder(portfolioId, ref);
  }
}
