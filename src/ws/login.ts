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
import { Fields, type Params } from '../wire/fields.ts';

export const LOGIN_PATH = 'GET/users/self/verify';

export interface Login {
  caller: Caller;
  /** The connection is for order actions only: no pushes. */
  onlyTrade: boolean;
}

interface LoginArgs {
  apiKey: string;
  timestamp: string;
  sign: string;
  onlyTrade: boolean;
}

export async function login(gateway: Gateway, stream: string, args: Params, clientIp: string): Promise<Login> {
  const { apiKey, timestamp, sign, onlyTrade } = readLoginArgs(args);
  const key = gateway.reads.apiKey(apiKey);
  if (!key) throw new ApiError(601007);
  if (!nonceInWindow(timestamp, gateway.clock())) throw new ApiError(601016);
  if (!signatureMatches(gateway.keyring.secretOf(key), timestamp + LOGIN_PATH, sign)) throw new ApiError(601009);
  const caller = authorize(gateway.reads, key, clientIp, { permission: 'READ', scope: 'any' });
  if (!(await hitRateLimit(gateway, 'wsLogin', caller, `wsLogin:${stream}`))) throw new ApiError(601010);
  return { caller, onlyTrade };
}

function readLoginArgs(args: Params): LoginArgs {
  const fields = new Fields(args);
  const apiKey = fields.text('apiKey', { missing: 601008, invalid: 601001 });
  const timestamp = fields.text('timestamp', { missing: 601017, invalid: 601016 });
  const sign = fields.text('sign', { missing: 601018, invalid: 601009 });
  const onlyTrade = fields.flag('onlyTrade', { invalid: 601001 }) ?? false;
  try {
    fields.done();
  } catch {
    throw new ApiError(601001);
  }
  return { apiKey, timestamp, sign, onlyTrade };
}
