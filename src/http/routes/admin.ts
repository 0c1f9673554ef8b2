/**
 * The operator's API under /admin/v1, behind `Authorization: Bearer <adminToken>` (decisions C5).
 * The CLI (`npm run admin`) is a client of these same endpoints.
 */
import { ApiError } from '../../catalogue/index.ts';
import { newCredentials } from '../../auth/secret-box.ts';
import { KEY_FROZEN, KEY_NORMAL } from '../../domain/identity/index.ts';
import { SIXTEEN_DIGITS } from '../../domain/ids.ts';
import { formatFixed } from '../../domain/money.ts';
import { FAULT_KINDS } from '../../venues/index.ts';
import type { Fields } from '../../wire/fields.ts';
import type { Router } from '../router.ts';
import { apiKeyRow, portfolioRow } from '../../views/portfolio.ts';
import { VENUES } from '../../domain/market.ts';

export function adminRoutes(router: Router): void {
  const userIdOf = (fields: Fields) => fields.text('userId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });

  router.add({
    method: 'POST',
    url: '/admin/v1/users',
    auth: 'admin',
    async handle({ fields, gateway }) {
      const name = fields.text('name', { missing: 400009, maxLength: 64 });
      fields.done();
      const { accessKey, secretKey } = newCredentials();
      const { user } = await gateway.submit('createUser', { name, primaryKey: { accessKey, secret: gateway.secretBox.seal(secretKey) } });
      return { userId: user.userId, name: user.name, portfolioId: user.mainPortfolioId, apiKey: accessKey, secretKey };
    },
  });

  router.add({
    method: 'GET',
    url: '/admin/v1/users',
    auth: 'admin',
    handle({ fields, gateway }) {
      fields.done();
      return [...gateway.reads.users()].map((u) => ({ userId: u.userId, name: u.name, status: u.status, mainPortfolioId: u.mainPortfolioId, createAt: u.createAt }));
    },
  });

  router.add({
    method: 'POST',
    url: '/admin/v1/users/status',
    auth: 'admin',
    async handle({ fields, gateway }) {
      const userId = userIdOf(fields);
      const status = fields.oneOf('status', ['NORMAL', 'DISABLED'] as const, { missing: 400009 });
      fields.done();
      const { user } = await gateway.submit('setUserStatus', { userId, status });
      return { userId: user.userId, status: user.status };
    },
  });

  router.add({
    method: 'GET',
    url: '/admin/v1/portfolios',
    auth: 'admin',
    handle({ fields, gateway }) {
      const userId = fields.text('userId', { pattern: SIXTEEN_DIGITS, invalid: 100001 });
      fields.done();
      return [...gateway.reads.portfolios()]
        .filter((p) => userId === undefined || p.userId === userId)
        .map((p) => ({ ...portfolioRow(p), portfolioId: p.portfolioId, userId: p.userId, placementForbidden: p.placementForbidden }));
    },
  });

  router.add({
    method: 'POST',
    url: '/admin/v1/portfolios/placement',
    auth: 'admin',
    async handle({ fields, gateway }) {
      const portfolioId = fields.text('portfolioId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });
      const forbidden = fields.flag('forbidden', { missing: 400009 })!;
      fields.done();
      const { portfolio } = await gateway.submit('setPlacementForbidden', { portfolioId, forbidden });
      return { portfolioId: portfolio.portfolioId, placementForbidden: portfolio.placementForbidden };
    },
  });

  router.add({
    method: 'GET',
    url: '/admin/v1/keys',
    auth: 'admin',
    handle({ fields, gateway }) {
      const userId = fields.text('userId', { pattern: SIXTEEN_DIGITS, invalid: 100001 });
      fields.done();
      return [...gateway.reads.apiKeys()]
        .filter((k) => userId === undefined || k.userId === userId)
        .map((k) => ({ ...apiKeyRow(k), portfolioId: k.portfolioId, userId: k.userId, primary: k.primary }));
    },
  });

  for (const [url, status] of [['/admin/v1/keys/freeze', KEY_FROZEN], ['/admin/v1/keys/unfreeze', KEY_NORMAL]] as const) {
    router.add({
      method: 'POST',
      url,
      auth: 'admin',
      async handle({ fields, gateway }) {
        const accessKey = fields.text('apiKey', { missing: 400009, maxLength: 128 });
        fields.done();
        const { apiKey } = await gateway.submit('setApiKeyStatus', { accessKey, status });
        return { apiKey: apiKey.accessKey, status: apiKey.status };
      },
    });
  }

  router.add({
    method: 'POST',
    url: '/admin/v1/deposits',
    auth: 'admin',
    async handle({ fields, gateway }) {
      const portfolioId = fields.text('portfolioId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });
      const venue = fields.oneOf('exchangeType', VENUES, { missing: 400009, invalid: 401023 });
      const coin = fields.text('coin', { missing: 400009, maxLength: 16 });
      const amount = fields.decimal('amount', { missing: 400009, invalid: 403005 });
      fields.done();
      const result = await gateway.submit('creditDeposit', { portfolioId, venue, coin, amount });
      return { depositId: result.depositId, available: formatFixed(result.available) };
    },
  });

  /** Advances the simulated market by `count` ticks of `elapsedMs` venue time each (tests, replays). */
  router.add({
    method: 'POST',
    url: '/admin/v1/sim/tick',
    auth: 'admin',
    async handle({ fields, gateway }) {
      const count = fields.integer('count', { min: 1, max: 10_000 }) ?? 1;
      const elapsedMs = fields.integer('elapsedMs', { min: 0, max: 86_400_000 }) ?? gateway.config.simTickMs * gateway.config.simSpeed;
      fields.done();
      for (let i = 0; i < count; i++) await gateway.submit('tick', { elapsedMs, orderRetentionMs: gateway.config.orderRetentionMs });
      return { ticks: count };
    },
  });

  router.add({
    method: 'GET',
    url: '/admin/v1/balances',
    auth: 'admin',
    handle({ fields, gateway }) {
      const portfolioId = fields.text('portfolioId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });
      fields.done();
      const portfolio = gateway.reads.portfolio(portfolioId);
      if (!portfolio) throw new ApiError(100001);
      return VENUES.flatMap((venue) =>
        [...portfolio.accounts[venue].balances.entries()].map(([coin, b]) => ({
          exchangeType: venue,
          coin,
          available: formatFixed(b.available),
          frozen: formatFixed(b.frozen),
          borrowed: formatFixed(b.borrowed),
        })),
      );
    },
  });

  /** Fault injection (decisions F4): scope exchangeType or apiKey, one of them; `ticks` for LATENCY. */
  router.add({
    method: 'POST',
    url: '/admin/v1/faults',
    auth: 'admin',
    async handle({ fields, gateway }) {
      const kind = fields.oneOf('kind', FAULT_KINDS, { missing: 400009 });
      const venue = fields.oneOf('exchangeType', VENUES, { invalid: 401023 });
      const apiKey = fields.text('apiKey', { maxLength: 128 });
      const ticks = fields.integer('ticks', { min: 1, max: 10_000 });
      fields.done();
      const { fault } = await gateway.submit('setFault', { kind, venue, apiKey, ticks });
      return fault;
    },
  });

  router.add({
    method: 'GET',
    url: '/admin/v1/faults',
    auth: 'admin',
    handle({ fields, gateway }) {
      fields.done();
      return gateway.reads.faults();
    },
  });

  router.add({
    method: 'POST',
    url: '/admin/v1/faults/clear',
    auth: 'admin',
    async handle({ fields, gateway }) {
      const faultId = fields.text('faultId', { maxLength: 16 });
      fields.done();
      return gateway.submit('clearFaults', { faultId });
    },
  });

  router.add({
    method: 'POST',
    url: '/admin/v1/portfolios/restriction',
    auth: 'admin',
    async handle({ fields, gateway }) {
      const portfolioId = fields.text('portfolioId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });
      const venue = fields.oneOf('exchangeType', VENUES, { missing: 400009, invalid: 401023 });
      const restricted = fields.flag('restricted', { missing: 400009 })!;
      fields.done();
      const { portfolio } = await gateway.submit('setAccountRestricted', { portfolioId, venue, restricted });
      return { portfolioId: portfolio.portfolioId, exchangeType: venue, restricted: portfolio.accounts[venue].restricted };
    },
  });

  router.add({
    method: 'GET',
    url: '/admin/v1/engine',
    auth: 'admin',
    handle({ fields, gateway }) {
      fields.done();
      return gateway.engineStatus();
    },
  });
}
