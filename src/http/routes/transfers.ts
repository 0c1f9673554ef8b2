/**
 * Money between accounts (connex-api.md §4.4, §4.6; decisions D1, D3, N1): the trade-account list, the
 * funding account, transfers and their history, and a portfolio's bills. Live balances come from engine
 * memory, the history of transfers, deposits and withdrawals from the history store.
 */
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../catalogue/index.ts';
import { stagesOfStatus, transferStatus, type MovementKind } from '../../domain/transfers/index.ts';
import { ARCHIVE_DAYS, daysMs, HISTORY_UNAVAILABLE, RECENT_DAYS } from '../../store/history/queries/history-store.ts';
import { decimal, integer, list, oneOf, page, text } from '../../wire/field-spec.ts';
import { pagedResult } from '../../wire/fields.ts';
import { actorOf } from '../../wire/order-requests.ts';
import { timeRangeFields } from '../../wire/time-range.ts';
import type { Caller } from '../../auth/authenticate.ts';
import type { Router } from '../router.ts';
import { Paged } from '../../views/schema.ts';
import {
  BillRowSchema,
  billRow,
  FundingAccountInfoSchema,
  fundingAccountInfo,
  TradeAccountRowSchema,
  tradeAccountRows,
  TransferAppliedSchema,
  TransferListRowSchema,
  transferListRow,
  TransferSchema,
  transferView,
} from '../../views/transfers.ts';
import { VENUES } from '../../domain/market.ts';

export const ACCOUNT_TYPES = [...VENUES, 'FUNDING'] as const;
const ACCOUNT_ID = { maxLength: 20, pattern: /^[0-9]+$/ } as const;
const HISTORY_WINDOW = () => ({ defaultSpanMs: daysMs(RECENT_DAYS), maxAgeMs: daysMs(ARCHIVE_DAYS) });
const TRANSFERS: readonly MovementKind[] = ['TRANSFER'];

/** A portfolio key sees only what moved into or out of its own portfolio (decisions D3). */
export function portfolioScope(caller: Caller): string | undefined {
  return caller.key.primary ? undefined : caller.key.portfolioId;
}

export function transferRoutes(router: Router): void {
  const routes = router.group('Transfers', 'Accounts money moves between, transfers and bills (connex-api.md §4.4, §4.6; decisions D1, N1, N2).');

  routes.add({
    method: 'GET',
    url: '/api/v1/tradeAccount/list',
    summary: 'The accounts a transfer can name',
    description: 'A primary key: its user’s funding account, then each portfolio’s venue accounts; a portfolio key: its own portfolio’s. accountId and accountType are what transfer/apply takes.',
    permission: 'READ',
    scope: 'any',
    fields: {},
    response: Type.Array(TradeAccountRowSchema),
    handle({ caller, gateway }) {
      if (!caller.key.primary) return tradeAccountRows(caller.user.userId, [caller.portfolio]).slice(1);
      return tradeAccountRows(caller.user.userId, gateway.reads.portfoliosOf(caller.user.userId));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/asset/getAccountCurrencyInfo',
    summary: 'The funding account’s balances',
    description: 'Where on-chain deposits land unless a destination was set (decisions D1). One row: the user’s funding account.',
    permission: 'READ',
    scope: 'primary',
    rateGroup: 'fundingAccount',
    fields: {
      accountId: list<string[]>({ invalid: 400000, description: 'Funding account ids, comma-separated; only the user’s own is known.' }),
      currency: text({ maxLength: 16, description: 'Only this coin.', example: 'USDT' }),
    },
    response: Type.Array(FundingAccountInfoSchema),
    codes: [400000],
    handle({ values: { accountId, currency }, caller, gateway }) {
      const own = caller.user.userId;
      if (accountId && accountId.some((id) => id !== own)) throw new ApiError(400000);
      const balances = new Map([...gateway.reads.fundingBalances(own)].filter(([coin]) => currency === undefined || coin === currency));
      return [fundingAccountInfo(own, balances, (coin) => gateway.reads.indexPrice(coin))];
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/transfer/apply',
    summary: 'Move a coin between the funding account and portfolio venue accounts',
    description:
      'Funding ↔ a portfolio’s venue account, between the venues of one portfolio, between portfolios of one user; a portfolio key only between its own venues (401010). ' +
      'At most maxTransferable leaves a venue account (403013). Settles at once (status 1), or with `network` between two places on that chain, less its fee, after its confirmation time (status 0 until then). ' +
      'requestId (or clientOrderId) makes it idempotent: the same content returns the first transfer, other content 403015. The first transfer into a venue account initializes it (401046 lifted).',
    permission: 'TRANSFER',
    scope: 'any',
    fields: {
      fromTradeAccountId: text({ ...ACCOUNT_ID, invalid: 403001, description: 'The funding account’s id or a portfolio’s id (tradeAccount/list).' }),
      fromAccountType: oneOf(ACCOUNT_TYPES, { invalid: 403003, description: 'BINANCE / OKX for a portfolio (required); FUNDING or absent for the funding account.' }),
      toTradeAccountId: text({ ...ACCOUNT_ID, invalid: 403002 }),
      toAccountType: oneOf(ACCOUNT_TYPES, { invalid: 403004 }),
      currency: text({ missing: 400009, maxLength: 16, example: 'USDT' }),
      amount: decimal({ missing: 403005, invalid: 403005, example: '1000' }),
      network: text({ maxLength: 16, description: 'A chain of the coin: the transfer travels on it between two places (funding, BINANCE, OKX).', example: 'TRC20' }),
      requestId: text({ maxLength: 256, description: 'Idempotency key, fewer than 64 characters (decisions N1).' }),
      clientOrderId: text({ maxLength: 256, description: 'The reference’s name for requestId.' }),
    },
    response: TransferAppliedSchema,
    codes: [403000, 403001, 401010, 403006, 403003, 403002, 403007, 403004, 403016, 403015, 403010, 403005, 403011, 403012, 403008, 403009, 403013, 401022],
    async handle({ values, caller, gateway }) {
      const { requestId, clientOrderId } = values;
      if (requestId !== undefined && clientOrderId !== undefined && requestId !== clientOrderId) throw new ApiError(403015);
      const result = await gateway.submit('applyTransfer', {
        actor: actorOf(undefined, caller),
        fromTradeAccountId: values.fromTradeAccountId,
        fromAccountType: values.fromAccountType,
        toTradeAccountId: values.toTradeAccountId,
        toAccountType: values.toAccountType,
        currency: values.currency,
        amount: values.amount,
        network: values.network,
        requestId: requestId ?? clientOrderId,
      });
      return { transferId: Number(result.transferId), clientOrderId: result.clientOrderId };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/transfer/get',
    summary: 'One transfer',
    description: 'By transferId or by the requestId (clientOrderId) it was made with; a portfolio key sees those of its own portfolio.',
    permission: 'READ',
    scope: 'any',
    fields: {
      transferId: text({ maxLength: 20, pattern: /^[0-9]+$/, invalid: 403014 }),
      clientOrderId: text({ maxLength: 256 }),
    },
    response: TransferSchema,
    codes: [400009, 403014, HISTORY_UNAVAILABLE],
    async handle({ values: { transferId, clientOrderId }, caller, gateway }) {
      if (transferId === undefined && clientOrderId === undefined) throw new ApiError(400009);
      const { list } = await gateway.history.movements(
        { userId: caller.user.userId, kinds: TRANSFERS, portfolioId: portfolioScope(caller), movementId: transferId, requestId: clientOrderId },
        { page: 1, pageSize: 1 },
      );
      if (list.length === 0) throw new ApiError(403014);
      return transferView(list[0]);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/transfer/list',
    summary: 'Transfers, newest first',
    description: 'A primary key: every transfer of its user; a portfolio key: those into or out of its portfolio.',
    permission: 'READ',
    scope: 'any',
    fields: {
      currency: text({ maxLength: 16, description: 'Only this coin.' }),
      status: integer({ values: [0, 1, 2], invalid: 400000, description: '0 in progress, 1 succeeded, 2 failed.' }),
      ...timeRangeFields('startTime', 'endTime', HISTORY_WINDOW),
      page: page(1000, 1000),
    },
    response: Paged(TransferListRowSchema),
    codes: [HISTORY_UNAVAILABLE, 400003],
    async handle({ values: { currency, status, range, page }, caller, gateway }) {
      const query = { userId: caller.user.userId, kinds: TRANSFERS, portfolioId: portfolioScope(caller), coin: currency, start: range.start, end: range.end };
      const { totalSize, list } = await gateway.history.movements(status === undefined ? query : { ...query, stages: stagesOfStatus(transferStatus, status) }, page);
      return pagedResult(page, totalSize, list, transferListRow);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/asset/bills',
    summary: 'A trading portfolio’s funds in and out',
    description: 'Deposits landing in, transfers into or out of, and withdrawals from the key’s portfolio (a portfolio key only: a primary key reads transfer/list, deposit/history and userWithdrawRecord/list).',
    permission: 'READ',
    scope: 'portfolio',
    fields: {
      currency: text({ maxLength: 16, description: 'Only this coin.' }),
      type: integer({ values: [0, 1, 2], invalid: 400000, description: '0 deposit, 1 transfer, 2 withdrawal.' }),
      status: integer({ values: [0, 1, 2], invalid: 400000, description: '0 pending, 1 succeeded, 2 failed.' }),
      ...timeRangeFields('startTime', 'endTime', HISTORY_WINDOW),
      page: page(1000, 1000),
    },
    response: Paged(BillRowSchema),
    codes: [HISTORY_UNAVAILABLE, 400003],
    async handle({ values: { currency, type, status, range, page }, caller, gateway }) {
      const kinds: readonly MovementKind[] = type === undefined ? ['DEPOSIT', 'TRANSFER', 'WITHDRAWAL'] : [(['DEPOSIT', 'TRANSFER', 'WITHDRAWAL'] as const)[type]];
      const query = { userId: caller.user.userId, kinds, portfolioId: caller.key.portfolioId, coin: currency, start: range.start, end: range.end };
      const { totalSize, list } = await gateway.history.movements(status === undefined ? query : { ...query, stages: stagesOfStatus(transferStatus, status) }, page);
      return pagedResult(page, totalSize, list, billRow);
    },
  });
}
