import { ApiError } from '../../catalogue/index.ts';
import { KEY_FROZEN, KEY_NORMAL, MAX_KEYS_PER_USER, clashesWithOtherKeys, type ApiKey, type KeyStatus, type Permission, type SealedSecret } from '../../domain/identity/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';

export interface CreateApiKey {
  userId: string;
  portfolioId: string;
  apiName: string;
  ips: string[];
  permissions: Permission[];
  accessKey: string;
  secret: SealedSecret;
}

export interface UpdateApiKey {
  userId: string;
  portfolioId: string;
  accessKey: string;
  apiName?: string;
  ips?: string[];
  permissions?: Permission[];
}

export interface DeleteApiKey {
  userId: string;
  portfolioId: string;
  accessKey: string;
}

export interface SetApiKeyStatus {
  accessKey: string;
  status: KeyStatus;
}

type NewKey = Omit<ApiKey, 'status' | 'createdAt' | 'updatedAt'>;

export function insertApiKey(ctx: CommandContext, key: NewKey): ApiKey {
  const apiKey: ApiKey = { ...key, status: KEY_NORMAL, createdAt: ctx.ts, updatedAt: ctx.ts };
  ctx.state.apiKeys.set(apiKey.accessKey, apiKey);
  ctx.emit({ type: 'apiKeyChanged', accessKey: apiKey.accessKey, change: 'created' });
  return apiKey;
}

/** A portfolio key of this user's portfolio; the primary key is not managed through these calls. */
function portfolioKeyOf(ctx: CommandContext, userId: string, portfolioId: string, accessKey: string): ApiKey {
  const key = ctx.state.apiKeys.get(accessKey);
  if (!key || key.primary || key.userId !== userId || key.portfolioId !== portfolioId) throw new ApiError(405001);
  return key;
}

/** The portfolio exists (else 402006) and is the user's (else 402003); routes check it on reads too. */
export function assertOwnPortfolio(state: Readonly<State>, userId: string, portfolioId: string): void {
  const portfolio = state.portfolios.get(portfolioId);
  if (!portfolio) throw new ApiError(402006);
  if (portfolio.userId !== userId) throw new ApiError(402003);
}

/** The other keys of a portfolio (the primary key included, on the main portfolio). */
function otherKeysOf(ctx: CommandContext, portfolioId: string, accessKey: string): ApiKey[] {
  return [...ctx.state.apiKeys.values()].filter((k) => k.portfolioId === portfolioId && k.accessKey !== accessKey);
}

export const apiKeyHandlers = {
  createApiKey(ctx: CommandContext, cmd: CreateApiKey): { apiKey: ApiKey } {
    assertOwnPortfolio(ctx.state, cmd.userId, cmd.portfolioId);
    const keysOfUser = [...ctx.state.apiKeys.values()].filter((k) => k.userId === cmd.userId).length;
    if (keysOfUser >= MAX_KEYS_PER_USER) throw new ApiError(400008);
    if (ctx.state.apiKeys.has(cmd.accessKey)) throw new ApiError(400008);
    if (clashesWithOtherKeys(cmd.permissions, otherKeysOf(ctx, cmd.portfolioId, cmd.accessKey))) throw new ApiError(400008);
    const apiKey = insertApiKey(ctx, { ...cmd, primary: false });
    return { apiKey };
  },

  updateApiKey(ctx: CommandContext, cmd: UpdateApiKey): { apiKey: ApiKey } {
    assertOwnPortfolio(ctx.state, cmd.userId, cmd.portfolioId);
    const key = portfolioKeyOf(ctx, cmd.userId, cmd.portfolioId, cmd.accessKey);
    if (cmd.permissions && clashesWithOtherKeys(cmd.permissions, otherKeysOf(ctx, cmd.portfolioId, cmd.accessKey))) throw new ApiError(400008);
    if (cmd.apiName !== undefined) key.apiName = cmd.apiName;
    if (cmd.ips !== undefined) key.ips = cmd.ips;
    if (cmd.permissions !== undefined) key.permissions = cmd.permissions;
    key.updatedAt = ctx.ts;
    ctx.emit({ type: 'apiKeyChanged', accessKey: key.accessKey, change: 'updated' });
    return { apiKey: key };
  },

  deleteApiKey(ctx: CommandContext, cmd: DeleteApiKey): { apiKey: ApiKey } {
    assertOwnPortfolio(ctx.state, cmd.userId, cmd.portfolioId);
    const key = portfolioKeyOf(ctx, cmd.userId, cmd.portfolioId, cmd.accessKey);
    ctx.state.apiKeys.delete(key.accessKey);
    ctx.emit({ type: 'apiKeyChanged', accessKey: key.accessKey, change: 'deleted' });
    return { apiKey: { ...key, updatedAt: ctx.ts } };
  },

  setApiKeyStatus(ctx: CommandContext, cmd: SetApiKeyStatus): { apiKey: ApiKey } {
    const key = ctx.state.apiKeys.get(cmd.accessKey);
    if (!key) throw new ApiError(100018);
    key.status = cmd.status;
    key.updatedAt = ctx.ts;
    ctx.emit({ type: 'apiKeyChanged', accessKey: key.accessKey, change: cmd.status === KEY_FROZEN ? 'frozen' : 'unfrozen' });
    return { apiKey: key };
  },
};
