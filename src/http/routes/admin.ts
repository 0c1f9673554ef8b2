/**
 * The operator's API under /admin/v1, behind `Authorization: Bearer <adminToken>` (decisions C5).
 * The CLI (`npm run admin`) is a client of these same endpoints.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../catalogue/index.ts';
import { newCredentials } from '../../auth/secret-box.ts';
import { KEY_FROZEN, KEY_NORMAL } from '../../domain/identity/index.ts';
import { SIXTEEN_DIGITS } from '../../domain/ids.ts';
import { formatFixed } from '../../domain/money.ts';
import { FAULT_KINDS } from '../../venues/index.ts';
import { success } from '../../wire/envelope.ts';
import { Fields } from '../../wire/fields.ts';
import type { Gateway } from '../context.ts';
import { paramsOf } from '../router.ts';
import { apiKeyRow, portfolioRow } from '../../views/portfolio.ts';
import { VENUES } from '../../domain/market.ts';

export function hashAdminToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function assertAdmin(request: FastifyRequest, expectedHash: string): void {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  const given = Buffer.from(hashAdminToken(token), 'hex');
  if (token === '' || !timingSafeEqual(given, Buffer.from(expectedHash, 'hex'))) throw new ApiError(2000);
}

type AdminHandler = (fields: Fields, gateway: Gateway) => unknown;

export async function adminRoutes(app: FastifyInstance, { gateway }: { gateway: Gateway }): Promise<void> {
  const route = (method: 'GET' | 'POST', url: string, handle: AdminHandler) =>
    app.route({
      method,
      url: `/admin/v1${url}`,
      handler: async (request, reply) => {
        assertAdmin(request, gateway.adminTokenHash);
        const data = await handle(new Fields(paramsOf(request)), gateway);
        return reply.send(success(data ?? {}));
      },
    });

  const userIdOf = (fields: Fields) => fields.text('userId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });

  route('POST', '/users', async (fields, gw) => {
    const name = fields.text('name', { missing: 400009, maxLength: 64 });
    fields.done();
    const { accessKey, secretKey } = newCredentials();
    const { user } = await gw.submit('createUser', { name, primaryKey: { accessKey, secret: gw.secretBox.seal(secretKey) } });
    return { userId: user.userId, name: user.name, portfolioId: user.mainPortfolioId, apiKey: accessKey, secretKey };
  });

  route('GET', '/users', (fields, gw) => {
    fields.done();
    return [...gw.reads.users()].map((u) => ({ userId: u.userId, name: u.name, status: u.status, mainPortfolioId: u.mainPortfolioId, createAt: u.createAt }));
  });

  route('POST', '/users/status', async (fields, gw) => {
    const userId = userIdOf(fields);
    const status = fields.oneOf('status', ['NORMAL', 'DISABLED'] as const, { missing: 400009 });
    fields.done();
    const { user } = await gw.submit('setUserStatus', { userId, status });
    return { userId: user.userId, status: user.status };
  });

  route('GET', '/portfolios', (fields, gw) => {
    const userId = fields.text('userId', { pattern: SIXTEEN_DIGITS, invalid: 100001 });
    fields.done();
    return [...gw.reads.portfolios()]
      .filter((p) => userId === undefined || p.userId === userId)
      .map((p) => ({ ...portfolioRow(p), portfolioId: p.portfolioId, userId: p.userId, placementForbidden: p.placementForbidden }));
  });

  route('POST', '/portfolios/placement', async (fields, gw) => {
    const portfolioId = fields.text('portfolioId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });
    const forbidden = fields.flag('forbidden', { missing: 400009 })!;
    fields.done();
    const { portfolio } = await gw.submit('setPlacementForbidden', { portfolioId, forbidden });
    return { portfolioId: portfolio.portfolioId, placementForbidden: portfolio.placementForbidden };
  });

  route('GET', '/keys', (fields, gw) => {
    const userId = fields.text('userId', { pattern: SIXTEEN_DIGITS, invalid: 100001 });
    fields.done();
    return [...gw.reads.apiKeys()]
      .filter((k) => userId === undefined || k.userId === userId)
      .map((k) => ({ ...apiKeyRow(k), portfolioId: k.portfolioId, userId: k.userId, primary: k.primary }));
  });

  for (const [url, status] of [['/keys/freeze', KEY_FROZEN], ['/keys/unfreeze', KEY_NORMAL]] as const) {
    route('POST', url, async (fields, gw) => {
      const accessKey = fields.text('apiKey', { missing: 400009, maxLength: 128 });
      fields.done();
      const { apiKey } = await gw.submit('setApiKeyStatus', { accessKey, status });
      return { apiKey: apiKey.accessKey, status: apiKey.status };
    });
  }

  route('POST', '/deposits', async (fields, gw) => {
    const portfolioId = fields.text('portfolioId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });
    const venue = fields.oneOf('exchangeType', VENUES, { missing: 400009, invalid: 401023 });
    const coin = fields.text('coin', { missing: 400009, maxLength: 16 });
    const amount = fields.decimal('amount', { missing: 400009, invalid: 403005 });
    fields.done();
    const result = await gw.submit('creditDeposit', { portfolioId, venue, coin, amount });
    return { depositId: result.depositId, available: formatFixed(result.available) };
  });

  /** Advances the simulated market by `count` ticks of `elapsedMs` venue time each (tests, replays). */
  route('POST', '/sim/tick', async (fields, gw) => {
    const count = fields.integer('count', { min: 1, max: 10_000 }) ?? 1;
    const elapsedMs = fields.integer('elapsedMs', { min: 0, max: 86_400_000 }) ?? gw.config.simTickMs * gw.config.simSpeed;
    fields.done();
    for (let i = 0; i < count; i++) await gw.submit('tick', { elapsedMs, orderRetentionMs: gw.config.orderRetentionMs });
    return { ticks: count };
  });

  route('GET', '/balances', (fields, gw) => {
    const portfolioId = fields.text('portfolioId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });
    fields.done();
    const portfolio = gw.reads.portfolio(portfolioId);
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
  });

  /** Fault injection (decisions F4): scope exchangeType or apiKey, one of them; `ticks` for LATENCY. */
  route('POST', '/faults', async (fields, gw) => {
    const kind = fields.oneOf('kind', FAULT_KINDS, { missing: 400009 });
    const venue = fields.oneOf('exchangeType', VENUES, { invalid: 401023 });
    const apiKey = fields.text('apiKey', { maxLength: 128 });
    const ticks = fields.integer('ticks', { min: 1, max: 10_000 });
    fields.done();
    const { fault } = await gw.submit('setFault', { kind, venue, apiKey, ticks });
    return fault;
  });

  route('GET', '/faults', (fields, gw) => {
    fields.done();
    return gw.reads.faults();
  });

  route('POST', '/faults/clear', async (fields, gw) => {
    const faultId = fields.text('faultId', { maxLength: 16 });
    fields.done();
    return gw.submit('clearFaults', { faultId });
  });

  route('POST', '/portfolios/restriction', async (fields, gw) => {
    const portfolioId = fields.text('portfolioId', { missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 });
    const venue = fields.oneOf('exchangeType', VENUES, { missing: 400009, invalid: 401023 });
    const restricted = fields.flag('restricted', { missing: 400009 })!;
    fields.done();
    const { portfolio } = await gw.submit('setAccountRestricted', { portfolioId, venue, restricted });
    return { portfolioId: portfolio.portfolioId, exchangeType: venue, restricted: portfolio.accounts[venue].restricted };
  });

  route('GET', '/engine', (fields, gw) => {
    fields.done();
    return gw.engineStatus();
  });
}
