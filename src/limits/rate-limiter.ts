/**
 * Sliding-window rate limiting (decisions G1): at most `limit` hits per `windowMs` for one bucket.
 * In memory by default; in Redis when several gateways must share the count.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { MaybeAsync } from './maybe-async.ts';

export interface RateLimiter {
  /** Counts one hit; false when the bucket is already full (the hit is then not counted). */
  tryHit(bucket: string, limit: number, windowMs: number, now: number): MaybeAsync<boolean>;
  close(): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private sweeps = 0;
  private longestWindowMs = 0;

  tryHit(bucket: string, limit: number, windowMs: number, now: number): boolean {
    let times = this.hits.get(bucket);
    if (!times) {
      times = [];
      this.hits.set(bucket, times);
    }
    this.longestWindowMs = Math.max(this.longestWindowMs, windowMs);
    const cutoff = now - windowMs;
    let expired = 0;
    while (expired < times.length && times[expired] <= cutoff) expired++;
    if (expired > 0) times.splice(0, expired);
    if (++this.sweeps % 10_000 === 0) this.sweep(now);
    if (times.length >= limit) return false;
    times.push(now);
    return true;
  }

  async close(): Promise<void> {}

  /** Drops idle buckets so the map does not grow with every key ever seen. */
  private sweep(now: number): void {
    for (const [bucket, times] of this.hits) {
      if (times.length === 0 || times[times.length - 1] <= now - this.longestWindowMs) this.hits.delete(bucket);
    }
  }
}

// One round trip: drop expired hits, count, and add this one only if there is room.
const SLIDING_WINDOW = `
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= limit then return 0 end
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, window)
return 1`;

export class RedisRateLimiter implements RateLimiter {
  private counter = 0;
  /** Tells this gateway's hits apart from another's made in the same millisecond (pids repeat across hosts). */
  private readonly instance = randomBytes(6).toString('hex');

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('ocxSlidingWindow', { numberOfKeys: 1, lua: SLIDING_WINDOW });
  }

  async tryHit(bucket: string, limit: number, windowMs: number, now: number): Promise<boolean> {
    const member = `${now}:${this.instance}:${++this.counter}`;
    const run = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<number>>).ocxSlidingWindow;
    const allowed = await run.call(this.redis, this.prefix + bucket, now, windowMs, limit, member);
    return allowed === 1;
  }

  async close(): Promise<void> {}
}
