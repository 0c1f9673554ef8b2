/**
 * The position history and the traded sums over both backends: position changes in through the
 * projector, closed positions (with the side they were held in) and Σ price × quantity per sym out.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseFixed, ZERO, type Fixed, type Unit } from '../../../../../src/domain/money.ts';
import { newPosition, type Position } from '../../../../../src/domain/perp/index.ts';
import type { EngineEvent, PositionChanged } from '../../../../../src/engine/core/events.ts';
import { openHistory, type History } from '../../../../../src/store/history/history.ts';
import type { PositionHistoryQuery } from '../../../../../src/store/history/queries/history-store.ts';
import { testSchema, type TestSchema } from '../../../../support/postgres.ts';
import { anExecution } from '../../../../support/fixtures.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 1);
const PORTFOLIO = '1700000000000001';
const OTHER = '1700000000000002';
const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

function position(positionId: string, overrides: Partial<Position>): Position {
  const base = newPosition({ positionId, portfolioId: PORTFOLIO, sym: 'BINANCE_PERP_BTC_USDT', venue: 'BINANCE', positionSide: 'NONE' }, NOW - DAY);
  return { ...base, ...overrides };
}

const changed = (p: Position, leverage = 10): PositionChanged => ({ type: 'positionChanged', position: p, leverage, positionMode: p.positionSide === 'NONE' ? 'NET' : 'BOTH' });

/** A NET short opened at 100 000 and bought back at 99 000, in two events. */
const shortOpen = position('3000000000000001', { qty: fixed('-0.5'), openCost: fixed('50000'), openedQty: fixed('0.5'), openedValue: fixed('50000'), maxQty: fixed('0.5'), fee: fixed('25') });
const shortClosed: Position = {
  ...shortOpen,
  qty: fixed('0'),
  openCost: fixed('0'),
  realizedPnl: fixed('500'),
  closedQty: fixed('0.5'),
  closedValue: fixed('49500'),
  fee: fixed('49.75'),
  updateAt: NOW - 1000,
};

for (const backend of ['pglite', 'postgres'] as const) {
  describe(`position history and traded sums (${backend})`, () => {
    let history: History;
    let schema: TestSchema | undefined;
    let dataDir: string;
    let seq = 0;
    const publish = (...events: EngineEvent[]) => history.projector.accept({ seq: ++seq, ts: NOW, events });
    const query = (extra: Partial<PositionHistoryQuery> = {}): PositionHistoryQuery => ({ portfolioId: PORTFOLIO, begin: NOW - 7 * DAY, end: NOW, ...extra });
    const page = { page: 1, pageSize: 100 };
    const ids = async (extra: Partial<PositionHistoryQuery> = {}) => (await history.store.closedPositions(query(extra), page)).list.map((c) => c.position.positionId);

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'openconnex-positions-'));
      schema = backend === 'postgres' ? testSchema() : undefined;
      history = await openHistory({ dataDir, databaseUrl: schema?.env.DATABASE_URL, schemaName: schema?.name ?? 'public', onError: (error) => assert.fail(String(error)) });
      publish(changed(shortOpen));
      // The open position is written (its side learnt) before the close arrives in a later write.
      await history.store.closedPositions(query(), page);
      publish(changed(shortClosed));
      // Opened and closed within one write: the side comes from the earlier event of the same write.
      const long = position('3000000000000002', { qty: fixed('1'), openCost: fixed('100000'), openedQty: fixed('1'), openedValue: fixed('100000'), maxQty: fixed('1') });
      publish(changed(long), changed({ ...long, qty: fixed('0'), openCost: fixed('0'), closedQty: fixed('1'), closedValue: fixed('100000'), updateAt: NOW - 2000 }, 20));
      const hedged = position('3000000000000003', { positionSide: 'SHORT', sym: 'OKX_PERP_BTC_USDT', venue: 'OKX', qty: fixed('0'), closedQty: fixed('100'), updateAt: NOW - 3 * DAY });
      const stillOpen = position('3000000000000004', { qty: fixed('2'), openedQty: fixed('2') });
      const old = position('3000000000000005', { qty: fixed('0'), updateAt: NOW - 10 * DAY });
      publish(changed(hedged), changed(stillOpen), changed(old), changed({ ...shortClosed, positionId: '3000000000000006', portfolioId: OTHER }));
      publish(
        { type: 'executionCreated', execution: anExecution({ transactionId: '2000000000000001', createAt: NOW - DAY }) },
        { type: 'executionCreated', execution: anExecution({ transactionId: '2000000000000002', createAt: NOW - DAY, quantity: fixed('0.75'), price: fixed('65000') }) },
        { type: 'executionCreated', execution: anExecution({ transactionId: '2000000000000003', createAt: NOW, sym: 'OKX_PERP_BTC_USDT', venue: 'OKX', business: 'PERP', quantity: fixed('150'), price: fixed('100000.5') }) },
        { type: 'executionCreated', execution: anExecution({ transactionId: '2000000000000004', createAt: NOW - 2 * DAY, sym: 'OKX_PERP_BTC_USDT', venue: 'OKX', business: 'PERP' }) },
        { type: 'executionCreated', execution: anExecution({ transactionId: '2000000000000005', createAt: NOW, portfolioId: OTHER }) },
      );
    });
    after(async () => {
      await history.close(seq);
      rmSync(dataDir, { recursive: true, force: true });
      await schema?.drop();
    });

    it('serves the closed positions of the window, newest close first, as their last event left them', async () => {
      const { totalSize, list } = await history.store.closedPositions(query(), page);
      assert.equal(totalSize, 3);
      assert.deepEqual(
        list.map((c) => c.position.positionId),
        ['3000000000000001', '3000000000000002', '3000000000000003'],
      );
      const [short] = list;
      // A position that paid no liquidation fee reads back with liqFee 0.
      assert.deepEqual(short.position, { ...shortClosed, liqFee: ZERO });
      assert.deepEqual([short.side, short.leverage, short.positionMode], ['SHORT', 10, 'NET']);
      assert.deepEqual([list[1].side, list[1].leverage], ['LONG', 20]);
      assert.deepEqual([list[2].side, list[2].positionMode, list[2].position.positionSide], ['SHORT', 'BOTH', 'SHORT']);
    });

    it('filters by sym, exchange and close time, and pages', async () => {
      assert.deepEqual(await ids({ exchange: 'OKX' }), ['3000000000000003']);
      assert.deepEqual(await ids({ sym: 'BINANCE_PERP_BTC_USDT' }), ['3000000000000001', '3000000000000002']);
      assert.deepEqual(await ids({ begin: NOW - 1500, end: NOW }), ['3000000000000001']);
      assert.deepEqual(await ids({ begin: NOW - 20 * DAY, end: NOW - 9 * DAY }), ['3000000000000005']);
      const second = await history.store.closedPositions(query(), { page: 2, pageSize: 2 });
      assert.deepEqual([second.totalSize, second.list.map((c) => c.position.positionId)], [3, ['3000000000000003']]);
    });

    it('sums price × quantity of the fills per sym within the bounds', async () => {
      const all = await history.store.traded({ portfolioId: PORTFOLIO, begin: NOW - DAY, end: NOW });
      assert.deepEqual(all, [
        { sym: 'BINANCE_SPOT_BTC_USDT', venue: 'BINANCE', business: 'SPOT', priceTimesQuantity: parseFixed('65000.025') },
        { sym: 'OKX_PERP_BTC_USDT', venue: 'OKX', business: 'PERP', priceTimesQuantity: parseFixed('15000075') },
      ]);
      assert.deepEqual(await history.store.traded({ portfolioId: PORTFOLIO, begin: NOW - 3 * DAY, end: NOW, businessType: 'PERP', exchange: 'BINANCE' }), []);
      const perp = await history.store.traded({ portfolioId: PORTFOLIO, begin: NOW - 3 * DAY, end: NOW - DAY, businessType: 'PERP' });
      assert.deepEqual(perp.map((row) => row.priceTimesQuantity), [parseFixed('16250.025')]);
    });
  });
}
