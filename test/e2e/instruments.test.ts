import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.ts';

const BASES = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'LTC', 'DOT', 'TRX'];

describe('GET /api/v1/trading/sym/info', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { RATE_LIMITS: JSON.stringify({ '*': { marketReference: [1000, 1000] } }) } });
  });
  after(() => server.stop());

  it('lists SPOT, PERP and MARGIN markets of twelve bases on both venues, keyed by sym', async () => {
    const response = await server.client.get('/api/v1/trading/sym/info', {});
    assert.equal(response.code, 200000);
    for (const venue of ['BINANCE', 'OKX']) {
      for (const business of ['SPOT', 'PERP', 'MARGIN']) {
        for (const base of BASES) {
          const sym = `${venue}_${business}_${base}_USDT`;
          assert.equal(response.data[sym]?.sym, sym, `${sym} listed`);
        }
      }
    }
    assert.ok(response.data.BINANCE_SPOT_BTC_USDC);
    assert.ok(response.data.OKX_PERP_ETH_USDC);
  });

  it('shows a spot market with its venue rules as decimal strings, without perp fields', async () => {
    const response = await server.client.get('/api/v1/trading/sym/info', { sym: 'BINANCE_SPOT_BTC_USDT' });
    assert.deepEqual(Object.keys(response.data), ['BINANCE_SPOT_BTC_USDT']);
    const btc = response.data.BINANCE_SPOT_BTC_USDT;
    assert.equal(btc.originalSymbol, 'BTCUSDT');
    assert.equal(btc.state, 'live');
    assert.equal(btc.tickSize, '0.01');
    assert.equal(btc.lotSize, '0.00001');
    assert.equal(btc.pricePrecision, '2');
    assert.equal(btc.qtyPrecision, '5');
    assert.equal(btc.minNotional, '5');
    assert.equal(btc.maxNumOrders, '200');
    assert.equal(btc.contractSize, undefined);
    assert.equal(btc.liquidationFee, undefined);
  });

  it('shows OKX perp sizes in contracts with the contract size and leverage fields', async () => {
    const response = await server.client.get('/api/v1/trading/sym/info', { sym: 'OKX_PERP_BTC_USDT' });
    const perp = response.data.OKX_PERP_BTC_USDT;
    assert.equal(perp.originalSymbol, 'BTC-USDT-SWAP');
    assert.equal(perp.contractSize, '0.01');
    assert.equal(perp.lotSize, '0.01');
    assert.equal(perp.minSize, '0.01');
    assert.equal(perp.defaultLeverage, '5');
    assert.equal(perp.safeLeverage, '10');
    assert.match(perp.liquidationFee, /^0\.\d+$/);
  });

  it('reads the documented OKX_PEPR typo as the PERP market and answers with the right sym', async () => {
    const response = await server.client.get('/api/v1/trading/sym/info', { sym: 'OKX_PEPR_ETH_USDT' });
    assert.equal(response.code, 200000);
    assert.deepEqual(Object.keys(response.data), ['OKX_PERP_ETH_USDT']);
  });

  it('answers 401011 for a well-formed sym no venue lists', async () => {
    const response = await server.client.get('/api/v1/trading/sym/info', { sym: 'BINANCE_SPOT_PEPE_USDT' });
    assert.equal(response.code, 401011);
    assert.equal(response.message, 'Symbol not supported');
  });

  it('answers 400000 for text that is not a sym, and for unknown parameters', async () => {
    for (const sym of ['btcusdt', 'BINANCE_SPOT_BTC', 'BINANCE-SPOT-BTC-USDT']) {
      const response = await server.client.get('/api/v1/trading/sym/info', { sym });
      assert.equal(response.code, 400000, sym);
    }
    const extra = await server.client.get('/api/v1/trading/sym/info', { symbol: 'BINANCE_SPOT_BTC_USDT' });
    assert.equal(extra.code, 400000);
  });
});
