/** Trading portfolios and their keys, made through the public API the way a client would. */
import assert from 'node:assert/strict';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { DocumentedClient } from './documented.ts';

export interface PortfolioKey {
  portfolioId: string;
  apiKey: string;
  secretKey: string;
  client: ConnexClient;
}

export async function createPortfolio(primary: ConnexClient, name: string): Promise<string> {
  const created = await primary.post('/api/v1/trading/portfolio', { name });
  assert.equal(created.code, 200000, `create portfolio ${name}: ${created.message}`);
  return created.data.portfolioId;
}

export async function createKey(primary: ConnexClient, portfolioId: string, options: { apiName?: string; ip?: string; permission?: string } = {}): Promise<PortfolioKey> {
  const created = await primary.post('/api/v1/apiKey/portfolio', { portfolioId, apiName: options.apiName ?? 'key', ip: options.ip, permission: options.permission });
  assert.equal(created.code, 200000, `create key: ${created.message}`);
  const { accessKey, secretKey } = created.data;
  return { portfolioId, apiKey: accessKey, secretKey, client: new DocumentedClient(primary.baseUrl, { apiKey: accessKey, secretKey }) };
}

export async function createPortfolioWithKey(primary: ConnexClient, name: string, options: { ip?: string; permission?: string } = {}): Promise<PortfolioKey> {
  return createKey(primary, await createPortfolio(primary, name), options);
}
