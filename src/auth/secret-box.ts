/** Seals API secrets with the server key (AES-256-GCM) so they are never stored in clear (C4). */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealedSecret } from '../domain/identity/index.ts';

export class SecretBox {
  private readonly key: Buffer;

  constructor(serverKeyHex: string) {
    this.key = Buffer.from(serverKeyHex, 'hex');
    if (this.key.length !== 32) throw new Error('server key must be 32 bytes of hex');
  }

  seal(secret: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return { iv: iv.toString('hex'), tag: cipher.getAuthTag().toString('hex'), data: data.toString('hex') };
  }

  open(sealed: SealedSecret): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'hex'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'hex'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'hex')), decipher.final()]).toString('utf8');
  }
}

/** A fresh access key and secret: 64 hex characters each. */
export function newCredentials(): { accessKey: string; secretKey: string } {
  return { accessKey: randomBytes(32).toString('hex'), secretKey: randomBytes(32).toString('hex') };
}
