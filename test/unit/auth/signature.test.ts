import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HmacKey } from '../../../src/auth/hmac-key.ts';
import { signatureMatches, stringToSign, type SignedParams } from '../../../src/auth/signature.ts';
import { parseJsonText } from '../../../src/wire/json-text.ts';
import { secretKey, skipWithoutVectors as skip, vectors, type Vector } from '../../support/signature-vectors.ts';

/** The params as the server receives them: the URL-decoded query for GET, the JSON body text otherwise. */
function paramsFromWire(method: string, wire: string): SignedParams {
  if (method === 'GET') return Object.fromEntries(new URLSearchParams(wire));
  return parseJsonText(wire) as SignedParams;
}

function verifies(vector: Vector, change: Partial<Vector> = {}): boolean {
  const v = { ...vector, ...change };
  return signatureMatches(secretKey, stringToSign(paramsFromWire(v.method, v.wire), v.nonce), v.signature);
}

/** Every variant of `text` with exactly one character replaced by another of the same kind. */
function oneCharChanges(text: string, alphabet: string): string[] {
  return [...text].map((ch, i) => text.slice(0, i) + alphabet[(alphabet.indexOf(ch) + 1) % alphabet.length] + text.slice(i + 1));
}

const HEX = '0123456789abcdef';
const DIGITS = '0123456789';

describe('request signing against signature-vectors.json (C1)', { skip }, () => {
  it('holds vectors for GET, POST, PUT and DELETE', () => {
    assert.deepEqual([...new Set(vectors.map((v) => v.method))].sort(), ['DELETE', 'GET', 'POST', 'PUT']);
  });

  it('builds exactly the string the independent client signed', () => {
    for (const v of vectors) assert.equal(stringToSign(paramsFromWire(v.method, v.wire), v.nonce), v.stringToSign, v.wire);
  });

  it('accepts every vector', () => {
    for (const v of vectors) assert.equal(verifies(v), true, v.stringToSign);
  });

  it('accepts every vector, and no signature one character off, with the secret opened as the server opens it (HmacKey)', () => {
    const opened = new HmacKey(Buffer.from(secretKey, 'utf8'));
    for (const v of vectors) {
      const message = stringToSign(paramsFromWire(v.method, v.wire), v.nonce);
      assert.equal(signatureMatches(opened, message, v.signature), true, v.stringToSign);
      for (const signature of oneCharChanges(v.signature, HEX)) assert.equal(signatureMatches(opened, message, signature), false, signature);
    }
  });

  it('rejects each vector with any one character of the signature changed', () => {
    for (const v of vectors) {
      for (const signature of oneCharChanges(v.signature, HEX)) assert.equal(verifies(v, { signature }), false, signature);
      assert.equal(verifies(v, { signature: v.signature.toUpperCase() }), false, 'lowercase hex only');
      assert.equal(verifies(v, { signature: v.signature.slice(0, 63) }), false);
      assert.equal(verifies(v, { signature: v.signature + '0' }), false);
    }
  });

  it('rejects each vector with the nonce changed by one character', () => {
    for (const v of vectors) {
      for (const nonce of oneCharChanges(v.nonce, DIGITS)) assert.equal(verifies(v, { nonce }), false, nonce);
    }
  });

  it('rejects each vector with one character of any value changed', () => {
    let changed = 0;
    for (const v of vectors) {
      const params = paramsFromWire(v.method, v.wire);
      for (const [key, value] of Object.entries(params)) {
        const text = String(value);
        for (let i = 0; i < text.length; i++) {
          const replaced = text.slice(0, i) + (text[i] === '1' ? '2' : '1') + text.slice(i + 1);
          const tampered = { ...params, [key]: replaced };
          assert.equal(signatureMatches(secretKey, stringToSign(tampered, v.nonce), v.signature), false, `${key}=${replaced}`);
          changed++;
        }
      }
    }
    assert.ok(changed > 100);
  });

  it('signs the JSON number text as sent, not a re-rendered number', () => {
    const transfer = vectors.find((v) => v.wire.includes('1500.5'))!;
    assert.equal(verifies(transfer, { wire: transfer.wire.replace('1500.5', '1500.50') }), false);
    assert.equal(verifies(transfer, { wire: transfer.wire.replace('1500.5', '"1500.5"') }), true);
  });

  it('verifies GET params after URL-decoding them', () => {
    const get = vectors.find((v) => v.method === 'GET' && v.wire.includes('sym='))!;
    const encoded = get.wire.replace(/_/g, '%5F');
    assert.notEqual(encoded, get.wire);
    assert.equal(verifies(get, { wire: encoded }), true);
  });
});
