/** Driving and reading a liquidation through the API: the tick that runs it, and the portfolio's statements of a type. */
import assert from 'node:assert/strict';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import type { TestServer } from './server.ts';

/** One millisecond of venue time: the makers re-quote around the new price, the watch finds the accounts, liquidation runs. */
export async function liquidationTick(server: TestServer): Promise<void> {
  const answer = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '1' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
}

export async function statements(client: ConnexClient, statementType: string): Promise<any[]> {
  const answer = await client.get('/api/v1/trading/statement', { statementType, pageSize: '1000' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.list;
}
