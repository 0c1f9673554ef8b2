/**
 * Exact decimal arithmetic for money (design.md principle 4): a `bigint` scaled by 10^18, branded
 * with its unit so that the compiler tells a price from a quantity from an amount. The brand is a
 * type only: at run time every value is a plain bigint and these functions are the whole cost.
 * No JS `number` ever carries money; wire values are decimal strings without exponent.
 *
 * Units
 *
 * | type        | what it counts                                                                  |
 * |-------------|---------------------------------------------------------------------------------|
 * | `Price`     | quote coin per base coin: limit prices, ticks, index and mark prices            |
 * | `Qty`       | base coin: order sizes on every market but OKX PERP; `contractSize`             |
 * | `Contracts` | OKX PERP contracts, each `contractSize` base coin                               |
 * | `Size`      | `Qty` or `Contracts`: an order size in its instrument's unit (`baseQty` in instrument.ts is the way to `Qty`) |
 * | `Amount`    | a sum of one coin: balances, notionals, fees, quote budgets                     |
 * | `Rate`      | dimensionless: fee rates, ratios, fractions (`ONE` = 1 = 100 %)                 |
 * | `Fixed`     | any unit (formatting, comparing); `ZERO` is every unit                          |
 *
 * Arithmetic. `X` is any one unit, the same on both sides: `add(price, qty)` does not compile. The
 * bigint operators stay for comparing (`<`, `===`, `> 0n`: any units, a boolean); `+ - * /` on money
 * yield a plain `bigint`, which compiles nowhere a unit is expected, so arithmetic goes through here.
 *
 * | operation                    | result   | rounding                                               |
 * |------------------------------|----------|--------------------------------------------------------|
 * | `add` `sub` (X, X), `sum` (X…) | X      | exact                                                  |
 * | `neg` `abs` (X), `min` `max` (X, X) | X | exact                                                  |
 * | `times` (X, n)               | X        | exact: n whole steps of X (n a plain integer)          |
 * | `mul` (Price, Qty)           | Amount   | given, default down: the notional of a fill or order   |
 * | `mul` (Amount, Price)        | Amount   | given, default down: a balance valued in another coin  |
 * | `mul` (Contracts, Qty)       | Qty      | given, default down: contracts × base coin per contract |
 * | `mul` (X, Rate)              | X        | given, default down: a fee, a fraction of X            |
 * | `div` (Amount, Price)        | Qty      | given, default down: what a quote budget buys          |
 * | `div` (Amount, Qty)          | Price    | given, default down: an average price                  |
 * | `div` (X, Rate)              | X        | given, default down                                    |
 * | `div` (X, X)                 | Rate     | given, default down: a ratio                           |
 * | `mulDiv` (X, Y, Y)           | X        | given: X × Y / Y with one rounding                     |
 * | `scale` (X, n, d)            | X        | given: X × n / d, n and d plain integers (the simulation's draws) |
 * | `roundTo` (X, decimals)      | X        | given                                                  |
 * | `roundToStep` (X, X)         | X        | given: onto the grid of a tick or lot size             |
 * | `isMultipleOf` (X, X)        | boolean  | exact                                                  |
 * | `coinAmount` (Qty)           | Amount   | exact: base coin an order moves, as a balance holds it |
 *
 * Where a raw bigint becomes money: `parseFixed` (text: the wire, instrument data, price files,
 * history rows) and `fromInt`, which take their unit from the type they are assigned to or an
 * explicit type argument; and the `asPrice` … `asRate` constructors (the simulation's random draws,
 * raw test values). The order book sums plain bigints inside its matching loop and casts them to
 * `Size` where they leave it (book.ts); the journal codec's `decode<T>` returns values already typed
 * as the state they restore. Rounding is always said: `down` and `up` round toward and away
 * from zero, `halfUp` to the nearest (ties away from zero).
 */
declare const unit: unique symbol;

export type Unit = 'price' | 'qty' | 'contracts' | 'amount' | 'rate';
/** A scaled bigint of unit `U`; with no argument, of any unit. */
export type Fixed<U extends Unit = Unit> = bigint & { readonly [unit]: U };
export type Price = Fixed<'price'>;
export type Qty = Fixed<'qty'>;
export type Contracts = Fixed<'contracts'>;
/** An order size in its instrument's own unit: base coin, or contracts on OKX PERP. */
export type Size = Fixed<'qty' | 'contracts'>;
export type Amount = Fixed<'amount'>;
export type Rate = Fixed<'rate'>;

export const DECIMALS = 18;
/** The dimensionless 1 (100 %). */
export const ONE = (10n ** BigInt(DECIMALS)) as Rate;
/** Zero of every unit. */
export const ZERO = 0n as Fixed<never>;

export type Rounding = 'down' | 'up' | 'halfUp';

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal ("12", "-0.5", "65000.10"). Null for anything else or > 18 decimals. The unit
 * is the one the result is assigned to (or `parseFixed<'price'>(text)`); with neither it is `Fixed`.
 */
export function parseFixed<U extends Unit>(text: string): Fixed<U> | null {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > DECIMALS) return null;
  const units = BigInt(whole + fraction.padEnd(DECIMALS, '0'));
  return (sign === '-' ? -units : units) as Fixed<U>;
}

/** Number of decimals written in a decimal text ("1.50" → 2); -1 if it is not a decimal. */
export function decimalsOf(text: string): number {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return -1;
  return match[3]?.length ?? 0;
}

/** Canonical wire text: no exponent, no superfluous trailing zeros. */
export function formatFixed(value: Fixed): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(DECIMALS + 1, '0');
  const whole = digits.slice(0, -DECIMALS);
  const fraction = digits.slice(-DECIMALS).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction ? '.' + fraction : '');
}

/** Wire text with exactly `decimals` places (balances shown at venue precision). */
export function formatFixedTo(value: Fixed, decimals: number): string {
  const rounded = roundTo(value, decimals, 'down');
  const text = formatFixed(rounded);
  if (decimals === 0) return text;
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(decimals, '0')}`;
}

/** A whole number of the unit it is assigned to (or `fromInt<'amount'>(n)`). */
export function fromInt<U extends Unit>(n: number | bigint): Fixed<U> {
  return (BigInt(n) * ONE) as Fixed<U>;
}

/** Raw scaled bigints (already × 10^18) as money of one unit: the simulation's draws, raw test values. */
export function asPrice(raw: bigint): Price {
  return raw as Price;
}

export function asQty(raw: bigint): Qty {
  return raw as Qty;
}

export function asAmount(raw: bigint): Amount {
  return raw as Amount;
}

export function asRate(raw: bigint): Rate {
  return raw as Rate;
}

/** Base coin an order sells or a fill delivers, as an amount of that coin in a balance. */
export function coinAmount(quantity: Qty): Amount {
  return quantity as bigint as Amount;
}

export function add<U extends Unit>(a: Fixed<U>, b: Fixed<NoInfer<U>>): Fixed<U> {
  return (a + b) as Fixed<U>;
}

export function sub<U extends Unit>(a: Fixed<U>, b: Fixed<NoInfer<U>>): Fixed<U> {
  return (a - b) as Fixed<U>;
}

export function neg<U extends Unit>(a: Fixed<U>): Fixed<U> {
  return -a as Fixed<U>;
}

/** `value` × a whole number. */
export function times<U extends Unit>(value: Fixed<U>, n: number | bigint): Fixed<U> {
  return (value * BigInt(n)) as Fixed<U>;
}

export function sum<U extends Unit>(values: Iterable<Fixed<U>>): Fixed<U> {
  let total = 0n;
  for (const value of values) total += value;
  return total as Fixed<U>;
}

/** a × b / c with an explicit rounding of the last unit: `a` scaled by the ratio of two values of one unit. */
export function mulDiv<U extends Unit, V extends Unit>(a: Fixed<U>, b: Fixed<V>, c: Fixed<NoInfer<V>>, rounding: Rounding): Fixed<U> {
  if (c === 0n) throw new RangeError('division by zero');
  return divide(a * b, c, rounding) as Fixed<U>;
}

/** value × numerator / denominator, for plain integers (factors the simulation draws). */
export function scale<U extends Unit>(value: Fixed<U>, numerator: bigint, denominator: bigint, rounding: Rounding): Fixed<U> {
  if (denominator === 0n) throw new RangeError('division by zero');
  return divide(value * numerator, denominator, rounding) as Fixed<U>;
}

export function mul(a: Price, b: Qty, rounding?: Rounding): Amount;
export function mul(a: Amount, b: Price, rounding?: Rounding): Amount;
export function mul(a: Contracts, b: Qty, rounding?: Rounding): Qty;
export function mul<U extends Unit>(a: Fixed<U>, b: Rate, rounding?: Rounding): Fixed<U>;
export function mul(a: Fixed, b: Fixed, rounding: Rounding = 'down'): Fixed {
  return divide(a * b, ONE, rounding) as Fixed;
}

export function div(a: Amount, b: Price, rounding?: Rounding): Qty;
export function div(a: Amount, b: Qty, rounding?: Rounding): Price;
export function div<U extends Unit>(a: Fixed<U>, b: Rate, rounding?: Rounding): Fixed<U>;
export function div<U extends Unit>(a: Fixed<U>, b: Fixed<NoInfer<U>>, rounding?: Rounding): Rate;
export function div(a: Fixed, b: Fixed, rounding: Rounding = 'down'): Fixed {
  if (b === 0n) throw new RangeError('division by zero');
  return divide(a * ONE, b, rounding) as Fixed;
}

/** 10^k for k = 0…DECIMALS: the step of each rounding place, worked out once (a bigint power per call shows in every mark read). */
const POWERS_OF_TEN = Array.from({ length: DECIMALS + 1 }, (_, k) => 10n ** BigInt(k));

/** Rounds to `decimals` places (0 ≤ decimals ≤ 18). */
export function roundTo<U extends Unit>(value: Fixed<U>, decimals: number, rounding: Rounding): Fixed<U> {
  const step = POWERS_OF_TEN[DECIMALS - decimals];
  if (step === undefined) throw new RangeError(`cannot round to ${decimals} decimals`);
  return (divide(value, step, rounding) * step) as Fixed<U>;
}

/** Rounds to a multiple of `step` (a tick or lot size). */
export function roundToStep<U extends Unit>(value: Fixed<U>, step: Fixed<NoInfer<U>>, rounding: Rounding): Fixed<U> {
  return (divide(value, step, rounding) * step) as Fixed<U>;
}

export function isMultipleOf<U extends Unit>(value: Fixed<U>, step: Fixed<NoInfer<U>>): boolean {
  return step !== 0n && value % step === 0n;
}

export function min<U extends Unit>(a: Fixed<U>, b: Fixed<NoInfer<U>>): Fixed<U> {
  return a < b ? a : b;
}

export function max<U extends Unit>(a: Fixed<U>, b: Fixed<NoInfer<U>>): Fixed<U> {
  return a > b ? a : b;
}

export function abs<U extends Unit>(a: Fixed<U>): Fixed<U> {
  return a < 0n ? neg(a) : a;
}

/** One bigint division: 'down' needs no remainder, and a product is cheaper than a second division for the others. */
function divide(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const quotient = numerator / denominator;
  if (rounding === 'down') return quotient;
  const remainder = numerator - quotient * denominator;
  if (remainder === 0n) return quotient;
  const awayFromZero = (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
  switch (rounding) {
    case 'up':
      return quotient + awayFromZero;
    case 'halfUp': {
      const twice = 2n * (remainder < 0n ? -remainder : remainder);
      const absDen = denominator < 0n ? -denominator : denominator;
      return twice >= absDen ? quotient + awayFromZero : quotient;
    }
  }
}
