/** A snapshot an older version wrote restores into today's state shape. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed } from '../../../../src/domain/money.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import { upgradeState, type State } from '../../../../src/engine/core/state.ts';
import { decode, encode } from '../../../../src/store/journal/codec.ts';

describe('state upgrade', () => {
  it('fills what an older snapshot lacks (positions, overdraw) and the engine goes on from it', () => {
    const engine = new Engine();
    const { user } = engine.apply(1_764_000_000_000, { type: 'createUser', payload: { name: 'old', primaryKey: { accessKey: 'k'.repeat(64), secret: { iv: '', tag: '', data: '' } } } } as never).result as any;
    engine.apply(1_764_000_001_000, { type: 'creditDeposit', payload: { portfolioId: user.mainPortfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('100') } } as never);
    const old = JSON.parse(encode(engine.state));
    delete old.positions;
    for (const [, portfolio] of old.portfolios.$m) for (const [, balance] of portfolio.accounts.BINANCE.balances.$m) delete balance.overdraw;
    const restored = upgradeState(decode<State>(JSON.stringify(old)));
    assert.equal(encode(restored), encode(engine.state));
    const next = new Engine(restored);
    next.apply(1_764_000_002_000, { type: 'creditDeposit', payload: { portfolioId: user.mainPortfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('1') } } as never);
    assert.equal(next.state.portfolios.get(user.mainPortfolioId)!.accounts.BINANCE.balances.get('USDT')!.available, parseFixed('101'));
  });

  it('a deposit destination kept per user (format 2) becomes the setting of the portfolio it named', () => {
    const engine = new Engine();
    const { user } = engine.apply(1_764_000_000_000, { type: 'createUser', payload: { name: 'old', primaryKey: { accessKey: 'k'.repeat(64), secret: { iv: '', tag: '', data: '' } } } } as never).result as any;
    const actor = { userId: user.userId, keyPortfolioId: user.mainPortfolioId, primary: true };
    engine.apply(1_764_000_001_000, { type: 'setDepositExchange', payload: { actor, exchange: 'OKX', currency: 'ETH', network: 'ERC20' } } as never);
    const old = JSON.parse(encode(engine.state));
    old.transfers.destinations = { $m: [[`${user.userId}|ETH|ERC20`, { portfolioId: user.mainPortfolioId, venue: 'OKX' }]] };
    assert.equal(encode(upgradeState(decode<State>(JSON.stringify(old)), 2)), encode(engine.state));
  });
});
