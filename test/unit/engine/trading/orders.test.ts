import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../../src/catalogue/index.ts';
import { parseFixed, ZERO } from '../../../../src/domain/money.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import { encode } from '../../../../src/store/journal/codec.ts';

describe('order commands in the engine', () => {
  it('refuses an order whose user was disabled after the gateway let it through (401022), changing nothing', () => {
    const engine = new Engine();
    let ts = 1_764_000_000_000;
    const { user } = engine.apply(++ts, { type: 'createUser', payload: { name: 'late', primaryKey: { accessKey: 'a'.repeat(64), secret: { iv: '', tag: '', data: '' } } } }).result;
    engine.apply(++ts, { type: 'creditDeposit', payload: { portfolioId: user.mainPortfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('1000')! } });
    const place = {
      actor: { userId: user.userId, keyPortfolioId: user.mainPortfolioId, primary: true },
      sym: 'BINANCE_SPOT_BTC_USDT',
      side: 'BUY' as const,
      type: 'LIMIT' as const,
      timeInForce: 'GTC' as const,
      orderQty: parseFixed<'qty'>('0.001')!,
      limitPrice: parseFixed<'price'>('90000')!,
      quoteOrderQty: ZERO,
      written: { qty: 3, price: 0, quote: 0 },
    };
    assert.equal(engine.apply(++ts, { type: 'placeOrder', payload: place }).result.state, 'OPEN');
    engine.apply(++ts, { type: 'setUserStatus', payload: { userId: user.userId, status: 'DISABLED' } });
    const before = encode(engine.state);
    assert.throws(() => engine.apply(++ts, { type: 'placeOrder', payload: place }), (error: unknown) => error instanceof ApiError && error.code === 401022);
    assert.equal(encode(engine.state), before);
  });
});
