/** Where the simulation's number draws meet Fixed: factors and fractions carried with 12 decimals. */
import { mulDiv, ONE, type Fixed } from '../../../domain/money.ts';

const MULTIPLIER_SCALE = 10n ** 12n;

export function scaleBy(value: Fixed, factor: number): Fixed {
  return mulDiv(value, BigInt(Math.round(factor * Number(MULTIPLIER_SCALE))), MULTIPLIER_SCALE, 'halfUp');
}

export function fractionToFixed(fraction: number): Fixed {
  return BigInt(Math.round(fraction * 1e12)) * (ONE / MULTIPLIER_SCALE);
}
