/**
 * An HMAC-SHA256 key (RFC 2104) that signs by two one-shot hashes, H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)),
 * its pads worked out once. `createHmac` builds a native object on every call, and in a server under
 * load that object costs more than the hashing itself (bench:orders: about 4 µs of the main thread a
 * request). Holds what the KeyObject it replaces held: material equal to the secret, in memory only.
 */
import { createHash, hash } from 'node:crypto';

/** SHA-256's block size in bytes: the pads' length. */
const BLOCK_BYTES = 64;
/** UTF-8 takes at most three bytes for one UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;

/** Reused by every signature: a call writes a pad and its text into it, hashes, and leaves. */
const scratch = Buffer.allocUnsafe(4096);

/** The scratch, or for a text too long for it a buffer of that call's own (not kept: a large body must not pin memory). */
function bufferFor(bytes: number): Buffer {
  return bytes <= scratch.length ? scratch : Buffer.allocUnsafe(bytes);
}

export class HmacKey {
  /** K ⊕ ipad and K ⊕ opad, as latin1 ('binary') text: one byte a character, written into the scratch in one copy. */
  private readonly innerPad: string;
  private readonly outerPad: string;

  constructor(secret: Buffer) {
    const key = secret.length > BLOCK_BYTES ? createHash('sha256').update(secret).digest() : secret;
    const inner = Buffer.alloc(BLOCK_BYTES, 0x36);
    const outer = Buffer.alloc(BLOCK_BYTES, 0x5c);
    for (let i = 0; i < key.length; i++) {
      inner[i] ^= key[i];
      outer[i] ^= key[i];
    }
    this.innerPad = inner.toString('binary');
    this.outerPad = outer.toString('binary');
  }

  /** The signature of `message` (UTF-8), in lowercase hex. */
  hex(message: string): string {
    const buffer = bufferFor(BLOCK_BYTES + message.length * MAX_BYTES_PER_UNIT);
    buffer.write(this.innerPad, 0, 'binary');
    const innerLength = BLOCK_BYTES + buffer.write(message, BLOCK_BYTES, 'utf8');
    const innerDigest = hash('sha256', buffer.subarray(0, innerLength), 'binary');
    buffer.write(this.outerPad, 0, 'binary');
    const outerLength = BLOCK_BYTES + buffer.write(innerDigest, BLOCK_BYTES, 'binary');
    return hash('sha256', buffer.subarray(0, outerLength), 'hex');
  }
}
