/** The algo providers the operator keeps (decisions M3): OPENCONNEX built in; a deactivated one takes no new TWAP / VWAP (401205). */
import { ApiError } from '../../catalogue/index.ts';
import { BUILT_IN_ALGO_PROVIDERS } from '../../domain/algo/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';

export interface AlgoProvider {
  provider: string;
  active: boolean;
}

export interface SetAlgoProvider {
  provider: string;
  active: boolean;
}

export function isKnownProvider(provider: string): boolean {
  return (BUILT_IN_ALGO_PROVIDERS as readonly string[]).includes(provider);
}

export function algoProvidersOf(state: Readonly<State>): AlgoProvider[] {
  return BUILT_IN_ALGO_PROVIDERS.map((provider) => ({ provider, active: !state.algos.inactiveProviders.has(provider) }));
}

/** 401200 for a provider not in the list, 401205 for one the operator deactivated. */
export function assertActiveProvider(state: Readonly<State>, provider: string): void {
  if (!isKnownProvider(provider)) throw new ApiError(401200);
  if (state.algos.inactiveProviders.has(provider)) throw new ApiError(401205);
}

function setAlgoProvider(ctx: CommandContext, cmd: SetAlgoProvider): AlgoProvider {
  if (!isKnownProvider(cmd.provider)) throw new ApiError(401200);
  if (cmd.active) ctx.state.algos.inactiveProviders.delete(cmd.provider);
  else ctx.state.algos.inactiveProviders.set(cmd.provider, ctx.ts);
  return { provider: cmd.provider, active: cmd.active };
}

export const providerHandlers = { setAlgoProvider };
