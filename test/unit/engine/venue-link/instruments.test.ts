import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeOf } from '../../../support/engine.ts';
import { normalizeSym } from '../../../../src/domain/instrument.ts';
import { instrumentNamed } from '../../../../src/engine/venue-link/index.ts';
import { marketDataOf, newVenuesState } from '../../../../src/venues/index.ts';

const market = marketDataOf(newVenuesState());

describe('instruments as clients name them', () => {
  it('reads the OKX_PEPR typo as PERP; 401011 for unknown markets, 400000 for text that is no sym', () => {
    assert.equal(normalizeSym('OKX_PEPR_ETH_USDT'), 'OKX_PERP_ETH_USDT');
    assert.equal(instrumentNamed(market, 'OKX_PEPR_ETH_USDT').sym, 'OKX_PERP_ETH_USDT');
    assert.equal(codeOf(() => instrumentNamed(market, 'OKX_SPOT_SHIB_USDT')), 401011);
    assert.equal(codeOf(() => instrumentNamed(market, 'EDX_PERP_BTC_USDT')), 401011);
    assert.equal(codeOf(() => instrumentNamed(market, 'BINANCE_SPOT_BTCUSDT')), 400000);
    assert.equal(codeOf(() => instrumentNamed(market, 'binance_spot_btc_usdt')), 400000);
  });
});
