/**
 * Lossless JSON for engine state and journal records: bigints and Maps survive the round trip,
 * and the same value always encodes to the same text (which the state hash relies on).
 */
import { createHash } from 'node:crypto';

const BIGINT_TAG = '$n';
const MAP_TAG = '$m';

export function encode(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, _key, v: unknown) {
    if (typeof v === 'bigint') return { [BIGINT_TAG]: v.toString() };
    if (v instanceof Map) return { [MAP_TAG]: [...v.entries()] };
    return v;
  });
}

export function decode<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const tagged = v as Record<string, unknown>;
      if (typeof tagged[BIGINT_TAG] === 'string' && Object.keys(tagged).length === 1) {
        return BigInt(tagged[BIGINT_TAG] as string);
      }
      if (Array.isArray(tagged[MAP_TAG]) && Object.keys(tagged).length === 1) {
        return new Map(tagged[MAP_TAG] as [unknown, unknown][]);
      }
    }
    return v;
  }) as T;
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(encode(value)).digest('hex');
}
