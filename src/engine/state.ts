/** Everything the engine owns. Only command handlers mutate it; everyone else reads. */
import type { Portfolio, User } from '../domain/account.ts';
import type { ApiKey } from '../domain/api-key.ts';
import { newIdSequence, type IdSequence } from '../domain/ids.ts';

export interface State {
  ids: IdSequence;
  users: Map<string, User>;
  portfolios: Map<string, Portfolio>;
  apiKeys: Map<string, ApiKey>;
}

export function emptyState(): State {
  return {
    ids: newIdSequence(),
    users: new Map(),
    portfolios: new Map(),
    apiKeys: new Map(),
  };
}
