import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asAmount, asPrice, asQty, ZERO } from '../../../../../src/domain/money.ts';
import { encode } from '../../../../../src/store/journal/codec.ts';
import { executionBody, executionFromBody, orderBody, orderFromBody } from '../../../../../src/store/history/projections/row-body.ts';
import { anExecution, anOrder } from '../../../../support/fixtures.ts';

/** Values that exercise the body's format: text with its separator and escape, flags set, a null and a set id. */
const order = anOrder({
  portfolioId: '1234567890',
  orderId: '1764000000000001',
  clientOrderId: 'bot7x42',
  timeInForce: 'IOC',
  state: 'CANCELLED',
  action: 'CANCEL_COMPLETE',
  cancelType: 'EXPIRE',
  orderQty: asQty(100000000000000n),
  limitPrice: asPrice(20000000000000000000000n),
  executedQty: ZERO,
  executedAmount: asAmount(-1n),
  lastExecutedQty: ZERO,
  lastExecutedPrice: ZERO,
  lastExecutedAmount: ZERO,
  fee: asAmount(123456789n),
  feeCoin: 'USDT',
  reduceOnly: true,
  leverage: 3,
  reason: 'a | pipe, 100% "quoted" and %7C literal',
  createAt: 1764000000000,
  updateAt: 1764000000123,
  borrowAmount: asAmount(5000n),
  borrowAsset: 'USDT',
});

const execution = anExecution({
  transactionId: '1764000000000002',
  portfolioId: '1234567890',
  orderId: '1764000000000001',
  clientOrderId: 'bot7x42',
  algoOrderId: '1764000000000003',
  sym: 'OKX_SPOT_ETH_USDC',
  venue: 'OKX',
  side: 'SELL',
  quantity: asQty(5n),
  price: asPrice(3000n),
  fee: ZERO,
  feeCoin: 'USDC',
  createAt: 1764000000456,
});

describe('history row bodies', () => {
  it('read back every field of an order and an execution exactly, whatever the text holds', () => {
    assert.deepEqual(orderFromBody(orderBody(order)), order);
    assert.deepEqual(orderFromBody(orderBody({ ...order, algoOrderId: '1764000000000009', reason: '' })), { ...order, algoOrderId: '1764000000000009', reason: '' });
    assert.deepEqual(executionFromBody(executionBody(execution)), execution);
  });

  it('hold no quotes, so nothing is escaped in the JSON that carries rows, and are shorter than codec JSON', () => {
    const body = orderBody({ ...order, reason: '' });
    assert.ok(!body.includes('"'));
    assert.equal(JSON.stringify(body).length, body.length + 2);
    assert.ok(body.length * 2 < encode(order).length, `${body.length} vs ${encode(order).length}`);
  });

  it('read bodies written as codec JSON before this form existed', () => {
    assert.deepEqual(orderFromBody(encode(order)), order);
    assert.deepEqual(executionFromBody(encode(execution)), execution);
  });
});
