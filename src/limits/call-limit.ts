/** One hit of a caller's API key on a rate group (decisions G1), shared by REST routes and WebSocket actions. */
import type { Caller } from '../auth/authenticate.ts';
import type { MaybeAsync } from './maybe-async.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { limitFor, type RateGroupName, type RateOverrides } from './rate-table.ts';
import { MAIN_PORTFOLIO } from '../domain/identity/index.ts';

export interface LimitDeps {
  rateLimiter: RateLimiter;
  clock: () => number;
  config: { rateOverrides: RateOverrides };
}

/** False when the key has used up the group's window; `bucket` separates counts that share a group. */
export function hitRateLimit(deps: LimitDeps, group: RateGroupName, caller: Caller, bucket: string = group): MaybeAsync<boolean> {
  const [limit, windowMs] = limitFor(group, caller.portfolio.belongingTo === MAIN_PORTFOLIO, caller.portfolio.portfolioId, deps.config.rateOverrides);
  return deps.rateLimiter.tryHit(`${caller.key.accessKey}:${bucket}`, limit, windowMs, deps.clock());
}
