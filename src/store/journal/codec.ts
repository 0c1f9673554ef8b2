/**
 * Lossless JSON for engine state and journal records: bigints and Maps survive the round trip,
 * and the same value always encodes to the same text (which the state hash relies on).
 */
import { createHash } from 'node:crypto';

const BIGINT_TAG = '$n';
const MAP_TAG = '$m';

/**
 * The text JSON.stringify would give with bigints as {"$n":"…"} and Maps as {"$m":[[k,v]…]}, written
 * directly: a replacer function costs a call per value, and every journaled command is encoded.
 */
export function encode(value: unknown): string {
  return write(value) as string;
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `{"${BIGINT_TAG}":"${value}"}`;
    case 'object':
      return value === null ? 'null' : writeObject(value);
    default:
      return undefined;
  }
}

/** Field names repeat across millions of records: each is quoted once. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted); // map keys (ids) are not field names: bound the cache
  }
  return quoted;
}

function writeObject(value: object): string | undefined {
  if (Array.isArray(value)) return writeArray(value);
  if (value instanceof Map) return writeMap(value);
  if (hasToJson(value)) return write(value.toJSON());
  if (holdsOnlyPlainValues(value)) return JSON.stringify(value); // the same text, from native code
  let text = '{';
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = write((value as Record<string, unknown>)[key]);
    if (field === undefined) continue;
    if (text.length > 1) text += ',';
    text += quotedKey(key) + field;
  }
  return text + '}';
}

function hasToJson(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** Only strings, numbers, booleans, null and undefined: JSON.stringify writes those exactly as `write` does. */
function holdsOnlyPlainValues(value: object): boolean {
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    const type = typeof field;
    if (type === 'object' ? field !== null : type === 'bigint' || type === 'function' || type === 'symbol') return false;
  }
  return true;
}

function isPlain(value: unknown): boolean {
  const type = typeof value;
  if (type === 'object') return value === null || (!Array.isArray(value) && !(value instanceof Map) && !hasToJson(value as object) && holdsOnlyPlainValues(value as object));
  return type === 'string' || type === 'number' || type === 'boolean';
}

/** Keys and values JSON.stringify writes exactly as `write` does (the big maps of finished orders and clientOrderIds). */
function holdsOnlyPlainEntries(map: Map<unknown, unknown>): boolean {
  for (const [key, value] of map) if (!isPlain(key) || !isPlain(value)) return false;
  return true;
}

function writeArray(items: readonly unknown[]): string {
  let text = '[';
  for (let i = 0; i < items.length; i++) text += (i > 0 ? ',' : '') + (write(items[i]) ?? 'null');
  return text + ']';
}

function writeMap(map: Map<unknown, unknown>): string {
  if (holdsOnlyPlainEntries(map)) return `{"${MAP_TAG}":${JSON.stringify([...map])}}`;
  const entries: string[] = [];
  for (const [key, entry] of map) entries.push(`[${write(key) ?? 'null'},${write(entry) ?? 'null'}]`);
  return `{"${MAP_TAG}":[${entries.join(',')}]}`;
}

/**
 * The value `encode` wrote. The tags are restored by one walk over what JSON.parse built, not by a
 * reviver: a reviver costs a call from native code per value, and every replayed record is decoded.
 */
export function decode<T>(text: string): T {
  return revive(JSON.parse(text)) as T;
}

/** Tagged objects become bigints and Maps, innermost first; everything else is updated in place. */
function revive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') value[i] = revive(item);
    }
    return value;
  }
  const fields = value as Record<string, unknown>;
  const tagged = taggedValue(fields);
  if (tagged !== undefined) return tagged;
  for (const key in fields) {
    const field = fields[key];
    if (field === null || typeof field !== 'object') continue;
    const revived = revive(field);
    if (revived !== field) fields[key] = revived;
  }
  return fields;
}

/** `{"$n":"…"}` → bigint, `{"$m":[…]}` → Map: an object with only that key; undefined for any other object. */
function taggedValue(fields: Record<string, unknown>): bigint | Map<unknown, unknown> | undefined {
  const digits = fields[BIGINT_TAG];
  const entries = fields[MAP_TAG];
  if ((typeof digits !== 'string' && !Array.isArray(entries)) || !hasOneKey(fields)) return undefined;
  if (typeof digits === 'string') return BigInt(digits);
  return new Map(revive(entries) as [unknown, unknown][]);
}

function hasOneKey(fields: object): boolean {
  let count = 0;
  for (const _key in fields) if (++count > 1) return false;
  return count === 1;
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(encode(value)).digest('hex');
}
