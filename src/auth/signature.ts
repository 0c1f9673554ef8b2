/**
 * Request signing (connex-api.md §2.1, decisions C1): HMAC-SHA256 over the parameters sorted by key,
 * joined as k=v with raw values, then "&" + nonce. Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JsonValue } from '../wire/json-text.ts';

export type SignedParams = Record<string, JsonValue | number | undefined>;

function valueText(value: JsonValue | number): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map(valueText).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function stringToSign(params: SignedParams, nonce: string): string {
  const keys = Object.keys(params)
    .filter((key) => params[key] !== undefined)
    .sort();
  const joined = keys.map((key) => `${key}=${valueText(params[key]!)}`).join('&');
  return `${joined}&${nonce}`;
}

export function sign(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

const LOWER_HEX_SHA256 = /^[0-9a-f]{64}$/;

export function signatureMatches(secret: string, message: string, signature: string): boolean {
  if (!LOWER_HEX_SHA256.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(sign(secret, message), 'hex'));
}
