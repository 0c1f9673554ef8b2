/** Submits a `tick` every SIM_TICK_MS of wall-clock time; each moves venue time by SIM_TICK_MS × SIM_SPEED. */
import type { Config } from '../config.ts';
import type { Submit } from '../engine/core/runtime.ts';

export interface MarketClock {
  stop(): Promise<void>;
}

export function startMarketClock(submit: Submit, config: Pick<Config, 'simTickMs' | 'simSpeed' | 'orderRetentionMs'>, onError: (error: unknown) => void): MarketClock {
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
