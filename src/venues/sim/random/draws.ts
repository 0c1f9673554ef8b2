/** Where the simulation's number draws meet Fixed: factors and fractions carried with 12 decimals. */
import { asRate, ONE, scale, type Fixed, type Rate, type Unit } from '../../../domain/money.ts';

const MULTIPLIER_SCALE = 10n ** 12n;

export function scaleBy<U extends Unit>(value: Fixed<U>, factor: number): Fixed<U> {
  return scale(value, BigInt(Math.round(factor * Number(MULTIPLIER_SCALE))), MULTIPLIER_SCALE, 'halfUp');
}

export function fractionToFixed(fraction: number): Rate {
  return asRate(BigInt(Math.round(fraction * 1e12)) * (ONE / MULTIPLIER_SCALE));
}
