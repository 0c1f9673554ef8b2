import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, type Fixed, type Unit } from '../../../../../src/domain/money.ts';
import { decode, encode } from '../../../../../src/store/journal/codec.ts';
import { ASSETS } from '../../../../../src/venues/sim/market/assets.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPriceReplay, parsePriceCsv } from '../../../../../src/venues/sim/market/price-file.ts';
import { newSimState, startSimulation } from '../../../../../src/venues/sim/state.ts';
import { advanceMarket, newMarketState, referencePrice, setReferencePrice, type MarketState } from '../../../../../src/venues/sim/market/price-process.ts';
import { newRng, nextFloat, nextInt, nextNormal, nextU32 } from '../../../../../src/venues/sim/random/rng.ts';

const MINUTE = 60_000;
const f = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

describe('seeded rng', () => {
  it('repeats a stream from the same seed, also after a round trip through the codec', () => {
    const a = newRng(9);
    const b = newRng(9);
    for (let i = 0; i < 100; i++) nextU32(a), nextU32(b);
    const c = decode<typeof a>(encode(a));
    const fromA = Array.from({ length: 10 }, () => nextU32(a));
    assert.deepEqual(Array.from({ length: 10 }, () => nextU32(b)), fromA);
    assert.deepEqual(Array.from({ length: 10 }, () => nextU32(c)), fromA);
    assert.notDeepEqual(Array.from({ length: 10 }, () => nextU32(newRng(10))), fromA);
  });

  it('draws uniform floats, bounded integers and roughly standard normals', () => {
    const rng = newRng(1);
    const floats = Array.from({ length: 20_000 }, () => nextFloat(rng));
    assert.ok(floats.every((x) => x >= 0 && x < 1));
    assert.ok(Math.abs(floats.reduce((s, x) => s + x, 0) / floats.length - 0.5) < 0.01);
    const ints = new Set(Array.from({ length: 1000 }, () => nextInt(rng, 6)));
    assert.deepEqual([...ints].sort(), [0, 1, 2, 3, 4, 5]);
    const normals = Array.from({ length: 20_000 }, () => nextNormal(rng));
    const mean = normals.reduce((s, x) => s + x, 0) / normals.length;
    const variance = normals.reduce((s, x) => s + (x - mean) ** 2, 0) / normals.length;
    assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `mean ${mean}, variance ${variance}`);
  });
});

describe('price process', () => {
  it('walks each asset with its own volatility, in exact prices', () => {
    const market = newMarketState({ seed: 4 });
    const steps = 20_000;
    const returns = new Map<string, number[]>(ASSETS.map((a) => [a.base, []]));
    for (let i = 0; i < steps; i++) {
      const before = ASSETS.map((a) => referencePrice(market, a.base));
      advanceMarket(market, MINUTE);
      ASSETS.forEach((a, k) => {
        const after = referencePrice(market, a.base);
        assert.equal(typeof after, 'bigint');
        assert.ok(after > 0n);
        returns.get(a.base)!.push(Math.log(Number(after) / Number(before[k])));
      });
    }
    const minutesPerYear = 365.25 * 24 * 60;
    for (const asset of ASSETS) {
      const r = returns.get(asset.base)!;
      const mean = r.reduce((s, x) => s + x, 0) / r.length;
      const realised = Math.sqrt((r.reduce((s, x) => s + (x - mean) ** 2, 0) / r.length) * minutesPerYear);
      assert.ok(Math.abs(realised / asset.volatility - 1) < 0.05, `${asset.base}: realised ${realised}, configured ${asset.volatility}`);
    }
  });

  it('gives the same path for the same seed and tick times, a different one for another seed', () => {
    const path = (seed: number) => {
      const market = newMarketState({ seed });
      return Array.from({ length: 50 }, () => (advanceMarket(market, 200), referencePrice(market, 'ETH')));
    };
    assert.deepEqual(path(1), path(1));
    assert.notDeepEqual(path(1), path(2));
  });

  it('takes the operator’s price at once and walks on from it; an unknown asset changes nothing', () => {
    const market = newMarketState({ seed: 8 });
    const before = encode(market);
    assert.equal(setReferencePrice(market, 'PEPE', f('1')), false);
    assert.equal(encode(market), before);
    assert.equal(setReferencePrice(market, 'BTC', f('150000')), true);
    assert.equal(referencePrice(market, 'BTC'), f('150000'));
    advanceMarket(market, MINUTE);
    const walked = referencePrice(market, 'BTC');
    assert.notEqual(walked, f('150000'));
    assert.ok(walked > f('149000') && walked < f('151000'), String(walked));
  });

  it('walks every asset as it did before marks followed the books (the same draws, in the same order)', () => {
    const market = newMarketState({ seed: 1 });
    for (let i = 0; i < 10; i++) advanceMarket(market, MINUTE);
    assert.equal(referencePrice(market, 'ETH'), f('3408.370915966385862016'));
  });

  it('replays a recorded price file as venue time advances, then holds its last price', () => {
    const rows = parsePriceCsv('timestamp,price\n1700000000000,100.5\n1700000001000,101\n1700000005000,99.25\n');
    const market: MarketState = decode(encode(newMarketState({ seed: 1, replay: { base: 'SOL', rows } })));
    const sol = () => referencePrice(market, 'SOL');
    assert.equal(sol(), f('100.5'));
    advanceMarket(market, 500);
    assert.equal(sol(), f('100.5'));
    advanceMarket(market, 500);
    assert.equal(sol(), f('101'));
    advanceMarket(market, 4000);
    assert.equal(sol(), f('99.25'));
    const btc = referencePrice(market, 'BTC');
    advanceMarket(market, 3_600_000);
    assert.equal(sol(), f('99.25'));
    assert.notEqual(referencePrice(market, 'BTC'), btc, 'the other assets still walk');
  });

  it('holds an operator’s price on a replayed asset until the file’s next row', () => {
    const rows = parsePriceCsv('1700000000000,100\n1700000010000,110\n');
    const market = newMarketState({ seed: 1, replay: { base: 'SOL', rows } });
    setReferencePrice(market, 'SOL', f('150'));
    advanceMarket(market, 5000);
    assert.equal(referencePrice(market, 'SOL'), f('150'));
    advanceMarket(market, 5000);
    assert.equal(referencePrice(market, 'SOL'), f('110'));
    setReferencePrice(market, 'SOL', f('90'));
    advanceMarket(market, 60_000);
    assert.equal(referencePrice(market, 'SOL'), f('90'), 'past the last row the operator’s price holds');
  });
});

describe('price file', () => {
  it('reads epoch milliseconds, epoch seconds and ISO times, with or without a header', () => {
    assert.deepEqual(parsePriceCsv('1700000000,42000.5\n1700000060,42001\n'), [
      { ts: 1_700_000_000_000, price: f('42000.5') },
      { ts: 1_700_000_060_000, price: f('42001') },
    ]);
    assert.deepEqual(parsePriceCsv('time,close\r\n2024-01-01T00:00:00Z,1.5\r\n'), [{ ts: Date.UTC(2024, 0, 1), price: f('1.5') }]);
  });

  it('refuses malformed rows, non-positive prices, time going back and an empty file', () => {
    assert.throws(() => parsePriceCsv('1700000000000,abc\n'), /line 1/);
    assert.throws(() => parsePriceCsv('1700000000000,100\n1700000000001,-1\n'), /line 2/);
    assert.throws(() => parsePriceCsv('1700000000000,100,7\n'), /line 1/);
    assert.throws(() => parsePriceCsv('1700000001000,100\n1700000000000,100\n'), /go back/);
    assert.throws(() => parsePriceCsv('timestamp,price\n'), /no rows/);
  });
});

describe('starting the simulation', () => {
  it('takes a seed and a price file once, and keeps them after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    try {
      const file = join(dir, 'eth.csv');
      writeFileSync(file, '1700000000000,2500\n1700000060000,2600\n');
      const replay = loadPriceReplay(file, 'ETH');
      assert.throws(() => loadPriceReplay(file, 'PEPE'), /SIM_PRICE_ASSET PEPE/);
      const sim = newSimState();
      assert.equal(startSimulation(sim, { seed: 77, replay }), true);
      assert.equal(referencePrice(sim.market, 'ETH'), f('2500'));
      advanceMarket(sim.market, 60_000);
      assert.equal(referencePrice(sim.market, 'ETH'), f('2600'));
      assert.equal(startSimulation(sim, { seed: 78 }), false);
      assert.equal(referencePrice(sim.market, 'ETH'), f('2600'));
      assert.equal(sim.market.replay?.base, 'ETH');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
