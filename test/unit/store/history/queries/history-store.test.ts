/**
 * The HistoryStore contract the order-history routes rely on, over both backends: events in through
 * the projector, domain values out (windows, filters, paging, latest order state, read-your-writes).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Order, OrderState } from '../../../../../src/domain/orders/order.ts';
import { parseFixed, ZERO } from '../../../../../src/domain/money.ts';
import type { EngineEvent } from '../../../../../src/engine/core/events.ts';
import { openHistory, type History } from '../../../../../src/store/history/history.ts';
import type { ExecutionQuery, OrderHistoryQuery } from '../../../../../src/store/history/queries/history-store.ts';

type Query = ExecutionQuery & OrderHistoryQuery;
import { testSchema, type TestSchema } from '../../../../support/postgres.ts';
import { anExecution, anOrder } from '../../../../support/fixtures.ts';
import type { Execution } from '../../../../../src/domain/orders/execution.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 1);
const PORTFOLIO = '1700000000000001';
const OTHER = '1700000000000002';

const order = (orderId: string, createAt: number, overrides: Partial<Order> = {}): Order =>
  anOrder({ portfolioId: PORTFOLIO, orderId, clientOrderId: `c${orderId}`, createAt, updateAt: createAt, ...overrides });

const execution = (transactionId: string, orderId: string, createAt: number, overrides: Partial<Execution> = {}): Execution =>
  anExecution({ transactionId, portfolioId: PORTFOLIO, orderId, clientOrderId: `c${orderId}`, createAt, ...overrides });

const ids = (items: { orderId?: string; transactionId?: string }[]) => items.map((item) => item.transactionId ?? item.orderId);

for (const backend of ['pglite', 'postgres'] as const) {
  describe(`history store (${backend})`, () => {
    let history: History;
    let schema: TestSchema | undefined;
    let dataDir: string;
    let seq = 0;
    const publish = (...events: EngineEvent[]) => history.projector.accept({ seq: ++seq, ts: NOW, events });
    const recent = (extra: Partial<Query> = {}): Query => ({ portfolioId: PORTFOLIO, window: 'recent', now: NOW, ...extra });
    const page = { page: 1, pageSize: 100 };

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'openconnex-history-'));
      schema = backend === 'postgres' ? testSchema() : undefined;
      history = await openHistory({ dataDir, databaseUrl: schema?.env.DATABASE_URL, schemaName: schema?.name ?? 'public', onError: (error) => assert.fail(String(error)) });
      const states: [string, number, OrderState, Partial<Order>?][] = [
        ['1000000000000001', NOW - 1 * DAY, 'FILLED'],
        ['1000000000000002', NOW - 2 * DAY, 'CANCELLED', { executedQty: ZERO }],
        ['1000000000000003', NOW - 3 * DAY, 'CANCELLED', { executedQty: parseFixed('0.1')! }],
        ['1000000000000004', NOW - 1 * DAY, 'OPEN', { executedQty: ZERO }],
        ['1000000000000005', NOW - 10 * DAY, 'FILLED', { sym: 'OKX_SPOT_ETH_USDT', venue: 'OKX' }],
        ['1000000000000006', NOW - 100 * DAY, 'FILLED'],
        ['1000000000000007', NOW - 4 * DAY, 'REJECT', { executedQty: ZERO, business: 'PERP', sym: 'BINANCE_PERP_BTC_USDT' }],
        ['1000000000000008', NOW - 1 * DAY, 'FILLED', { portfolioId: OTHER }],
      ];
      for (const [orderId, createAt, state, overrides] of states) {
        publish({ type: 'orderUpdated', order: order(orderId, createAt, { state: 'NEW', executedQty: ZERO, ...overrides }) });
        publish({ type: 'orderUpdated', order: order(orderId, createAt, { state, updateAt: createAt + 5, ...overrides }) });
      }
      publish(
        { type: 'executionCreated', execution: execution('2000000000000001', '1000000000000001', NOW - DAY) },
        { type: 'executionCreated', execution: execution('2000000000000002', '1000000000000001', NOW - DAY + 1) },
        { type: 'executionCreated', execution: execution('2000000000000003', '1000000000000003', NOW - 3 * DAY) },
        { type: 'executionCreated', execution: execution('2000000000000004', '1000000000000005', NOW - 10 * DAY, { sym: 'OKX_SPOT_ETH_USDT', venue: 'OKX' }) },
        { type: 'executionCreated', execution: execution('2000000000000005', '1000000000000008', NOW - DAY, { portfolioId: OTHER }) },
      );
    });
    after(async () => {
      await history.close(seq);
      rmSync(dataDir, { recursive: true, force: true });
      await schema?.drop();
    });

    it('serves finished orders of the last 7 days, newest first, as domain values', async () => {
      const { totalSize, list } = await history.store.orders(recent(), page);
      assert.equal(totalSize, 4);
      assert.deepEqual(ids(list), ['1000000000000001', '1000000000000002', '1000000000000003', '1000000000000007']);
      assert.equal(list[0].state, 'FILLED');
      assert.equal(list[0].executedAmount, parseFixed('32500.05'));
      assert.equal(list[0].updateAt, NOW - DAY + 5);
      assert.equal(list[0].algoOrderId, null);
    });

    it('keeps 7–90-day-old orders in the archive window only', async () => {
      const archive = await history.store.orders({ ...recent(), window: 'archive' }, page);
      assert.deepEqual(ids(archive.list), ['1000000000000005']);
    });

    it('filters orders by sym, exchange, businessType, begin/end and filterExecuted', async () => {
      const q = async (extra: Partial<Query>) => ids((await history.store.orders(recent(extra), page)).list);
      assert.deepEqual(await q({ businessType: 'PERP' }), ['1000000000000007']);
      assert.deepEqual(await q({ sym: 'BINANCE_PERP_BTC_USDT' }), ['1000000000000007']);
      assert.deepEqual(await q({ exchange: 'OKX' }), []);
      assert.deepEqual(await q({ begin: NOW - 2 * DAY, end: NOW - 2 * DAY }), ['1000000000000002']);
      assert.deepEqual(await q({ filterExecuted: true }), ['1000000000000001', '1000000000000003']);
      assert.deepEqual(await q({ begin: NOW - 200 * DAY, end: NOW - 9 * DAY }), []);
    });

    it('pages orders', async () => {
      const second = await history.store.orders(recent(), { page: 2, pageSize: 3 });
      assert.equal(second.totalSize, 4);
      assert.deepEqual(ids(second.list), ['1000000000000007']);
    });

    it('serves executions with limit and paging, filtered by orderId and window', async () => {
      assert.deepEqual(ids(await history.store.executions(recent(), 1000)), ['2000000000000002', '2000000000000001', '2000000000000003']);
      assert.deepEqual(ids(await history.store.executions(recent(), 2)), ['2000000000000002', '2000000000000001']);
      assert.deepEqual(ids(await history.store.executions(recent({ orderId: '1000000000000003' }), 1000)), ['2000000000000003']);
      const paged = await history.store.executionsPage(recent(), { page: 2, pageSize: 2 });
      assert.deepEqual([paged.totalSize, ids(paged.list)], [3, ['2000000000000003']]);
      const archive = await history.store.executionsPage({ ...recent(), window: 'archive' }, page);
      assert.deepEqual(ids(archive.list), ['2000000000000004']);
      const [fill] = await history.store.executions(recent({ orderId: '1000000000000003' }), 1);
      assert.deepEqual([fill.quantity, fill.fee, fill.rpnl, fill.liquidity], [parseFixed('0.25'), parseFixed('0.00025'), 0n, 'MAKER']);
    });

    it('answers with a write published just before the query (read-your-writes)', async () => {
      publish({ type: 'orderUpdated', order: order('1000000000000009', NOW, { state: 'FILLED' }) });
      const { list } = await history.store.orders(recent(), page);
      assert.equal(list[0].orderId, '1000000000000009');
      assert.equal(history.projector.checkpoint, seq);
    });

    it('reads back texts as written, whatever characters they hold', async () => {
      const odd = 'a "quoted", {braced} \\ NULL';
      const orderId = '1000000000000010';
      publish(
        { type: 'orderUpdated', order: order(orderId, NOW - 5, { state: 'CANCELLED', executedQty: ZERO, clientOrderId: odd, reason: odd }) },
        { type: 'executionCreated', execution: execution('2000000000000010', orderId, NOW - 5, { clientOrderId: odd }) },
      );
      const { list } = await history.store.orders(recent(), page);
      const read = list.find((one) => one.orderId === orderId)!;
      assert.deepEqual([read.clientOrderId, read.reason], [odd, odd]);
      const [fill] = await history.store.executions(recent({ orderId }), 1);
      assert.equal(fill.clientOrderId, odd);
    });
  });
}
