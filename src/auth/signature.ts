/**
 * Request signing (connex-api.md §2.1, decisions C1): HMAC-SHA256 over the parameters sorted by key,
 * joined as k=v with raw values, then "&" + nonce. Compared in constant time.
 */
import { createHmac } from 'node:crypto';
import type { HmacKey } from './hmac-key.ts';
import type { JsonValue } from '../wire/json-text.ts';

export type SignedParams = Record<string, JsonValue | number | undefined>;

/** A secret as text (a client signing), or opened once into an HmacKey (the server verifying every request). */
export type SigningKey = string | HmacKey;

function valueText(value: JsonValue | number): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map(valueText).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Built in one pass over the keys sorted in place: every signed request pays for it, so it allocates little. */
export function stringToSign(params: SignedParams, nonce: string): string {
  const keys = sortedInPlace(Object.keys(params));
  let text = '';
  for (const key of keys) {
    const value = params[key];
    if (value !== undefined) text += `${text === '' ? '' : '&'}${key}=${valueText(value)}`;
  }
  return `${text}&${nonce}`;
}

/** Insertion sort, in the order Array.prototype.sort gives strings (by UTF-16 code units): requests have a handful of parameters. */
function sortedInPlace(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let at = i;
    for (; at > 0 && keys[at - 1] > key; at--) keys[at] = keys[at - 1];
    keys[at] = key;
  }
  return keys;
}

export function sign(secret: SigningKey, message: string): string {
  return typeof secret === 'string' ? createHmac('sha256', secret).update(message).digest('hex') : secret.hex(message);
}

export function signatureMatches(secret: SigningKey, message: string, signature: string): boolean {
  return sameText(signature, sign(secret, message));
}

/**
 * Constant-time equality of two strings of the same length (only the length can leak, and it is
 * public). Comparing the hex texts directly saves decoding both into buffers on every request.
 */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
