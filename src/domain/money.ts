/**
 * Exact decimal arithmetic for prices, quantities and balances: a `bigint` scaled by 10^18.
 * No JS `number` ever carries money; wire values are decimal strings without exponent.
 */
export type Fixed = bigint;

export const DECIMALS = 18;
export const ONE: Fixed = 10n ** BigInt(DECIMALS);
export const ZERO: Fixed = 0n;

export type Rounding = 'down' | 'up' | 'halfUp';

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal ("12", "-0.5", "65000.10"). Null for anything else or > 18 decimals. */
export function parseFixed(text: string): Fixed | null {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > DECIMALS) return null;
  const units = BigInt(whole + fraction.padEnd(DECIMALS, '0'));
  return sign === '-' ? -units : units;
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

export function fromInt(n: number | bigint): Fixed {
  return BigInt(n) * ONE;
}

/** a × b / c with an explicit rounding of the last unit. */
export function mulDiv(a: Fixed, b: Fixed, c: Fixed, rounding: Rounding): Fixed {
  if (c === 0n) throw new RangeError('division by zero');
  return divide(a * b, c, rounding);
}

export function mul(a: Fixed, b: Fixed, rounding: Rounding = 'down'): Fixed {
  return divide(a * b, ONE, rounding);
}

export function div(a: Fixed, b: Fixed, rounding: Rounding = 'down'): Fixed {
  if (b === 0n) throw new RangeError('division by zero');
  return divide(a * ONE, b, rounding);
}

/** Rounds to `decimals` places (0 ≤ decimals ≤ 18). */
export function roundTo(value: Fixed, decimals: number, rounding: Rounding): Fixed {
  const step = 10n ** BigInt(DECIMALS - decimals);
  return roundToStep(value, step, rounding);
}

/** Rounds to a multiple of `step` (a tick or lot size). */
export function roundToStep(value: Fixed, step: Fixed, rounding: Rounding): Fixed {
  return divide(value, step, rounding) * step;
}

export function isMultipleOf(value: Fixed, step: Fixed): boolean {
  return step !== 0n && value % step === 0n;
}

export function min(a: Fixed, b: Fixed): Fixed {
  return a < b ? a : b;
}

export function max(a: Fixed, b: Fixed): Fixed {
  return a > b ? a : b;
}

export function abs(a: Fixed): Fixed {
  return a < 0n ? -a : a;
}

function divide(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const awayFromZero = (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
  switch (rounding) {
    case 'down':
      return quotient;
    case 'up':
      return quotient + awayFromZero;
    case 'halfUp': {
      const twice = 2n * (remainder < 0n ? -remainder : remainder);
      const absDen = denominator < 0n ? -denominator : denominator;
      return twice >= absDen ? quotient + awayFromZero : quotient;
    }
  }
}
