/**
 * Money in and out (connex-api.md §4.6, §6; decisions D1, N2): deposit addresses and where deposits land,
 * deposit history, withdrawals and their history; and the operator's side of the simulated chains (an
 * on-chain deposit to an address, a withdrawal failed on its way).
 */
import { ApiError } from '../../catalogue/index.ts';
import { COINS } from '../../domain/coins.ts';
import { formatFixed, max } from '../../domain/money.ts';
import { VENUES } from '../../domain/market.ts';
import { addressHolderOf, depositAddress, depositAddressId, depositStatus, networkOf, stagesOfStatus, withdrawalStatus, type MovementKind } from '../../domain/transfers/index.ts';
import { ARCHIVE_DAYS, daysMs, HISTORY_UNAVAILABLE, RECENT_DAYS } from '../../store/history/queries/history-store.ts';
import { decimal, integer, oneOf, page, text } from '../../wire/field-spec.ts';
import { pagedResult } from '../../wire/fields.ts';
import { actorOf } from '../../wire/order-requests.ts';
import { timeRangeFields } from '../../wire/time-range.ts';
import type { RouteGroupAdder, Router } from '../router.ts';
import { Empty, Id16, IntegerEnum, MsNumber, Paged, Strict } from '../../views/schema.ts';
import { DepositAddressSchema, DepositRowSchema, depositRow, WithdrawAppliedSchema, WithdrawRowSchema, withdrawRow } from '../../views/transfers.ts';
import { ACCOUNT_TYPES, portfolioScope } from './transfers.ts';

const HISTORY_WINDOW = () => ({ defaultSpanMs: daysMs(RECENT_DAYS), maxAgeMs: daysMs(ARCHIVE_DAYS) });
const DEPOSITS: readonly MovementKind[] = ['DEPOSIT'];
const WITHDRAWALS: readonly MovementKind[] = ['WITHDRAWAL'];
const CURRENCY = text({ missing: 400009, maxLength: 16, example: 'USDT' });
const NETWORK = text({ missing: 400009, maxLength: 16, example: 'TRC20' });
const ACCOUNT_ID = text({ maxLength: 20, pattern: /^[0-9]+$/, invalid: 400000, description: 'Only the account with this id (tradeAccount/list).' });

export function depositRoutes(router: Router): void {
  const routes = router.group('Deposits and withdrawals', 'Simulated chains: deposit addresses, deposits confirming over venue time, withdrawals with a network fee (connex-api.md §4.6, §6; decisions D1, N2).');

  routes.add({
    method: 'GET',
    url: '/api/v1/deposit/address',
    summary: 'The deposit address of a coin on a network',
    description: 'The key’s portfolio’s address (a primary key: the main portfolio’s), the same for a portfolio, coin and network every time. accountType says where a deposit to it lands now (POST /api/v1/deposit/exchange).',
    permission: 'READ',
    scope: 'any',
    fields: { currency: CURRENCY, network: NETWORK, accountType: oneOf(['portfolio'] as const, { invalid: 400000, description: 'The reference’s only value.' }) },
    response: DepositAddressSchema,
    codes: [403010],
    handle({ values: { currency, network }, caller, gateway }) {
      const chain = networkOf(currency, network);
      if (!chain) throw new ApiError(403010);
      const address = depositAddress(addressHolderOf(caller.portfolio), currency, network);
      return {
        id: Number(depositAddressId(address)),
        currency,
        network,
        address,
        createdAt: caller.user.createAt,
        minimum: formatFixed(max(COINS.get(currency)!.minTransfer, chain.fee)),
        accountType: gateway.reads.depositLandsIn(caller.portfolio, currency, network),
      };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/deposit/exchange',
    summary: 'Where deposits land',
    description: 'Where deposits to the key’s portfolio’s addresses land: a primary key’s to the main portfolio’s account on `exchange` (a trading portfolio without a setting of its own follows it, into its own account), a portfolio key’s to its own portfolio’s; with currency and network only that pair. Until then deposits land in the funding account (decisions D1).',
    permission: 'TRANSFER',
    scope: 'any',
    rateGroup: 'depositExchange',
    fields: { exchange: oneOf(VENUES, { missing: 400009, invalid: 401023 }), currency: text({ maxLength: 16, description: 'With network, or neither.' }), network: text({ maxLength: 16 }) },
    response: Empty,
    codes: [400000, 403010, 401022],
    async handle({ values: { exchange, currency, network }, caller, gateway }) {
      if ((currency === undefined) !== (network === undefined)) throw new ApiError(400000);
      return gateway.submit('setDepositExchange', { actor: actorOf(undefined, caller), exchange, currency, network });
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/deposit/history',
    summary: 'Deposits, newest first',
    description: 'Our path for the reference’s deposit history (it documents none). A primary key: its user’s deposits; a portfolio key: those that landed in its portfolio.',
    permission: 'READ',
    scope: 'any',
    fields: {
      accountId: ACCOUNT_ID,
      accountType: oneOf(ACCOUNT_TYPES, { invalid: 400000, description: 'FUNDING, or the venue of the portfolio it landed in.' }),
      currency: text({ maxLength: 16 }),
      status: integer({ values: [2, 3, 4], invalid: 400000, description: '2 executing, 3 succeeded, 4 failed.' }),
      ...timeRangeFields('startTime', 'endTime', HISTORY_WINDOW),
      page: page(1000, 1000),
    },
    response: Paged(DepositRowSchema),
    codes: [HISTORY_UNAVAILABLE, 400003],
    async handle({ values: { accountId, accountType, currency, status, range, page }, caller, gateway }) {
      const query = { userId: caller.user.userId, kinds: DEPOSITS, portfolioId: portfolioScope(caller), to: { accountId, accountType }, coin: currency, start: range.start, end: range.end };
      const { totalSize, list } = await gateway.history.movements(status === undefined ? query : { ...query, stages: stagesOfStatus(depositStatus, status) }, page);
      return pagedResult(page, totalSize, list, depositRow);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/withdraw/apply',
    summary: 'Withdraw a coin to an address',
    description:
      'Our path (the reference documents none). From the funding account (a primary key’s default) or a portfolio’s venue account (accountId and fromAccountType), at most what may leave it (403013). ' +
      'The amount is frozen, approved after a minute of venue time (status 1 → 2), then sent: after the network’s confirmation time it leaves, the venue keeping the network fee (3). clientOrderId makes it idempotent.',
    permission: 'WITHDRAW',
    scope: 'any',
    fields: {
      accountId: text({ maxLength: 20, pattern: /^[0-9]+$/, invalid: 403001, description: 'The funding account’s or a portfolio’s id; absent: the funding account (primary key) or the key’s portfolio.' }),
      fromAccountType: oneOf(ACCOUNT_TYPES, { invalid: 403003, description: 'BINANCE / OKX for a portfolio (required).' }),
      currency: CURRENCY,
      network: NETWORK,
      address: text({ missing: 400009, maxLength: 128, example: '0x8f3c0a1d5e4b2f6a7c9d0e1f2a3b4c5d6e7f8091' }),
      amount: decimal({ missing: 403005, invalid: 403005, description: 'Taken from the account; the address receives it less the network fee.', example: '100' }),
      clientOrderId: text({ maxLength: 256, description: 'Idempotency key, fewer than 64 characters.' }),
    },
    response: WithdrawAppliedSchema,
    codes: [403001, 401010, 403006, 403003, 403016, 403015, 403010, 403005, 403011, 403012, 403013, 401022],
    async handle({ values, caller, gateway }) {
      const result = await gateway.submit('applyWithdrawal', { actor: actorOf(undefined, caller), ...values });
      return { withdrawId: Number(result.withdrawalId), clientOrderId: result.clientOrderId };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/userWithdrawRecord/list',
    summary: 'Withdrawals, newest first',
    description: 'A primary key: its user’s withdrawals; a portfolio key: those from its portfolio.',
    permission: 'READ',
    scope: 'any',
    fields: {
      id: text({ maxLength: 20, pattern: /^[0-9]+$/, invalid: 400000, description: 'Only this withdrawal.' }),
      status: integer({ values: [1, 2, 3, 4, 5], invalid: 400000, description: '1 not approved, 2 approved, 3 executed, 4 failed, 5 rejected.' }),
      accountId: ACCOUNT_ID,
      fromAccountType: oneOf(ACCOUNT_TYPES, { invalid: 400000 }),
      currency: text({ maxLength: 16 }),
      ...timeRangeFields('startTime', 'endTime', HISTORY_WINDOW),
      page: page(1000, 1000),
    },
    response: Paged(WithdrawRowSchema),
    codes: [HISTORY_UNAVAILABLE, 400003],
    async handle({ values: { id, status, accountId, fromAccountType, currency, range, page }, caller, gateway }) {
      const from = { accountId, accountType: fromAccountType };
      const query = { userId: caller.user.userId, kinds: WITHDRAWALS, portfolioId: portfolioScope(caller), from, movementId: id, coin: currency, start: range.start, end: range.end };
      const { totalSize, list } = await gateway.history.movements(status === undefined ? query : { ...query, stages: stagesOfStatus(withdrawalStatus, status) }, page);
      return pagedResult(page, totalSize, list, withdrawRow);
    },
  });
}

/** The operator's side of the simulated chains, in the Admin group. */
export function depositAdminRoutes(routes: RouteGroupAdder): void {
  routes.add({
    method: 'POST',
    url: '/admin/v1/deposits/onchain',
    auth: 'admin',
    summary: 'Send a simulated on-chain deposit to a deposit address',
    description: 'It confirms after the network’s confirmation time of venue time (market ticks or POST /admin/v1/sim/tick) into the funding account or the destination its user set.',
    fields: {
      address: text({ missing: 400009, maxLength: 128, description: 'An address of GET /api/v1/deposit/address.' }),
      currency: CURRENCY,
      network: NETWORK,
      amount: decimal({ missing: 400009, invalid: 403005, example: '1000' }),
      txId: text({ maxLength: 128, description: 'The chain’s transaction id; made up when absent.' }),
    },
    response: Strict({ depositId: Id16(), confirmAt: MsNumber({ description: 'Venue time at which it lands.' }) }),
    codes: [403010, 403005, 403011, 403012, 400000, 400011],
    handle({ values, gateway }) {
      return gateway.submit('creditOnchainDeposit', values);
    },
  });

  routes.add({
    method: 'POST',
    url: '/admin/v1/withdrawals/fail',
    auth: 'admin',
    summary: 'Fail a withdrawal on its way',
    description: 'Status 5 (rejected) before approval, 4 (failed) after; the amount is available again in its account.',
    fields: { withdrawId: text({ missing: 400009, maxLength: 20 }), reason: text({ maxLength: 256 }) },
    response: Strict({ status: IntegerEnum([4, 5] as const, { description: '4 failed, 5 rejected.' }) }),
    codes: [403014, 400011],
    async handle({ values: { withdrawId, reason }, gateway }) {
      return gateway.submit('failWithdrawal', { withdrawalId: withdrawId, reason });
    },
  });
}
