/**
 * Signed download links of data exports (decisions I1): the link itself is the credential, like a
 * pre-signed URL, so a browser or `curl` fetches the file without API-key headers. The signature is
 * HMAC-SHA256 over the export and the link's expiry, with a key derived from the server key; links
 * expire on the wall clock (authentication time, decisions L12).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a link serves its file. */
export const LINK_TTL_MS = 15 * 60_000;

export type LinkCheck = 'valid' | 'forged' | 'expired';

export class DownloadLinks {
  private readonly key: Buffer;

  constructor(serverKeyHex: string) {
    this.key = createHmac('sha256', Buffer.from(serverKeyHex, 'hex')).update('openconnex data export download link').digest();
  }

  sign(exportId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${exportId}.${expires}`).digest('hex');
  }

  /** Forged unless signed here for this export and expiry; then expired once the wall clock passed it. */
  check(exportId: string, expires: number, signature: string, now: number): LinkCheck {
    const expected = Buffer.from(this.sign(exportId, expires), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    return now > expires ? 'expired' : 'valid';
  }
}
