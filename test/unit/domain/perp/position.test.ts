/** A position under fills: average cost, realized PnL, reversal, and uPnL that together conserve the cash flows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Instrument } from '../../../../src/domain/instrument.ts';
import { formatFixed, parseFixed, type Fixed, type Unit } from '../../../../src/domain/money.ts';
import { applyFill, averagePrice, newPosition, unrealizedPnl } from '../../../../src/domain/perp/index.ts';

const F = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const BINANCE = { contractSize: F<'qty'>('1') } as Instrument;
const OKX = { contractSize: F<'qty'>('0.01') } as Instrument;
const fresh = () => newPosition({ positionId: '1', portfolioId: 'p', sym: 'S', venue: 'BINANCE', positionSide: 'NONE' }, 0);

describe('a position under fills (decisions L6)', () => {
  it('averages the cost of what opened it and realizes PnL against that average', () => {
    const position = fresh();
    applyFill(position, BINANCE, 'BUY', F('1'), F('100'), 1);
    applyFill(position, BINANCE, 'BUY', F('3'), F('120'), 2);
    assert.equal(formatFixed(averagePrice(position, BINANCE)), '115');
    const result = applyFill(position, BINANCE, 'SELL', F('2'), F('130'), 3);
    assert.deepEqual([formatFixed(result.closed), formatFixed(result.rpnl), formatFixed(result.reversing)], ['2', '30', '0']);
    assert.equal(formatFixed(position.qty), '2');
    assert.equal(formatFixed(averagePrice(position, BINANCE)), '115');
    assert.equal(formatFixed(unrealizedPnl(position, BINANCE, F('110'))), '-10');
  });

  it('a short gains when the price falls', () => {
    const position = fresh();
    applyFill(position, BINANCE, 'SELL', F('0.5'), F('100000'), 1);
    assert.equal(formatFixed(position.qty), '-0.5');
    assert.equal(formatFixed(unrealizedPnl(position, BINANCE, F('90000'))), '5000');
    assert.equal(formatFixed(applyFill(position, BINANCE, 'BUY', F('0.5'), F('95000'), 2).rpnl), '2500');
    assert.equal(position.qty, 0n);
  });

  it('a fill larger than the opposite position closes it and leaves the rest to reverse', () => {
    const position = fresh();
    applyFill(position, BINANCE, 'BUY', F('1'), F('100'), 1);
    const result = applyFill(position, BINANCE, 'SELL', F('3'), F('90'), 2);
    assert.deepEqual([formatFixed(result.closed), formatFixed(result.rpnl), formatFixed(result.reversing)], ['1', '-10', '2']);
    assert.equal(position.qty, 0n);
    assert.equal(formatFixed(position.maxQty), '1');
  });

  it('counts OKX contracts at their contract size: 100 contracts of 0.01 BTC are 1 BTC', () => {
    const position = fresh();
    applyFill(position, OKX, 'BUY', F('100'), F('100000'), 1);
    assert.equal(formatFixed(position.openCost), '100000');
    assert.equal(formatFixed(unrealizedPnl(position, OKX, F('101000'))), '1000');
  });

  it('partial closes split the cost exactly: realized + what is left equals the cash flows, to the last unit', () => {
    const position = fresh();
    applyFill(position, BINANCE, 'BUY', F('0.003'), F('33333.3'), 1);
    let realized = 0n;
    for (const price of ['33333.4', '33333.5', '33333.6']) realized += applyFill(position, BINANCE, 'SELL', F('0.001'), F(price), 2).rpnl;
    const cashIn = F('0.001') * (F('33333.4') + F('33333.5') + F('33333.6')) / F('1');
    const cashOut = F('0.003') * F('33333.3') / F('1');
    assert.equal(realized, cashIn - cashOut);
    assert.equal(position.openCost, 0n);
  });
});
