/**
 * Remembers the signatures of non-GET requests for the nonce window, so a captured request cannot be
 * sent twice (decisions C2). In memory, or in Redis shared by all gateways.
 */
import type { Redis } from 'ioredis';
import type { MaybeAsync } from './maybe-async.ts';

export interface ReplayGuard {
  /** True the first time this request is seen inside the window; false for a replay. */
  firstSeen(id: string, ttlMs: number, now: number): MaybeAsync<boolean>;
}

export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();
  /** When the oldest entry expires: until then a call walks no entries (a walk allocates an iterator). */
  private nextExpiry = Infinity;

  firstSeen(id: string, ttlMs: number, now: number): boolean {
    if (now >= this.nextExpiry) this.expire(now);
    if (this.seen.has(id)) return false;
    this.seen.set(id, now + ttlMs);
    if (this.seen.size === 1) this.nextExpiry = now + ttlMs;
    return true;
  }

  /** Entries are inserted in time order, so expired ones are at the front. */
  private expire(now: number): void {
    this.nextExpiry = Infinity;
    for (const [id, expiresAt] of this.seen) {
      if (expiresAt > now) {
        this.nextExpiry = expiresAt;
        break;
      }
      this.seen.delete(id);
    }
  }
}

export class RedisReplayGuard implements ReplayGuard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async firstSeen(id: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.prefix + id, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
}
