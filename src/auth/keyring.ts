/** Opens sealed API secrets on demand and keeps them in memory only (never in state, journal or logs). */
import type { ApiKey } from '../domain/api-key.ts';
import type { SecretBox } from './secret-box.ts';

export class Keyring {
  private readonly opened = new Map<string, { iv: string; secret: string }>();

  constructor(private readonly box: SecretBox) {}

  secretOf(key: ApiKey): string {
    const cached = this.opened.get(key.accessKey);
    if (cached && cached.iv === key.secret.iv) return cached.secret;
    const secret = this.box.open(key.secret);
    this.opened.set(key.accessKey, { iv: key.secret.iv, secret });
    return secret;
  }
}
