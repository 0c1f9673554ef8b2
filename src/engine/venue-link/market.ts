/** Tick phases that move the simulated market on: prices, then the perps' open interest. */
import { advanceMarket as advanceVenueMarket, advanceOpenInterest as advanceVenueOpenInterest } from '../../venues/index.ts';
import type { Tick } from '../clock/index.ts';
import type { CommandContext } from '../core/context.ts';

export function advanceMarket(ctx: CommandContext, tick: Tick): void {
  advanceVenueMarket(ctx.state.sim, tick.elapsedMs);
  ctx.emit({ type: 'marketAdvanced' });
}

export function advanceOpenInterest(ctx: CommandContext, tick: Tick): void {
  for (const change of advanceVenueOpenInterest(ctx.state.sim, tick.elapsedMs)) ctx.emit({ type: 'openInterestChanged', ...change });
}
