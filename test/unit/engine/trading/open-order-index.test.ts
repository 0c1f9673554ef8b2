/**
 * The open-order index engine state keeps: the orders themselves by portfolio and sym, oldest first across
 * syms (ids grow with time), an emptied sym or portfolio forgotten, and a snapshot's form (portfolio →
 * orderIds) read back the same.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, ZERO } from '../../../../src/domain/money.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import { upgradeState, type State } from '../../../../src/engine/core/state.ts';
import { OpenOrderIndex } from '../../../../src/engine/trading/open-order-index.ts';
import { decode, encode } from '../../../../src/store/journal/codec.ts';
import { codeOf } from '../../../support/engine.ts';

const order = (portfolioId: string, sym: string, orderId: string) => ({ portfolioId, sym, orderId });
const idsOf = (orders: Iterable<{ orderId: string }>) => [...orders].map((open) => open.orderId);

describe('OpenOrderIndex', () => {
  it('lists a portfolio’s open orders oldest first across syms, and one sym’s alone', () => {
    const index = new OpenOrderIndex();
    index.add(order('p1', 'ETH', '1796172527000001'));
    index.add(order('p1', 'BTC', '1796172527000002'));
    index.add(order('p1', 'ETH', '1796172527000003'));
    index.add(order('p2', 'BTC', '1796172527000004'));
    assert.deepEqual(idsOf(index.ordersOf('p1')), ['1796172527000001', '1796172527000002', '1796172527000003']);
    assert.deepEqual(idsOf(index.onSym('p1', 'ETH').values()), ['1796172527000001', '1796172527000003']);
    assert.deepEqual([...index.onSym('p1', 'SOL').values()], []);
    assert.equal(index.count('p1'), 3);
    assert.deepEqual([...index.counts()], [['p1', 3], ['p2', 1]]);
  });

  it('forgets a removed order, an emptied sym and an emptied portfolio; removing an unknown one changes nothing', () => {
    const index = new OpenOrderIndex();
    index.add(order('p1', 'ETH', '1796172527000001'));
    index.add(order('p1', 'BTC', '1796172527000002'));
    index.remove(order('p1', 'ETH', '1796172527000009'));
    index.remove(order('p1', 'BTC', '1796172527000001')); // its sym is ETH: not there
    assert.equal(index.count('p1'), 2);
    index.remove(order('p1', 'ETH', '1796172527000001'));
    assert.deepEqual([...index.bySym('p1').keys()], ['BTC']);
    index.remove(order('p1', 'BTC', '1796172527000002'));
    assert.equal(index.count('p1'), 0);
    assert.deepEqual([...index.counts()], []);
    assert.deepEqual(index.ordersOf('p1'), []);
  });

  it('a longer id is newer (past the year 2286 ids have 17 digits)', () => {
    const index = new OpenOrderIndex();
    index.add(order('p1', 'BTC', '10000000000000000'));
    index.add(order('p1', 'ETH', '9999999999999999'));
    assert.deepEqual(idsOf(index.ordersOf('p1')), ['9999999999999999', '10000000000000000']);
  });

  it('is kept in a snapshot as portfolio → orderIds oldest first, and read back the same', () => {
    const index = new OpenOrderIndex();
    const orders = new Map([['1796172527000001', 'ETH'], ['1796172527000002', 'BTC'], ['1796172527000003', 'ETH']].map(([orderId, sym]) => [orderId, order('p1', sym, orderId)]));
    for (const open of orders.values()) index.add(open);
    const json = index.toJSON();
    assert.deepEqual(json, new Map([['p1', ['1796172527000001', '1796172527000002', '1796172527000003']]]));
    const restored = OpenOrderIndex.from(json, (orderId) => orders.get(orderId)!);
    assert.deepEqual(restored.toJSON(), json);
    assert.equal(restored.onSym('p1', 'ETH').get('1796172527000003'), orders.get('1796172527000003'), 'the order itself, not a copy');
    assert.deepEqual(idsOf(restored.onSym('p1', 'ETH').values()), ['1796172527000001', '1796172527000003']);
  });

  it('after a snapshot restore holds the engine’s own open orders, which placement reads (self-trade: 401043)', () => {
    const engine = new Engine();
    const ts = 1_764_000_000_000;
    const { user } = engine.apply(ts, { type: 'createUser', payload: { name: 'index', primaryKey: { accessKey: 'i'.repeat(64), secret: { iv: '', tag: '', data: '' } } } }).result;
    engine.apply(ts + 1, { type: 'creditDeposit', payload: { portfolioId: user.mainPortfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('1000000')! } });
    engine.apply(ts + 2, { type: 'creditDeposit', payload: { portfolioId: user.mainPortfolioId, venue: 'BINANCE', coin: 'BTC', amount: parseFixed('1')! } });
    const actor = { userId: user.userId, keyPortfolioId: user.mainPortfolioId, primary: true as const };
    const limit = (side: 'BUY' | 'SELL', price: string) => ({
      type: 'placeOrder' as const,
      payload: { actor, sym: 'BINANCE_SPOT_BTC_USDT', side, type: 'LIMIT' as const, timeInForce: 'GTC' as const, orderQty: parseFixed<'qty'>('0.001')!, limitPrice: parseFixed<'price'>(price)!, quoteOrderQty: ZERO, written: { qty: 3, price: 0, quote: 0 } },
    });
    const { order } = engine.apply(ts + 3, limit('BUY', '90000')).result;

    const restored = new Engine(upgradeState(decode<State>(encode(engine.state))));
    const trading = restored.state.trading;
    assert.equal(trading.openOrders.onSym(user.mainPortfolioId, 'BINANCE_SPOT_BTC_USDT').get(order.orderId), trading.orders.get(order.orderId), 'the restored order itself');
    assert.equal(codeOf(() => restored.apply(ts + 4, limit('SELL', '89000'))), 401043);
    assert.equal(trading.openOrders.count(user.mainPortfolioId), 1, 'the refused order changed nothing');
  });
});
