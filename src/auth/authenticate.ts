/**
 * Who is calling, and may they? Shared by REST and WebSocket login. Checks, in order: headers,
 * key, nonce window, signature, replay, frozen key, disabled user, IP whitelist, permission, scope.
 */
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import { type ApiKey, KEY_FROZEN, type Permission, type Portfolio, type User } from '../domain/identity/index.ts';
import type { EngineReads } from '../engine/reads.ts';
import { whenReady, type MaybeAsync } from '../limits/maybe-async.ts';
import type { ReplayGuard } from '../limits/replay-guard.ts';
import type { Keyring } from './keyring.ts';
import { signatureMatches, stringToSign, type SignedParams } from './signature.ts';

export const NONCE_WINDOW_SECONDS = 60;

/** The codes `authenticate` answers, in the order it checks (the API documents list them). */
export const AUTHENTICATION_CODES: readonly CatalogueCode[] = [2000, 100018, 7000, 100041, 100002, 2001, 2002];
/** A key of the wrong kind for the endpoint (KeyScope 'primary' or 'portfolio'). */
export const SCOPE_CODE: CatalogueCode = 100003;

/** Who may call an endpoint: the primary key only, a portfolio key only, or both (§2.2). */
export type KeyScope = 'primary' | 'portfolio' | 'any';

export interface Caller {
  key: ApiKey;
  user: User;
  /** The key's own portfolio. */
  portfolio: Portfolio;
}

export interface Credentials {
  apiKey: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  /** The request parameters the signature covers, with the nonce (§2.1). */
  params: SignedParams;
  clientIp: string;
  /** Non-GET requests are remembered so they cannot be replayed. */
  replayable: boolean;
}

export interface Requirement {
  permission: Permission;
  scope: KeyScope;
}

export interface AuthDeps {
  reads: EngineReads;
  keyring: Keyring;
  replayGuard: ReplayGuard;
  clock: () => number;
}

/** Synchronous unless the replay guard needs a round trip (Redis, for a non-GET request). */
export function authenticate(deps: AuthDeps, credentials: Credentials, requirement: Requirement): MaybeAsync<Caller> {
  const { apiKey, nonce, signature } = credentials;
  if (!apiKey || !nonce || !signature) throw new ApiError(2000);
  const key = deps.reads.apiKey(apiKey);
  if (!key) throw new ApiError(100018);
  const now = deps.clock();
  if (!nonceInWindow(nonce, now)) throw new ApiError(7000);
  if (!signatureMatches(deps.keyring.secretOf(key), stringToSign(credentials.params, nonce), signature)) throw new ApiError(2000);
  if (!credentials.replayable) return authorize(deps.reads, key, credentials.clientIp, requirement);
  // The verified signature names the request: it covers key (through its secret), nonce and parameters.
  return whenReady(deps.replayGuard.firstSeen(signature, 2 * NONCE_WINDOW_SECONDS * 1000, now), (first) => {
    if (!first) throw new ApiError(7000);
    return authorize(deps.reads, key, credentials.clientIp, requirement);
  });
}

/** The checks that follow a proven identity (also used by WebSocket login). */
export function authorize(reads: EngineReads, key: ApiKey, clientIp: string, requirement: Requirement): Caller {
  if (key.status === KEY_FROZEN) throw new ApiError(100041);
  const user = reads.user(key.userId);
  const portfolio = reads.portfolio(key.portfolioId);
  if (!user || !portfolio || user.status !== 'NORMAL') throw new ApiError(100002);
  if (key.ips.length > 0 && !key.ips.includes(normalizeIp(clientIp))) throw new ApiError(2001);
  if (!key.permissions.includes(requirement.permission)) throw new ApiError(2002);
  if (requirement.scope === 'primary' && !key.primary) throw new ApiError(100003);
  if (requirement.scope === 'portfolio' && key.primary) throw new ApiError(100003);
  return { key, user, portfolio };
}

export function nonceInWindow(nonce: string, nowMs: number): boolean {
  if (!/^\d{1,12}$/.test(nonce)) return false;
  return Math.abs(Number(nonce) - nowMs / 1000) <= NONCE_WINDOW_SECONDS;
}

export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
