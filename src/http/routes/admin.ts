/**
 * The operator's API under /admin/v1, behind `Authorization: Bearer <adminToken>` (decisions C5).
 * The CLI (`npm run admin`) is a client of these same endpoints.
 */
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../catalogue/index.ts';
import { newCredentials } from '../../auth/secret-box.ts';
import { KEY_FROZEN, KEY_NORMAL, USER_STATUSES } from '../../domain/identity/index.ts';
import { SIXTEEN_DIGITS } from '../../domain/ids.ts';
import { formatFixed } from '../../domain/money.ts';
import { FAULT_KINDS, SIMULATED_ASSETS } from '../../venues/index.ts';
import { decimal, flag, integer, oneOf, text } from '../../wire/field-spec.ts';
import type { Router } from '../router.ts';
import { depositAdminRoutes } from './deposits.ts';
import { algoProviderAdminRoutes } from './algo-providers.ts';
import { ApiKeyRowSchema, apiKeyRow, PortfolioRowSchema, portfolioRow } from '../../views/portfolio.ts';
import { RiskOverviewSchema, riskOverview } from '../../views/risk.ts';
import { Decimal, Id16, MsNumber, StringEnum, Strict } from '../../views/schema.ts';
import { VENUES } from '../../domain/market.ts';

const PORTFOLIO_ID = text({ missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001, example: '1732406400000000' });
const USER_FILTER = text({ pattern: SIXTEEN_DIGITS, invalid: 100001, description: 'Only those of this user.' });
const VENUE = oneOf(VENUES, { missing: 400009, invalid: 401023 });
const API_KEY = Type.String({ pattern: '^[0-9a-f]{64}$' });
const USER_STATUS = StringEnum(USER_STATUSES);

const FaultSchema = Strict(
  {
    faultId: Type.String(),
    kind: StringEnum(FAULT_KINDS),
    venue: Type.Optional(StringEnum(VENUES)),
    apiKey: Type.Optional(API_KEY),
    ticks: Type.Optional(Type.Integer({ minimum: 1 })),
    createAt: MsNumber(),
  },
  { title: 'Fault' },
);

export function adminRoutes(router: Router): void {
  const routes = router.group('Admin', "The operator's API (decisions C5): `Authorization: Bearer <adminToken>`; the admin CLI is its client.");
  depositAdminRoutes(routes);
  algoProviderAdminRoutes(routes);

  routes.add({
    method: 'POST',
    url: '/admin/v1/users',
    auth: 'admin',
    summary: 'Create a user with its MainPortfolio and primary key',
    description: 'The secret is in this answer only.',
    fields: { name: text({ missing: 400009, maxLength: 64, example: 'Acme Capital' }) },
    response: Strict({ userId: Id16(), name: Type.String(), portfolioId: Id16(), apiKey: API_KEY, secretKey: Type.String() }, { title: 'User created' }),
    codes: [400008, 400011],
    async handle({ values: { name }, gateway }) {
      const { accessKey, secretKey } = newCredentials();
      const { user } = await gateway.submit('createUser', { name, primaryKey: { accessKey, secret: gateway.secretBox.seal(secretKey) } });
      return { userId: user.userId, name: user.name, portfolioId: user.mainPortfolioId, apiKey: accessKey, secretKey };
    },
  });

  routes.add({
    method: 'GET',
    url: '/admin/v1/users',
    auth: 'admin',
    summary: 'Every user',
    fields: {},
    response: Type.Array(Strict({ userId: Id16(), name: Type.String(), status: USER_STATUS, mainPortfolioId: Id16(), createAt: MsNumber() }, { title: 'User' })),
    handle({ gateway }) {
      return [...gateway.reads.users()].map((u) => ({ userId: u.userId, name: u.name, status: u.status, mainPortfolioId: u.mainPortfolioId, createAt: u.createAt }));
    },
  });

  routes.add({
    method: 'POST',
    url: '/admin/v1/users/status',
    auth: 'admin',
    summary: 'Enable or disable a user',
    description: 'A disabled user’s keys answer 100002 and its WebSocket sessions close (4003).',
    fields: { userId: text({ missing: 400009, pattern: SIXTEEN_DIGITS, invalid: 100001 }), status: oneOf(USER_STATUSES, { missing: 400009 }) },
    response: Strict({ userId: Id16(), status: USER_STATUS }),
    codes: [100001, 400011],
    async handle({ values, gateway }) {
      const { user } = await gateway.submit('setUserStatus', values);
      return { userId: user.userId, status: user.status };
    },
  });

  routes.add({
    method: 'GET',
    url: '/admin/v1/portfolios',
    auth: 'admin',
    summary: 'Portfolios',
    fields: { userId: USER_FILTER },
    response: Type.Array(
      Strict({ ...PortfolioRowSchema.properties, portfolioId: Id16(), userId: Id16(), placementForbidden: Type.Boolean() }, { title: 'Portfolio (operator’s view)' }),
    ),
    handle({ values: { userId }, gateway }) {
      return [...gateway.reads.portfolios()]
        .filter((p) => userId === undefined || p.userId === userId)
        .map((p) => ({ ...portfolioRow(p), portfolioId: p.portfolioId, userId: p.userId, placementForbidden: p.placementForbidden }));
    },
  });

  routes.add({
    method: 'POST',
    url: '/admin/v1/portfolios/placement',
    auth: 'admin',
    summary: 'Forbid or allow order placement for a portfolio (401061)',
    fields: { portfolioId: PORTFOLIO_ID, forbidden: flag({ missing: 400009 }) },
    response: Strict({ portfolioId: Id16(), placementForbidden: Type.Boolean() }),
    codes: [100001, 400011],
    async handle({ values, gateway }) {
      const { portfolio } = await gateway.submit('setPlacementForbidden', values);
      return { portfolioId: portfolio.portfolioId, placementForbidden: portfolio.placementForbidden };
    },
  });

  routes.add({
    method: 'GET',
    url: '/admin/v1/keys',
    auth: 'admin',
    summary: 'API keys, without secrets',
    fields: { userId: USER_FILTER },
    response: Type.Array(Strict({ ...ApiKeyRowSchema.properties, portfolioId: Id16(), userId: Id16(), primary: Type.Boolean() }, { title: 'API key (operator’s view)' })),
    handle({ values: { userId }, gateway }) {
      return [...gateway.reads.apiKeys()]
        .filter((k) => userId === undefined || k.userId === userId)
        .map((k) => ({ ...apiKeyRow(k), portfolioId: k.portfolioId, userId: k.userId, primary: k.primary }));
    },
  });

  for (const [url, status, summary] of [
    ['/admin/v1/keys/freeze', KEY_FROZEN, 'Freeze an API key (100041; its WebSocket sessions close)'],
    ['/admin/v1/keys/unfreeze', KEY_NORMAL, 'Unfreeze an API key'],
  ] as const) {
    routes.add({
      method: 'POST',
      url,
      auth: 'admin',
      summary,
      fields: { apiKey: text({ missing: 400009, maxLength: 128 }) },
      response: Strict({ apiKey: API_KEY, status: ApiKeyRowSchema.properties.status }),
      codes: [100018, 400011],
      async handle({ values, gateway }) {
        const { apiKey } = await gateway.submit('setApiKeyStatus', { accessKey: values.apiKey, status });
        return { apiKey: apiKey.accessKey, status: apiKey.status };
      },
    });
  }

  routes.add({
    method: 'POST',
    url: '/admin/v1/deposits',
    auth: 'admin',
    summary: 'Credit a simulated deposit',
    fields: {
      portfolioId: PORTFOLIO_ID,
      exchangeType: VENUE,
      coin: text({ missing: 400009, maxLength: 16, example: 'USDT' }),
      amount: decimal({ missing: 400009, invalid: 403005, example: '250000' }),
    },
    response: Strict({ depositId: Id16(), available: Decimal({ description: 'The coin’s available balance after the deposit.' }) }),
    codes: [100001, 403010, 403005, 403011, 403012, 400011],
    async handle({ values: { portfolioId, exchangeType, coin, amount }, gateway }) {
      const result = await gateway.submit('creditDeposit', { portfolioId, venue: exchangeType, coin, amount });
      return { depositId: result.depositId, available: formatFixed(result.available) };
    },
  });

  /** Advances the simulated market by `count` ticks of `elapsedMs` venue time each (tests, replays). */
  routes.add({
    method: 'POST',
    url: '/admin/v1/sim/tick',
    auth: 'admin',
    summary: 'Advance the simulated market by ticks',
    description:
      'Each tick moves venue time on by elapsedMs from now (a fast-forward: the funding boundaries it crosses are settled each at its own moment) and the market with it. A 0 ms tick only confirms pending cancels, answers delayed submissions and prunes finished orders.',
    fields: {
      count: integer({ min: 1, max: 10_000, description: 'Ticks (default 1).' }),
      elapsedMs: integer({ min: 0, max: 86_400_000, description: 'Venue time per tick (default SIM_TICK_MS × SIM_SPEED).' }),
    },
    response: Strict({ ticks: Type.Integer({ minimum: 1 }) }),
    codes: [400011],
    async handle({ values, gateway }) {
      const { count = 1, elapsedMs = gateway.config.simTickMs * gateway.config.simSpeed } = values;
      for (let i = 0; i < count; i++) await gateway.submit('tick', { elapsedMs, orderRetentionMs: gateway.config.orderRetentionMs, fromNow: true });
      return { ticks: count };
    },
  });

  routes.add({
    method: 'POST',
    url: '/admin/v1/sim/price',
    auth: 'admin',
    summary: 'Set an asset’s simulated reference price at once',
    description:
      'Its index and perp marks move with it at once; the books follow on the next tick, when the market makers re-quote around it, and the walk goes on from it. An asset a price file replays holds it until the file’s next row.',
    fields: {
      asset: oneOf(SIMULATED_ASSETS, { missing: 400009, invalid: 403010, example: 'BTC' }),
      price: decimal<'price'>({ missing: 400009, invalid: 400000, example: '120000', description: 'USD; a positive decimal within ÷ 10 … × 10 of the price now (else 400000).' }),
    },
    response: Strict({ asset: StringEnum(SIMULATED_ASSETS), price: Decimal() }),
    codes: [400000, 400011],
    async handle({ values, gateway }) {
      const { asset, price } = await gateway.submit('setReferencePrice', values);
      return { asset, price: formatFixed(price) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/admin/v1/sim/perpLimits',
    auth: 'admin',
    summary: 'Adjust a perp’s exchange limits, as an exchange does',
    description:
      'A lower maximum leverage caps every tier of the sym: orders of a portfolio whose leverage is above it answer 401112 until it lowers its leverage. An open-interest limit (in the venue’s quantity unit: coin, or contracts on OKX) makes an order that would pass it answer 401092. Given fields replace the adjustment in force.',
    fields: {
      sym: text({ missing: 400009, invalid: 400000, example: 'BINANCE_PERP_BTC_USDT' }),
      maxLeverage: integer({ invalid: 401033, description: 'The sym’s highest leverage now: 1 … its tier table’s.' }),
      openInterestLimit: decimal<'qty'>({ invalid: 400000, description: 'A positive decimal.' }),
    },
    response: Strict({ sym: Type.String(), maxLeverage: Type.Optional(Type.Integer()), openInterestLimit: Type.Optional(Decimal()) }),
    codes: [400000, 401011, 401041, 401033, 400011],
    async handle({ values, gateway }) {
      const { sym, maxLeverage, openInterestLimit } = await gateway.submit('setPerpLimits', values);
      return { sym, ...(maxLeverage === undefined ? {} : { maxLeverage }), ...(openInterestLimit === undefined ? {} : { openInterestLimit: formatFixed(openInterestLimit) }) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/admin/v1/balances',
    auth: 'admin',
    summary: 'A portfolio’s balances on every venue',
    fields: { portfolioId: PORTFOLIO_ID },
    response: Type.Array(
      Strict({ exchangeType: StringEnum(VENUES), coin: Type.String(), available: Decimal(), frozen: Decimal(), borrowed: Decimal() }, { title: 'Balance' }),
    ),
    codes: [100001],
    handle({ values, gateway }) {
      const portfolio = gateway.reads.portfolio(values.portfolioId);
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
  routes.add({
    method: 'POST',
    url: '/admin/v1/faults',
    auth: 'admin',
    summary: 'Inject a venue fault',
    description: 'For a whole venue (`exchangeType`) or the orders of one key (`apiKey`): exactly one of them (400000); `ticks` for LATENCY only (400009 / 400000).',
    fields: {
      kind: oneOf(FAULT_KINDS, { missing: 400009 }),
      exchangeType: oneOf(VENUES, { invalid: 401023 }),
      apiKey: text({ maxLength: 128 }),
      ticks: integer({ min: 1, max: 10_000, description: 'LATENCY: the venue answers at the n-th market tick.' }),
    },
    response: FaultSchema,
    codes: [400000, 100018, 400009, 400011],
    async handle({ values: { kind, exchangeType, apiKey, ticks }, gateway }) {
      const { fault } = await gateway.submit('setFault', { kind, venue: exchangeType, apiKey, ticks });
      return fault;
    },
  });

  routes.add({
    method: 'GET',
    url: '/admin/v1/faults',
    auth: 'admin',
    summary: 'The faults in force, oldest first',
    fields: {},
    response: Type.Array(FaultSchema),
    handle({ gateway }) {
      return [...gateway.reads.faults()];
    },
  });

  routes.add({
    method: 'POST',
    url: '/admin/v1/faults/clear',
    auth: 'admin',
    summary: 'Clear one fault, or all',
    fields: { faultId: text({ maxLength: 16, description: 'Absent: every fault; unknown: 400000.' }) },
    response: Strict({ cleared: Type.Integer({ minimum: 0 }) }),
    codes: [400000, 400011],
    async handle({ values, gateway }) {
      return gateway.submit('clearFaults', values);
    },
  });

  routes.add({
    method: 'POST',
    url: '/admin/v1/portfolios/restriction',
    auth: 'admin',
    summary: 'Restrict or free one exchange account of a portfolio (401045 / 401053)',
    fields: { portfolioId: PORTFOLIO_ID, exchangeType: VENUE, restricted: flag({ missing: 400009 }) },
    response: Strict({ portfolioId: Id16(), exchangeType: StringEnum(VENUES), restricted: Type.Boolean() }),
    codes: [100001, 400011],
    async handle({ values: { portfolioId, exchangeType, restricted }, gateway }) {
      const { portfolio } = await gateway.submit('setAccountRestricted', { portfolioId, venue: exchangeType, restricted });
      return { portfolioId: portfolio.portfolioId, exchangeType, restricted: portfolio.accounts[exchangeType].restricted };
    },
  });

  routes.add({
    method: 'GET',
    url: '/admin/v1/risk',
    auth: 'admin',
    summary: 'Insurance funds and the accounts at risk',
    description:
      'Each venue’s insurance fund by coin (decisions L8: it takes the liquidation fees and pays the compensations), and every client account the ' +
      'last market tick found in a status other than NORMAL, with its uniMMR and figures at the marks of now.',
    fields: {},
    response: RiskOverviewSchema,
    handle({ gateway }) {
      return riskOverview(gateway.reads.insuranceFunds(), gateway.reads.accountsAtRisk());
    },
  });

  routes.add({
    method: 'GET',
    url: '/admin/v1/engine',
    auth: 'admin',
    summary: 'Journal position, state hash and the newest snapshot',
    fields: {},
    response: Strict({ seq: Type.Integer({ minimum: 0 }), hash: Type.String(), snapshotSeq: Type.Integer({ minimum: 0 }) }),
    handle({ gateway }) {
      return gateway.engineStatus();
    },
  });
}
