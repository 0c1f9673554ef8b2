import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, ZERO } from '../../../../../src/domain/money.ts';
import type { EventBatch } from '../../../../../src/engine/core/events.ts';
import { columnNames } from '../../../../../src/store/history/projections/columns.ts';
import { flattenInto, projectedOf, rowsOf, unflatten, type FlatBatches } from '../../../../../src/store/history/projections/projection.ts';
import { executions, orders, statements } from '../../../../../src/store/history/schema.ts';
import { anExecution, anOrder } from '../../../../support/fixtures.ts';

const batch: EventBatch = {
  seq: 7,
  ts: Date.UTC(2026, 2, 1),
  events: [
    { type: 'orderUpdated', order: anOrder() },
    { type: 'executionCreated', execution: anExecution() },
    {
      type: 'balanceChanged',
      portfolioId: '1700000000000001',
      venue: 'BINANCE',
      coin: 'USDT',
      beforeAvailable: parseFixed('100')!,
      afterAvailable: parseFixed('99.5')!,
      frozen: ZERO,
      borrowed: ZERO,
      overdraw: ZERO,
      at: Date.UTC(2026, 2, 1),
      reason: 'FUNDING_FEE',
      requestId: 'r1',
    },
  ],
};

describe('history rows', () => {
  it('carry exactly the columns of their tables in schema.ts, in the same order', () => {
    const rows = rowsOf([projectedOf(batch)]);
    const keys = (rows: object[]) => rows.map((row) => Object.keys(row));
    assert.deepEqual(keys(rows.orders), [columnNames(orders)]);
    assert.deepEqual(keys(rows.executions), [columnNames(executions)]);
    assert.deepEqual(keys(rows.statements.map((text) => JSON.parse(text))), [columnNames(statements)]);
  });

  it('reach the history worker as they were projected, batches without rows included', () => {
    const projected = [projectedOf(batch), projectedOf({ seq: 8, ts: batch.ts, events: [] }), projectedOf({ ...batch, seq: 9 })];
    const flat: FlatBatches = [];
    for (const one of projected) flattenInto(flat, one);
    assert.deepEqual(unflatten(flat), projected);
    assert.deepEqual(rowsOf(unflatten(flat)), rowsOf(projected));
  });
});
