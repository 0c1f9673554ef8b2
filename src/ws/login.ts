/**
 * WebSocket login (connex-api.md §2.3): `sign = hex(HMAC_SHA256(secret, timestamp + "GET" +
 * "/users/self/verify"))`, timestamp in seconds within ±60 s. Shares key checks with REST
 * (src/auth/authenticate.ts); each login failure has its 601xxx code; at most one login per
 * second per key and stream (601010). No replay guard: the signature covers only the timestamp, so
 * a client opening its private and algo streams in the same second sends the same login twice.
 */
import { authorize, nonceInWindow, type Caller } from '../auth/authenticate.ts';
import { signatureMatches } from '../auth/signature.ts';
import { ApiError } from '../catalogue/index.ts';
import type { Gateway } from '../http/gateway.ts';
import { hitRateLimit } from '../limits/call-limit.ts';
import { flag, text } from '../wire/field-spec.ts';
import { Fields, type Params } from '../wire/fields.ts';

export const LOGIN_PATH = 'GET/users/self/verify';

export interface Login {
  caller: Caller;
  /** The connection is for order actions only: no pushes. */
  onlyTrade: boolean;
}

/** The login's args (connex-api.md §2.3), in the order they are checked; any other arg → 601001. */
export const LOGIN_FIELDS = {
  apiKey: text({ missing: 601008, invalid: 601001, example: '<apiKey>' }),
  timestamp: text({ missing: 601017, invalid: 601016, description: 'Unix time in seconds, within ±60 s.', example: '1732406400' }),
  sign: text({ missing: 601018, invalid: 601009, description: 'Lowercase hex HMAC-SHA256(secretKey, timestamp + "GET/users/self/verify").' }),
  onlyTrade: flag({ invalid: 601001, description: 'Order actions only: the connection gets no pushes.' }),
};

/** What a login answers besides its fields' codes, in the order it checks (the AsyncAPI document lists them). */
export const LOGIN_CODES = [601007, 601016, 601009, 100041, 100002, 2001, 601010] as const;

export async function login(gateway: Gateway, stream: string, args: Params, clientIp: string): Promise<Login> {
  const { apiKey, timestamp, sign, onlyTrade = false } = new Fields(args, 601001).read(LOGIN_FIELDS);
  const key = gateway.reads.apiKey(apiKey);
  if (!key) throw new ApiError(601007);
  if (!nonceInWindow(timestamp, gateway.clock())) throw new ApiError(601016);
  if (!signatureMatches(gateway.keyring.secretOf(key), timestamp + LOGIN_PATH, sign)) throw new ApiError(601009);
  const caller = authorize(gateway.reads, key, clientIp, { permission: 'READ', scope: 'any' });
  if (!(await hitRateLimit(gateway, 'wsLogin', caller, `wsLogin:${stream}`))) throw new ApiError(601010);
  return { caller, onlyTrade };
}
