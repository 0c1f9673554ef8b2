/**
 * First start on an empty data dir: a demo institution with a funded MainPortfolio on both venues
 * and a primary key, written to DATA_DIR/demo-credentials.json (decisions C5).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCredentials } from '../auth/secret-box.ts';
import { parseFixed } from '../domain/money.ts';
import type { App } from '../app.ts';
import { VENUES } from '../domain/market.ts';

export const DEMO_FUNDING = { USDT: '1000000', BTC: '10', ETH: '100' } as const;

export interface DemoCredentials {
  apiKey: string;
  secretKey: string;
  portfolioId: string;
  adminToken: string;
  baseUrl: string;
}

export async function createDemoUser(app: App, baseUrl: string): Promise<DemoCredentials> {
  const { accessKey, secretKey } = newCredentials();
  const { user } = await app.runtime.submit('createUser', {
    name: 'demo',
    primaryKey: { accessKey, secret: app.secretBox.seal(secretKey) },
  });
  for (const venue of VENUES) {
    for (const [coin, amount] of Object.entries(DEMO_FUNDING)) {
      await app.runtime.submit('creditDeposit', { portfolioId: user.mainPortfolioId, venue, coin, amount: parseFixed(amount)! });
    }
  }
  return { apiKey: accessKey, secretKey, portfolioId: user.mainPortfolioId, adminToken: app.adminToken, baseUrl };
}

export function demoCredentialsPath(dataDir: string): string {
  return join(dataDir, 'demo-credentials.json');
}

export function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): string {
  const path = demoCredentialsPath(dataDir);
  writeFileSync(path, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return path;
}

export function readDemoCredentials(dataDir: string): DemoCredentials {
  return JSON.parse(readFileSync(demoCredentialsPath(dataDir), 'utf8')) as DemoCredentials;
}
