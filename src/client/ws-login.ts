/** The `login` message of the ConneX WebSocket streams (connex-api.md §2.3), for clients of openconnex. */
import { sign } from '../auth/signature.ts';
import { LOGIN_PATH } from '../ws/login.ts';
import type { ClientCredentials } from './connex-client.ts';

export function wsLoginMessage(credentials: ClientCredentials, options: { onlyTrade?: boolean; timestamp?: string } = {}) {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const args: Record<string, string | boolean> = { apiKey: credentials.apiKey, timestamp, sign: sign(credentials.secretKey, timestamp + LOGIN_PATH) };
  if (options.onlyTrade !== undefined) args.onlyTrade = options.onlyTrade;
  return { action: 'login', args };
}
