/**
 * Submits a `tick` every SIM_TICK_MS of wall-clock time; each moves venue time by SIM_TICK_MS × SIM_SPEED.
 * Before the server listens, `warmUpMarket` gives the house market makers a tick if a book they quote
 * has no bid or no ask, so that no client meets an empty book the clock would fill a moment later.
 */
import type { Config } from '../config.ts';
import type { Submit } from '../engine/core/runtime.ts';
import { isTraded } from '../engine/trading/index.ts';
import type { MarketData } from '../venues/index.ts';

export interface MarketClock {
  stop(): Promise<void>;
}

type ClockConfig = Pick<Config, 'simTickMs' | 'simSpeed' | 'orderRetentionMs'>;

/**
 * Venue time of the warm-up tick: the shortest that runs a tick's time-driven phases (a 0 ms tick
 * skips them). The makers quote whatever the elapsed time; the reference moves one 1 ms step of its
 * walk, and the takers (a Poisson rate per simulated minute) almost never fire: the warm-up fills
 * the books without making a market of its own.
 */
const WARM_UP_MS = 1;

export function startMarketClock(submit: Submit, config: ClockConfig, onError: (error: unknown) => void): MarketClock {
  if (config.simTickMs === 0) return { stop: async () => {} };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const elapsedMs = config.simTickMs * config.simSpeed;
  const schedule = () => {
    timer = setTimeout(() => {
      running = submit('tick', { elapsedMs, orderRetentionMs: config.orderRetentionMs })
        .catch(onError)
        .finally(() => {
          if (!stopped) schedule();
        });
    }, config.simTickMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * With a market clock, one tick (a journaled command like every other, so replay stays exact) when a
 * quoted book lacks a side: on a data dir's first start, or when the last run ended with a side taken
 * and no tick since. A restart whose books came back quoted journals nothing. Without a clock
 * (SIM_TICK_MS=0) venue time moves only by the operator's ticks, so nothing is done. Returns the
 * books still lacking a side.
 */
export async function warmUpMarket(submit: Submit, market: () => MarketData, config: ClockConfig): Promise<string[]> {
  if (config.simTickMs === 0 || unquotedBooks(market()).length === 0) return [];
  await submit('tick', { elapsedMs: WARM_UP_MS, orderRetentionMs: config.orderRetentionMs });
  return unquotedBooks(market());
}

/** The books the house market makers quote (every instrument of a business type traded here) with no bid or no ask. */
function unquotedBooks(market: MarketData): string[] {
  return [...market.instruments()]
    .filter((instrument) => isTraded(instrument))
    .map((instrument) => instrument.sym)
    .filter((sym) => {
      const top = market.top(sym);
      return !top.bid || !top.ask;
    });
}
