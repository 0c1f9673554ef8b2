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

  firstSeen(id: string, ttlMs: number, now: number): boolean {
    this.expire(now);
    if (this.seen.has(id)) return false;
    this.seen.set(id, now + ttlMs);
    return true;
  }

  /** Entries are inserted in time order, so expired ones are at the front. */
  private expire(now: number): void {
    for (const [id, expiresAt] of this.seen) {
      if (expiresAt > now) break;
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
