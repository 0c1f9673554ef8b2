/**
 * `npm run bench:matching`: book operations per second on a deep book (add, cancel, match), for our
 * book alone, for the whole SimVenue path (reports, market data, rule checks), and for the same
 * stream through the `nodejs-order-book` package, in the same run. One seeded stream for all.
 */
import { OrderBook, Side as TheirSide } from 'nodejs-order-book';
import type { Price, Qty } from '../src/domain/money.ts';
import { Book, newBookState } from '../src/venues/sim/matching/index.ts';
import { newRng, nextFloat, nextInt } from '../src/venues/sim/random/index.ts';
import { SimVenue, newSimVenueState } from '../src/venues/sim/sim-venue.ts';
import type { Side } from '../src/domain/market.ts';

const DEPTH_ORDERS = 50_000;
const LEVELS_PER_SIDE = 2_000;
const CANCELS = 25_000;
const TAKERS = 50_000;
const MID_TICKS = 100_000;
const ROUNDS = 7;
const SYM = 'BINANCE_SPOT_BTC_USDT';
const TICK = 10n ** 16n; // 0.01
const LOT = 10n ** 13n; // 0.00001

type Op =
  | { kind: 'add'; id: string; side: Side; ticks: number; lots: number }
  | { kind: 'cancel'; id: string }
  | { kind: 'match'; side: Side; lots: number };

/** Resting orders away from the middle, cancels of random resting ones, then marketable takers. */
function stream(seed: number): Op[][] {
  const rng = newRng(seed);
  const adds: Op[] = [];
  for (let i = 0; i < DEPTH_ORDERS; i++) {
    const side: Side = i % 2 === 0 ? 'BUY' : 'SELL';
    const away = 1 + nextInt(rng, LEVELS_PER_SIDE);
    adds.push({ kind: 'add', id: `o${i}`, side, ticks: side === 'BUY' ? MID_TICKS - away : MID_TICKS + away, lots: 1 + nextInt(rng, 50) });
  }
  const cancels: Op[] = [];
  const ids = adds.map((op) => (op as { id: string }).id);
  for (let i = 0; i < CANCELS; i++) {
    const pick = i + nextInt(rng, ids.length - i);
    [ids[i], ids[pick]] = [ids[pick], ids[i]];
    cancels.push({ kind: 'cancel', id: ids[i] });
  }
  const takers: Op[] = [];
  for (let i = 0; i < TAKERS; i++) takers.push({ kind: 'match', side: nextFloat(rng) < 0.5 ? 'BUY' : 'SELL', lots: 1 + nextInt(rng, 10) });
  return [adds, cancels, takers];
}

interface Subject {
  name: string;
  fresh(): (op: Op) => void;
}

/** The stream's integers as money: raw scaled bigints, cast (no call in the measured loop). */
const price = (ticks: number) => (BigInt(ticks) * TICK) as Price;
const qty = (lots: number) => (BigInt(lots) * LOT) as Qty;

const ourBook: Subject = {
  name: 'openconnex Book',
  fresh() {
    const book = new Book(newBookState(SYM));
    const onFill = () => {};
    return (op) => {
      if (op.kind === 'add') book.add(op.id, op.side, price(op.ticks), qty(op.lots), false);
      else if (op.kind === 'cancel') book.remove(op.id);
      else book.match(op.side, undefined, qty(op.lots), onFill);
    };
  },
};

const ourVenue: Subject = {
  name: 'openconnex SimVenue',
  fresh() {
    const venue = new SimVenue(newSimVenueState('BINANCE'));
    let taker = 0;
    return (op) => {
      if (op.kind === 'add') venue.submit({ orderId: op.id, sym: SYM, side: op.side, type: 'LIMIT', timeInForce: 'GTC', price: price(op.ticks), quantity: qty(op.lots) }, 1);
      else if (op.kind === 'cancel') venue.cancel(SYM, op.id, 1);
      else venue.submit({ orderId: `t${taker++}`, sym: SYM, side: op.side, type: 'MARKET', timeInForce: 'IOC', quantity: qty(op.lots) }, 1);
      venue.takeMarketData();
    };
  },
};

const theirs: Subject = {
  name: 'nodejs-order-book',
  fresh() {
    const book = new OrderBook();
    const side = (s: Side) => (s === 'BUY' ? TheirSide.BUY : TheirSide.SELL);
    return (op) => {
      if (op.kind === 'add') book.limit({ side: side(op.side), id: op.id, size: op.lots / 100_000, price: op.ticks / 100 });
      else if (op.kind === 'cancel') book.cancel(op.id);
      else book.market({ side: side(op.side), size: op.lots / 100_000 });
    };
  },
};

/** ops/s of each phase on a fresh book. */
function measure(subject: Subject, phases: Op[][]): number[] {
  const apply = subject.fresh();
  return phases.map((ops) => {
    const start = process.hrtime.bigint();
    for (const op of ops) apply(op);
    return (ops.length * 1e9) / Number(process.hrtime.bigint() - start);
  });
}

const phases = stream(1);
const subjects = [ourBook, ourVenue, theirs];
/** Rounds interleave the subjects, so a busy machine slows them alike; each keeps its best round. */
const results = subjects.map(() => [0, 0, 0]);
for (let round = 0; round < ROUNDS; round++) {
  subjects.forEach((subject, i) => {
    measure(subject, phases).forEach((rate, k) => (results[i][k] = Math.max(results[i][k], rate)));
  });
}
const names = ['add', 'cancel', 'match'];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(12);
console.log(`deep book: ${DEPTH_ORDERS} resting orders over ${LEVELS_PER_SIDE} levels a side; ${CANCELS} cancels; ${TAKERS} market takers; best of ${ROUNDS} rounds`);
console.log(`${'ops/s'.padEnd(22)}${names.map((n) => n.padStart(12)).join('')}`);
subjects.forEach((s, i) => console.log(`${s.name.padEnd(22)}${results[i].map(fmt).join('')}`));
const baseline = results[subjects.indexOf(theirs)];
for (const ours of [ourBook, ourVenue]) {
  const ratios = results[subjects.indexOf(ours)].map((r, k) => `${(r / baseline[k]).toFixed(1)}×`.padStart(12)).join('');
  console.log(`${(ours.name.replace('openconnex ', '') + ' vs package').padEnd(22)}${ratios}`);
}
