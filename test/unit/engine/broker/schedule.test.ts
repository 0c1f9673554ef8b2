/**
 * Which mark-up a sub-portfolio pays when (decisions J1): its own changes and its user's all-sub-portfolio changes,
 * the one that took effect last applying, at effAt in venue time; a refused change changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../../src/catalogue/index.ts';
import { parseMarkup } from '../../../../src/domain/broker/index.ts';
import { formatFixed } from '../../../../src/domain/money.ts';
import { markupAt, pricedFor } from '../../../../src/engine/broker/index.ts';
import { decode, encode, hashOf } from '../../../../src/store/journal/codec.ts';
import { marketDataOf } from '../../../../src/venues/index.ts';
import { journaledEngine } from '../../../support/engine.ts';

const bps = (text: string) => parseMarkup('ABSOLUTE', text);

function setup() {
  const s = journaledEngine('broker');
  const sub = (name: string): string => (s.apply('createPortfolio', { userId: s.user.userId, name }).result as any).portfolio.portfolioId;
  const [a, b] = [sub('ClientAaa1'), sub('ClientBbb1')];
  const set = (payload: Record<string, unknown>) =>
    s.apply('setSubFeeRate', { userId: s.user.userId, mainPortfolioId: s.user.mainPortfolioId, venue: 'BINANCE', instType: 'SPOT', ...payload }).result as { effAt: number };
  const takerAt = (portfolioId: string, at: number) => markupAt(s.engine.state, s.engine.state.portfolios.get(portfolioId)!, 'BINANCE', 'SPOT', at)?.taker?.value;
  return { ...s, a, b, set, takerAt };
}

describe('broker mark-up schedule', () => {
  it('without effDate a change takes effect at the next full hour; with today’s date at once', () => {
    const { a, set, takerAt } = setup();
    const { effAt } = set({ portfolioId: a, taker: bps('10') });
    assert.equal(effAt, Date.UTC(2026, 11, 1, 8));
    assert.equal(takerAt(a, effAt - 1), undefined);
    assert.equal(takerAt(a, effAt), bps('10').value);
    // Commands are a second apart from 07:00:01: this one is the fifth.
    const today = set({ portfolioId: a, taker: bps('3'), effDate: Date.UTC(2026, 11, 1) });
    assert.equal(today.effAt, Date.UTC(2026, 11, 1, 7, 0, 5));
    assert.equal(takerAt(a, today.effAt), bps('3').value);
    assert.equal(takerAt(a, effAt), bps('3').value, 'it replaced the change scheduled from a later hour');
  });

  it('of a sub-portfolio’s own and the all-sub-portfolio changes, the one that took effect last applies', () => {
    const { a, b, set, takerAt } = setup();
    const all = set({ taker: bps('5'), effDate: Date.UTC(2026, 11, 3) });
    const own = set({ portfolioId: a, taker: bps('7'), effDate: Date.UTC(2026, 11, 2) });
    assert.equal(takerAt(a, own.effAt), bps('7').value);
    assert.equal(takerAt(b, own.effAt), undefined);
    assert.equal(takerAt(a, all.effAt), bps('5').value);
    assert.equal(takerAt(b, all.effAt), bps('5').value);
  });

  it('a side left out keeps what the target was to pay on it', () => {
    const { a, set, engine } = setup();
    set({ portfolioId: a, taker: bps('10'), maker: bps('2'), effDate: Date.UTC(2026, 11, 1) });
    const { effAt } = set({ portfolioId: a, maker: parseMarkup('PERCENTAGE', '50'), effDate: Date.UTC(2026, 11, 2) });
    const change = markupAt(engine.state, engine.state.portfolios.get(a)!, 'BINANCE', 'SPOT', effAt)!;
    assert.deepEqual([change.taker, change.maker], [bps('10'), parseMarkup('PERCENTAGE', '50')]);
  });

  it('prices a MARGIN fill with the SPOT mark-up, a PERP fill with none set for PERP, the main portfolio with none', () => {
    const { a, set, engine, user } = setup();
    set({ portfolioId: a, taker: bps('10'), maker: bps('1'), effDate: Date.UTC(2026, 11, 1) });
    const market = marketDataOf(engine.state.sim);
    const at = Date.UTC(2026, 11, 1, 12);
    const margin = pricedFor(engine.state, a, market.instrument('BINANCE_MARGIN_BTC_USDT')!, at);
    assert.deepEqual([formatFixed(margin.takerFeeRate), formatFixed(margin.makerFeeRate)], ['0.002', '0.0011']);
    const perp = market.instrument('BINANCE_PERP_BTC_USDT')!;
    assert.equal(pricedFor(engine.state, a, perp, at), perp);
    const spot = market.instrument('BINANCE_SPOT_BTC_USDT')!;
    assert.equal(pricedFor(engine.state, user.mainPortfolioId, spot, at), spot);
  });

  it('survives a snapshot: the schedule decodes to the same state', () => {
    const { a, set, engine } = setup();
    set({ portfolioId: a, taker: bps('10'), maker: parseMarkup('PERCENTAGE', '20') });
    set({ taker: bps('0.01'), effDate: Date.UTC(2026, 11, 5) });
    const restored = decode<typeof engine.state>(encode(engine.state));
    assert.equal(hashOf(restored), hashOf(engine.state));
    assert.deepEqual(restored.broker.markups.get(engine.state.portfolios.get(a)!.userId), engine.state.broker.markups.get(engine.state.portfolios.get(a)!.userId));
  });

  it('refuses the main portfolio (406000), no side (406002), a past day (406009) and a portfolio not the user’s (401010), changing nothing', () => {
    const { apply, engine, user } = setup();
    const before = encode(engine.state);
    const base = { userId: user.userId, mainPortfolioId: user.mainPortfolioId, venue: 'BINANCE', instType: 'SPOT', taker: bps('1') };
    const refusals: [Record<string, unknown>, number][] = [
      [{ portfolioId: user.mainPortfolioId }, 406000],
      [{ taker: undefined }, 406002],
      [{ effDate: Date.UTC(2026, 10, 30) }, 406009],
      [{ portfolioId: '1111111111111111' }, 401010],
    ];
    for (const [change, code] of refusals) {
      assert.throws(() => apply('setSubFeeRate', { ...base, ...change }), (error) => error instanceof ApiError && error.code === code, String(code));
      assert.equal(encode(engine.state), before);
    }
  });
});
