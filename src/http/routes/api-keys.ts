/** API keys of trading portfolios, managed by the primary key (connex-api.md §4.5). */
import { isIP } from 'node:net';
import type { Caller } from '../../auth/authenticate.ts';
import { ApiError } from '../../catalogue/index.ts';
import { newCredentials } from '../../auth/secret-box.ts';
import { MAX_KEY_IPS, parsePermissions, type Permission } from '../../domain/identity/index.ts';
import { SIXTEEN_DIGITS } from '../../domain/ids.ts';
import { paged, type Fields } from '../../wire/fields.ts';
import type { Router } from '../router.ts';
import { apiKeyRow, portfolioIdNumber } from '../../views/portfolio.ts';

const API_NAME = /^[\w .-]+$/;
const ACCESS_KEY = /^[0-9a-f]{64}$/;

function portfolioIdOf(fields: Fields): string {
  return fields.text('portfolioId', { missing: 402005, pattern: SIXTEEN_DIGITS, invalid: 402006 });
}

/** The portfolio key a primary key manages: its portfolio and access key. */
function keyRefOf(fields: Fields, caller: Caller): { userId: string; portfolioId: string; accessKey: string } {
  const portfolioId = portfolioIdOf(fields);
  const accessKey = fields.text('portfolioApiKey', { missing: 400009, pattern: ACCESS_KEY, invalid: 405001 });
  return { userId: caller.user.userId, portfolioId, accessKey };
}

function apiNameOf(fields: Fields, required: boolean): string | undefined {
  return fields.text('apiName', { missing: required ? 400009 : undefined, maxLength: 64, pattern: API_NAME });
}

/** The whitelist; "" clears it (any address). */
function ipsOf(fields: Fields): string[] | undefined {
  if (fields.sentEmpty('ip')) return [];
  const ips = fields.list('ip');
  if (ips === undefined) return undefined;
  if (ips.length > MAX_KEY_IPS || ips.some((ip) => isIP(ip) === 0)) throw new ApiError(400000);
  return [...new Set(ips)];
}

function permissionsOf(fields: Fields): Permission[] | undefined {
  const names = fields.list('permission');
  if (names === undefined) return undefined;
  const permissions = parsePermissions(names.join(','));
  if (!permissions) throw new ApiError(400000);
  return permissions;
}

export function apiKeyRoutes(router: Router): void {
  router.add({
    method: 'POST',
    url: '/api/v1/apiKey/portfolio',
    permission: 'TRADE',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    async handle({ fields, caller, gateway }) {
      const portfolioId = portfolioIdOf(fields);
      const apiName = apiNameOf(fields, true)!;
      const ips = ipsOf(fields) ?? [];
      const permissions = permissionsOf(fields) ?? ['READ'];
      fields.done();
      const { accessKey, secretKey } = newCredentials();
      const { apiKey } = await gateway.submit('createApiKey', {
        userId: caller.user.userId,
        portfolioId,
        apiName,
        ips,
        permissions,
        accessKey,
        secret: gateway.secretBox.seal(secretKey),
      });
      const { status, ip, permission, createdAt, updatedAt } = apiKeyRow(apiKey);
      return { portfolioId: portfolioIdNumber(portfolioId), apiName, accessKey, secretKey, status, ip, permission, createdAt, updatedAt };
    },
  });

  router.add({
    method: 'PUT',
    url: '/api/v1/apiKey/portfolio',
    permission: 'TRADE',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    async handle({ fields, caller, gateway }) {
      const ref = keyRefOf(fields, caller);
      const apiName = apiNameOf(fields, false);
      const ips = ipsOf(fields);
      const permissions = permissionsOf(fields);
      fields.done();
      const { apiKey } = await gateway.submit('updateApiKey', { ...ref, apiName, ips, permissions });
      return apiKeyRow(apiKey);
    },
  });

  router.add({
    method: 'DELETE',
    url: '/api/v1/apiKey/portfolio',
    permission: 'TRADE',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    async handle({ fields, caller, gateway }) {
      const ref = keyRefOf(fields, caller);
      fields.done();
      const { apiKey } = await gateway.submit('deleteApiKey', ref);
      return { portfolioId: portfolioIdNumber(ref.portfolioId), apiName: apiKey.apiName, accessKey: ref.accessKey, updatedAt: apiKey.updatedAt };
    },
  });

  router.add({
    method: 'GET',
    url: '/api/v1/apiKey/portfolio',
    permission: 'READ',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    handle({ fields, caller, gateway }) {
      const portfolioId = fields.text('portfolioId', { pattern: SIXTEEN_DIGITS, invalid: 402006 });
      const accessKey = fields.text('portfolioApiKey', { pattern: ACCESS_KEY, invalid: 405001 });
      const page = fields.page(1000, 1000);
      fields.done();
      if (portfolioId !== undefined) gateway.reads.assertOwnPortfolio(caller.user.userId, portfolioId);
      const keys = [...gateway.reads.apiKeys()].filter(
        (k) =>
          !k.primary &&
          k.userId === caller.user.userId &&
          (portfolioId === undefined || k.portfolioId === portfolioId) &&
          (accessKey === undefined || k.accessKey === accessKey),
      );
      return paged(keys, page, (key) => apiKeyRow(key, '; '));
    },
  });
}
