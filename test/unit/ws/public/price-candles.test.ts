import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFixed, parseFixed, ZERO, type Price } from '../../../../src/domain/money.ts';
import { candleView } from '../../../../src/views/market.ts';
import { newPriceCandles, samplePrice } from '../../../../src/ws/public/price-candles.ts';

const price = (text: string): Price => parseFixed<'price'>(text)!;
const MIN = 60_000;

describe('market data: mark and index price candles', () => {
  it('makes OHLC of the samples (the prices as the venues publish them), with volume 0', () => {
    const candles = newPriceCandles().MARK_PRICE_KLINE;
    const t0 = Date.UTC(2026, 11, 1, 10, 0, 0);
    samplePrice(candles, price('95000.12345679'), t0 + 1_000);
    samplePrice(candles, price('95010.5'), t0 + 20_000);
    samplePrice(candles, price('94990'), t0 + 40_000);
    const changes = samplePrice(candles, price('95001'), t0 + 59_999);
    const minute = changes.find((c) => c.interval === '1m')!;
    assert.equal(minute.closed, undefined);
    assert.deepEqual(candleView(minute.current, false), [String(t0), '95000.12345679', '95010.5', '94990', '95001', '0', false]);
  });

  it('closes a candle when a sample falls in the next interval, in every interval it ends', () => {
    const candles = newPriceCandles().INDEX_KLINE;
    const t0 = Date.UTC(2026, 11, 1, 10, 4, 30);
    samplePrice(candles, price('3400'), t0);
    const changes = samplePrice(candles, price('3401.25'), t0 + MIN);
    const minute = changes.find((c) => c.interval === '1m')!;
    assert.deepEqual(candleView(minute.closed!, true), [String(Date.UTC(2026, 11, 1, 10, 4)), '3400', '3400', '3400', '3400', '0', true]);
    assert.deepEqual(candleView(minute.current, false), [String(Date.UTC(2026, 11, 1, 10, 5)), '3401.25', '3401.25', '3401.25', '3401.25', '0', false]);
    const fiveMinutes = changes.find((c) => c.interval === '5m')!;
    assert.equal(fiveMinutes.closed!.openTime, Date.UTC(2026, 11, 1, 10, 0));
    const hour = changes.find((c) => c.interval === '1h')!;
    assert.equal(hour.closed, undefined);
    assert.equal(formatFixed(hour.current.low), '3400');
    assert.equal(hour.current.volume, ZERO);
  });

  it('keeps the two prices of a perp apart', () => {
    const perp = newPriceCandles();
    const ts = Date.UTC(2026, 11, 1);
    samplePrice(perp.MARK_PRICE_KLINE, price('101'), ts);
    samplePrice(perp.INDEX_KLINE, price('100'), ts);
    assert.equal(formatFixed(perp.MARK_PRICE_KLINE.latest('1m')!.close), '101');
    assert.equal(formatFixed(perp.INDEX_KLINE.latest('1m')!.close), '100');
  });
});
