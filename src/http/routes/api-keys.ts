/** API keys of trading portfolios, managed by the primary key (connex-api.md §4.5). */
import { Type } from '@sinclair/typebox';
import type { Caller } from '../../auth/authenticate.ts';
import { newCredentials } from '../../auth/secret-box.ts';
import { MAX_KEY_IPS, parsePermissions, PERMISSIONS } from '../../domain/identity/index.ts';
import { SIXTEEN_DIGITS } from '../../domain/ids.ts';
import { list, page, text } from '../../wire/field-spec.ts';
import { paged } from '../../wire/fields.ts';
import type { Router } from '../router.ts';
import { ApiKeyRowSchema, apiKeyRow, PortfolioIdNumber, portfolioIdNumber } from '../../views/portfolio.ts';
import { MsNumber, Paged, Strict } from '../../views/schema.ts';

const API_NAME = /^[\w .-]+$/;
const ACCESS_KEY = /^[0-9a-f]{64}$/;
const PORTFOLIO_ID_EXAMPLE = '1732406400000001';

const PORTFOLIO_ID = text({ missing: 402005, pattern: SIXTEEN_DIGITS, invalid: 402006, description: 'A trading portfolio of the user.', example: PORTFOLIO_ID_EXAMPLE });

/** The portfolio key a primary key manages: its portfolio and access key. */
const KEY_REF = {
  portfolioId: PORTFOLIO_ID,
  portfolioApiKey: text({ missing: 400009, pattern: ACCESS_KEY, invalid: 405001, description: 'The access key of the portfolio’s key.' }),
};

const apiName = <M extends 400009 | undefined>(missing: M) =>
  text({ missing, maxLength: 64, pattern: API_NAME, description: 'Letters, digits, spaces, _ . -; up to 64.', example: 'Arbitrage key' });

/** The whitelist; "" (or []) clears it: any address. */
const IP = list({ emptyClears: true, maxItems: MAX_KEY_IPS, ip: true, parse: (ips) => [...new Set(ips)], description: `Up to ${MAX_KEY_IPS} addresses; "" clears the whitelist.` });

const PERMISSION = list({
  items: PERMISSIONS,
  parse: (names) => parsePermissions(names.join(',')),
  description: 'READ is always granted; within one portfolio at most one key holds each of TRADE, TRANSFER and WITHDRAW (400008).',
  example: ['READ', 'TRADE'],
});

/** What the engine answers on a key of the user's portfolio: the portfolio is unknown (402006) or another user's (402003). */
const OWN_PORTFOLIO_CODES = [402006, 402003] as const;

export function apiKeyRoutes(router: Router): void {
  const routes = router.group('API keys', 'Keys of trading portfolios, managed with the primary key (connex-api.md §4.5).');
  const keyRefOf = (ref: { portfolioId: string; portfolioApiKey: string }, caller: Caller) => ({
    userId: caller.user.userId,
    portfolioId: ref.portfolioId,
    accessKey: ref.portfolioApiKey,
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/apiKey/portfolio',
    summary: 'Create a key for a trading portfolio',
    description: 'The secret is in this answer only.',
    permission: 'TRADE',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    fields: { portfolioId: PORTFOLIO_ID, apiName: apiName(400009), ip: IP, permission: PERMISSION },
    response: Strict({ ...ApiKeyRowSchema.properties, secretKey: Type.String({ pattern: '^[0-9a-f]+$' }) }, { title: 'API key created' }),
    codes: [...OWN_PORTFOLIO_CODES, 400008, 400011],
    async handle({ values, caller, gateway }) {
      const { portfolioId, apiName } = values;
      const { accessKey, secretKey } = newCredentials();
      const { apiKey } = await gateway.submit('createApiKey', {
        userId: caller.user.userId,
        portfolioId,
        apiName,
        ips: values.ip ?? [],
        permissions: values.permission ?? ['READ'],
        accessKey,
        secret: gateway.secretBox.seal(secretKey),
      });
      const { status, ip, permission, createdAt, updatedAt } = apiKeyRow(apiKey);
      return { portfolioId: portfolioIdNumber(portfolioId), apiName, accessKey, secretKey, status, ip, permission, createdAt, updatedAt };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/apiKey/portfolio',
    summary: 'Change a portfolio key’s name, whitelist or permissions',
    permission: 'TRADE',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    fields: { ...KEY_REF, apiName: apiName(undefined), ip: IP, permission: PERMISSION },
    response: ApiKeyRowSchema,
    codes: [...OWN_PORTFOLIO_CODES, 405001, 400008, 400011],
    async handle({ values, caller, gateway }) {
      const { apiKey } = await gateway.submit('updateApiKey', { ...keyRefOf(values, caller), apiName: values.apiName, ips: values.ip, permissions: values.permission });
      return apiKeyRow(apiKey);
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/apiKey/portfolio',
    summary: 'Delete a portfolio key',
    description: 'Its WebSocket sessions close (4003).',
    permission: 'TRADE',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    fields: KEY_REF,
    response: Strict({ portfolioId: PortfolioIdNumber, apiName: Type.String(), accessKey: ApiKeyRowSchema.properties.accessKey, updatedAt: MsNumber() }, { title: 'API key deleted' }),
    codes: [...OWN_PORTFOLIO_CODES, 405001, 400011],
    async handle({ values, caller, gateway }) {
      const ref = keyRefOf(values, caller);
      const { apiKey } = await gateway.submit('deleteApiKey', ref);
      return { portfolioId: portfolioIdNumber(ref.portfolioId), apiName: apiKey.apiName, accessKey: ref.accessKey, updatedAt: apiKey.updatedAt };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/apiKey/portfolio',
    summary: 'The keys of the user’s trading portfolios',
    description: 'Permissions are listed separated by "; ".',
    permission: 'READ',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    fields: {
      portfolioId: text({ pattern: SIXTEEN_DIGITS, invalid: 402006, description: 'Only the keys of this portfolio.' }),
      portfolioApiKey: text({ pattern: ACCESS_KEY, invalid: 405001, description: 'Only this key.' }),
      page: page(1000, 1000),
    },
    response: Paged(ApiKeyRowSchema),
    codes: [...OWN_PORTFOLIO_CODES, 400003],
    handle({ values: { portfolioId, portfolioApiKey, page }, caller, gateway }) {
      if (portfolioId !== undefined) gateway.reads.assertOwnPortfolio(caller.user.userId, portfolioId);
      const keys = [...gateway.reads.apiKeys()].filter(
        (k) =>
          !k.primary &&
          k.userId === caller.user.userId &&
          (portfolioId === undefined || k.portfolioId === portfolioId) &&
          (portfolioApiKey === undefined || k.accessKey === portfolioApiKey),
      );
      return paged(keys, page, (key) => apiKeyRow(key, '; '));
    },
  });
}
