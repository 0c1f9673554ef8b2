/** Opens sealed API secrets on demand and keeps them in memory only (never in state, journal or logs). */
import type { ApiKey } from '../domain/identity/index.ts';
import { HmacKey } from './hmac-key.ts';
import type { SecretBox } from './secret-box.ts';

export class Keyring {
  private readonly opened = new Map<string, { iv: string; secret: HmacKey }>();

  constructor(private readonly box: SecretBox) {}

  /** The key's secret as an HMAC key, opened once per sealed secret (a new secret has a new iv). */
  secretOf(key: ApiKey): HmacKey {
    const cached = this.opened.get(key.accessKey);
    if (cached && cached.iv === key.secret.iv) return cached.secret;
    const secret = new HmacKey(Buffer.from(this.box.open(key.secret), 'utf8'));
    this.opened.set(key.accessKey, { iv: key.secret.iv, secret });
    return secret;
  }
}
