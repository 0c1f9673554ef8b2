/**
 * Remembers the signatures of non-GET requests for the nonce window, so a captured request cannot be
 * sent twice (decisions C2). In memory, kept in a file of the data dir across restarts, or in Redis
 * shared by all gateways.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
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

  /** `file`: what an earlier process saw is refused too, and what this one sees is written there. */
  constructor(private readonly file?: SeenFile) {
    for (const [id, expiresAt] of file?.unexpired() ?? []) this.seen.set(id, expiresAt);
    this.nextExpiry = this.seen.values().next().value ?? Infinity;
  }

  firstSeen(id: string, ttlMs: number, now: number): boolean {
    if (now >= this.nextExpiry) this.expire(now);
    if (this.seen.has(id)) return false;
    this.seen.set(id, now + ttlMs);
    if (this.seen.size === 1) this.nextExpiry = now + ttlMs;
    this.file?.append(id, now + ttlMs, ttlMs, now);
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

/**
 * The memory guard's entries in the data dir, so that a restart, a crash included, still refuses what the
 * last process saw inside the window. Appends need no fdatasync: the page cache outlives the process. They
 * are written at the end of the event-loop turn that saw them, before the answer, which waits for the
 * journal's write in a later turn. Two files take turns, each a window long, so a start reads at most two
 * windows of entries: an entry expires a window after it is written.
 */
export class SeenFile {
  private readonly current: string;
  private readonly previous: string;
  private fd: number;
  private openedAt: number;
  private pending = '';

  constructor(dir: string, now: number) {
    mkdirSync(dir, { recursive: true });
    this.current = join(dir, 'seen.log');
    this.previous = join(dir, 'seen.old.log');
    this.fd = openSync(this.current, 'a');
    this.openedAt = now;
  }

  /** The entries the files hold that had not expired when this file was opened, oldest first ([id, expiresAt]). */
  unexpired(now = this.openedAt): [string, number][] {
    const entries: [string, number][] = [];
    for (const path of [this.previous, this.current]) {
      if (!existsSync(path)) continue;
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const space = line.indexOf(' ');
        const expiresAt = Number(line.slice(0, space));
        if (space > 0 && expiresAt > now) entries.push([line.slice(space + 1), expiresAt]);
      }
    }
    return entries.sort((a, b) => a[1] - b[1]);
  }

  append(id: string, expiresAt: number, ttlMs: number, now: number): void {
    if (now - this.openedAt >= ttlMs) this.rotate(now);
    if (this.pending === '') setImmediate(() => this.flush());
    this.pending += `${expiresAt} ${id}\n`;
  }

  /** Writes what is pending and closes the file (a clean stop). */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    writeSync(this.fd, text);
  }

  /** The current file becomes the previous one, whose entries had all expired. */
  private rotate(now: number): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.current, this.previous);
    this.fd = openSync(this.current, 'a');
    this.openedAt = now;
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
