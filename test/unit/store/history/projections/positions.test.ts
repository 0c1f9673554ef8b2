import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, type Fixed, type Unit } from '../../../../../src/domain/money.ts';
import { newPosition, type Position } from '../../../../../src/domain/perp/index.ts';
import type { PositionChanged } from '../../../../../src/engine/core/events.ts';
import { columnNames } from '../../../../../src/store/history/projections/columns.ts';
import { heldSide, latestPositionRows, positionRow } from '../../../../../src/store/history/projections/positions.ts';
import { positions } from '../../../../../src/store/history/schema.ts';

const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const position = (overrides: Partial<Position>): Position => ({
  ...newPosition({ positionId: '3000000000000001', portfolioId: '1700000000000001', sym: 'BINANCE_PERP_BTC_USDT', venue: 'BINANCE', positionSide: 'NONE' }, 1),
  ...overrides,
});
const changed = (p: Position): PositionChanged => ({ type: 'positionChanged', position: p, leverage: 10, positionMode: 'NET' });
const parsed = (texts: string[]) => texts.map((text) => JSON.parse(text));

describe('positions projection', () => {
  it('a row carries exactly the columns of the table, in their order', () => {
    assert.deepEqual(Object.keys(JSON.parse(positionRow(changed(position({})), 7))), columnNames(positions));
  });

  it('knows the side from the positionSide in BOTH mode, from the sign of the size in NET mode', () => {
    assert.equal(heldSide({ positionSide: 'SHORT', qty: fixed('0') }), 'SHORT');
    assert.equal(heldSide({ positionSide: 'NONE', qty: fixed('0.5') }), 'LONG');
    assert.equal(heldSide({ positionSide: 'NONE', qty: fixed('-0.5') }), 'SHORT');
    assert.equal(heldSide({ positionSide: 'NONE', qty: fixed('0') }), '');
  });

  it("keeps each position's latest row, with the side an earlier row of the same write knew", () => {
    const rows = latestPositionRows([
      positionRow(changed(position({ qty: fixed('-1') })), 1),
      positionRow(changed(position({ positionId: '3000000000000002', qty: fixed('2') })), 1),
      positionRow(changed(position({ qty: fixed('0'), closedQty: fixed('1') })), 2),
    ]);
    assert.deepEqual(
      parsed(rows).map((row) => [row.position_id, row.seq, row.qty, row.closed_qty, row.side]),
      [
        ['3000000000000001', 2, '0', '1', 'SHORT'],
        ['3000000000000002', 1, '2', '0', 'LONG'],
      ],
    );
  });
});
