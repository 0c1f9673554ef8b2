/** Reading MARGIN lending through the API: a portfolio's asset row of a coin, and history rows once projected. */
import assert from 'node:assert/strict';
import type { ConnexClient } from '../../src/client/connex-client.ts';

/** What `probe` answers once it answers something: history rows are projected from the events a moment later. */
export async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('never answered');
}

/** The portfolio's asset row of a coin on a venue, as GET portfolio/assets shows it. */
export async function assetRow(client: ConnexClient, coin: string, venue = 'BINANCE'): Promise<any> {
  const answer = await client.get('/api/v1/trading/portfolio/assets', {});
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.list.find((row: any) => row.exchangeType === venue && row.coin === coin);
}

/** The list of a paged GET once it holds `count` rows. */
export async function rowsOnce(client: ConnexClient, url: string, params: Record<string, string>, count: number): Promise<any[]> {
  return eventually(async () => {
    const answer = await client.get(url, { pageSize: '100', ...params });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data.list.length === count ? answer.data.list : undefined;
  });
}
