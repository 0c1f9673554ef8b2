/**
 * Money movement as the reference shows it (connex-api.md §4.4 trade accounts, funding account and bills,
 * §4.6 transfers, deposits and withdrawals, §6 statuses): ids are JSON numbers (Long); a movement's amount,
 * amountReceived and networkFee JSON numbers too (§1.5), the balances decimal text.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Balance } from '../domain/accounts/index.ts';
import { add, formatFixed, mul, sum, type Price } from '../domain/money.ts';
import { VENUES, type VenueName } from '../domain/market.ts';
import type { Portfolio } from '../domain/identity/index.ts';
import {
  accountIdOf,
  accountTypeOf,
  amountReceived,
  billType,
  depositStatus,
  transferStatus,
  withdrawalStatus,
  type AccountRef,
  type Movement,
} from '../domain/transfers/index.ts';
import { Decimal, DecimalNumber, IntegerEnum, MsNumber, Nullable, StringEnum, Strict } from './schema.ts';
import { decimalNumber } from '../wire/json-number.ts';

const ACCOUNT_TYPES = [...VENUES, 'FUNDING'] as const;
const LongId = (description: string) => Type.Integer({ minimum: 0, description, examples: [1732406400000001] });
const AccountType = (description: string) => StringEnum(ACCOUNT_TYPES, { description });
const Coin = Type.String({ examples: ['USDT'] });
/** The funding account's `venues` text: in the trade-account list (connex-api.md §1 "venue LTP", §4.4) and in its balance rows. */
const FUNDING_LIST_VENUE = 'LTP';
const FUNDING_VENUE = 'Funding account';

export const TradeAccountRowSchema = Strict(
  {
    accountId: LongId('Use as fromTradeAccountId / toTradeAccountId: the funding account’s id, or the portfolio’s id.'),
    accountType: AccountType('Use as fromAccountType / toAccountType.'),
    venues: StringEnum(['BINANCE', 'OKEX', FUNDING_LIST_VENUE]),
    label: StringEnum(['DMA', 'Funding Account']),
    exchangeUid: Type.Integer({ minimum: 0 }),
    accountNote: Type.String({ description: 'The portfolio’s name; "" for the funding account.' }),
  },
  { title: 'Trade account' },
);

/** The funding account first, then each portfolio's venue accounts. */
export function tradeAccountRows(fundingAccountId: string, portfolios: readonly Portfolio[]): Static<typeof TradeAccountRowSchema>[] {
  const funding = { accountId: Number(fundingAccountId), accountType: 'FUNDING' as const, venues: FUNDING_LIST_VENUE, label: 'Funding Account' as const, exchangeUid: 0, accountNote: '' };
  const venueRows = portfolios.flatMap((portfolio) =>
    VENUES.map((venue, index) => ({
      accountId: Number(portfolio.portfolioId),
      accountType: venue,
      venues: venue === 'OKX' ? ('OKEX' as const) : venue,
      label: 'DMA' as const,
      exchangeUid: Number(portfolio.portfolioId.slice(-10)) * 10 + index + 1,
      accountNote: portfolio.name,
    })),
  );
  return [funding, ...venueRows];
}

const AssetInfoSchema = Strict({
  currency: Coin,
  totalBalance: Decimal({ description: 'available + frozen.' }),
  available: Decimal(),
  withdrawAvailable: Decimal({ description: 'What a withdrawal or transfer may take now: available.' }),
  frozen: Decimal({ description: 'Held by withdrawals on their way.' }),
  valueUsdt: Decimal({ description: 'totalBalance × index price.' }),
});

export const FundingAccountInfoSchema = Strict(
  {
    accountId: LongId('The funding account’s id.'),
    accountNote: Type.String(),
    venues: StringEnum([FUNDING_VENUE]),
    accountType: StringEnum(['FUNDING']),
    totalUsdt: Decimal({ description: 'Σ valueUsdt.' }),
    assetInfo: Type.Array(AssetInfoSchema),
  },
  { title: 'Funding account' },
);

/** GET /asset/getAccountCurrencyInfo: the funding account's coins, in name order, valued at the index of now. */
export function fundingAccountInfo(accountId: string, balances: ReadonlyMap<string, Balance>, indexPrice: (coin: string) => Price): Static<typeof FundingAccountInfoSchema> {
  const coins = [...balances.keys()].sort();
  const assetInfo = coins.map((currency) => {
    const balance = balances.get(currency)!;
    const total = add(balance.available, balance.frozen);
    return { currency, total, row: { currency, totalBalance: formatFixed(total), available: formatFixed(balance.available), withdrawAvailable: formatFixed(balance.available), frozen: formatFixed(balance.frozen), valueUsdt: formatFixed(mul(total, indexPrice(currency))) } };
  });
  const totalUsdt = sum(assetInfo.map(({ currency, total }) => mul(total, indexPrice(currency))));
  return { accountId: Number(accountId), accountNote: '', venues: FUNDING_VENUE, accountType: 'FUNDING', totalUsdt: formatFixed(totalUsdt), assetInfo: assetInfo.map(({ row }) => row) };
}

export const TransferAppliedSchema = Strict({ transferId: LongId('The transfer.'), clientOrderId: Type.String({ description: 'The requestId (or clientOrderId) sent; "" without one.' }) });

const TransferFields = {
  transferId: LongId('The transfer.'),
  currency: Coin,
  amount: DecimalNumber({ description: 'Taken from the source.' }),
  network: Type.String({ description: '"" unless it travelled on a chain.' }),
  txId: Type.String(),
  amountReceived: DecimalNumber({ description: 'amount − networkFee: what the target received (or will).' }),
  networkFee: DecimalNumber(),
  fromTradeAccountId: LongId('Source account id (trade-account list).'),
  toTradeAccountId: LongId('Target account id.'),
  fromAccountType: AccountType('BINANCE / OKX for a portfolio, FUNDING for the funding account.'),
  toAccountType: AccountType('Same, for the target.'),
  status: IntegerEnum([0, 1, 2] as const, { description: '0 in progress, 1 succeeded, 2 failed.' }),
  reason: Type.String(),
};

export const TransferSchema = Strict({ ...TransferFields, clientOrderId: Type.String(), createdAt: MsNumber() }, { title: 'Transfer' });
export const TransferListRowSchema = Strict({ ...TransferFields, createAt: MsNumber() }, { title: 'Transfer row' });

function transferFields(movement: Movement) {
  return {
    transferId: Number(movement.id),
    currency: movement.coin,
    amount: decimalNumber(movement.amount),
    network: movement.network,
    txId: movement.txId,
    amountReceived: decimalNumber(amountReceived(movement)),
    networkFee: decimalNumber(movement.networkFee),
    fromTradeAccountId: Number(accountIdOf(movement.from)),
    toTradeAccountId: Number(accountIdOf(movement.to)),
    fromAccountType: sideType(movement.from),
    toAccountType: sideType(movement.to),
    status: transferStatus(movement.stage),
    reason: movement.reason,
  };
}

function sideType(ref: AccountRef | null): (typeof ACCOUNT_TYPES)[number] {
  return accountTypeOf(ref) as VenueName | 'FUNDING';
}

export function transferView(movement: Movement): Static<typeof TransferSchema> {
  return { ...transferFields(movement), clientOrderId: movement.requestId, createdAt: movement.createAt };
}

export function transferListRow(movement: Movement): Static<typeof TransferListRowSchema> {
  return { ...transferFields(movement), createAt: movement.createAt };
}

export const BillRowSchema = Strict(
  {
    id: LongId('The transfer, deposit or withdrawal.'),
    currency: Coin,
    clientOrderId: Nullable(Type.String()),
    amount: DecimalNumber(),
    amountReceived: DecimalNumber(),
    networkFee: DecimalNumber(),
    network: Type.String(),
    txId: Type.String(),
    fromTradeAccountId: Nullable(LongId('null for a deposit (it comes from outside).')),
    toTradeAccountId: Nullable(LongId('null for a withdrawal.')),
    fromAccountType: Nullable(AccountType('null for a deposit.')),
    toAccountType: Nullable(AccountType('null for a withdrawal.')),
    status: IntegerEnum([0, 1, 2] as const, { description: '0 pending, 1 succeeded, 2 failed.' }),
    type: IntegerEnum([0, 1, 2] as const, { description: '0 deposit, 1 transfer, 2 withdrawal.' }),
    createdAt: MsNumber(),
  },
  { title: 'Bill' },
);

export function billRow(movement: Movement): Static<typeof BillRowSchema> {
  return {
    id: Number(movement.id),
    currency: movement.coin,
    clientOrderId: movement.requestId === '' ? null : movement.requestId,
    amount: decimalNumber(movement.amount),
    amountReceived: decimalNumber(amountReceived(movement)),
    networkFee: decimalNumber(movement.networkFee),
    network: movement.network,
    txId: movement.txId,
    fromTradeAccountId: movement.from ? Number(accountIdOf(movement.from)) : null,
    toTradeAccountId: movement.to ? Number(accountIdOf(movement.to)) : null,
    fromAccountType: movement.from ? sideType(movement.from) : null,
    toAccountType: movement.to ? sideType(movement.to) : null,
    status: transferStatus(movement.stage),
    type: billType(movement.kind),
    createdAt: movement.createAt,
  };
}

export const DepositAddressSchema = Strict(
  {
    id: LongId('The address’s id.'),
    currency: Coin,
    network: Type.String({ examples: ['TRC20'] }),
    address: Type.String(),
    createdAt: MsNumber(),
    minimum: Decimal({ description: 'The smallest deposit credited.' }),
    accountType: AccountType('Where a deposit to it lands now: FUNDING, or the venue set by POST /api/v1/deposit/exchange.'),
  },
  { title: 'Deposit address' },
);

export const DepositRowSchema = Strict(
  {
    id: LongId('The deposit.'),
    accountId: LongId('The account it lands in.'),
    accountType: AccountType('FUNDING or the venue of the portfolio it lands in.'),
    currency: Coin,
    network: Type.String(),
    address: Type.String(),
    amount: DecimalNumber(),
    status: IntegerEnum([2, 3, 4] as const, { description: '2 executing (confirming), 3 succeeded, 4 failed.' }),
    txId: Type.String(),
    info: Type.String(),
    applyTime: MsNumber(),
    rapidTransfer: Type.Boolean(),
  },
  { title: 'Deposit' },
);

export function depositRow(movement: Movement): Static<typeof DepositRowSchema> {
  return {
    id: Number(movement.id),
    accountId: Number(accountIdOf(movement.to)),
    accountType: sideType(movement.to),
    currency: movement.coin,
    network: movement.network,
    address: movement.address,
    amount: decimalNumber(movement.amount),
    status: depositStatus(movement.stage),
    txId: movement.txId,
    info: movement.reason,
    applyTime: movement.createAt,
    rapidTransfer: false,
  };
}

export const WithdrawAppliedSchema = Strict({ withdrawId: LongId('The withdrawal.'), clientOrderId: Type.String() });

export const WithdrawRowSchema = Strict(
  {
    Id: LongId('The withdrawal (capital I as the reference documents it).'),
    accountId: LongId('The account it leaves.'),
    fromAccountType: AccountType('BINANCE / OKX for a portfolio, FUNDING for the funding account.'),
    currency: Coin,
    network: Type.String(),
    memo: Type.String(),
    address: Type.String(),
    AddressTag: Type.String(),
    amount: DecimalNumber({ description: 'Taken from the account.' }),
    networkFee: DecimalNumber({ description: 'Kept by the venue out of amount.' }),
    amountReceived: DecimalNumber({ description: 'amount − networkFee: what the address receives.' }),
    status: IntegerEnum([1, 2, 3, 4, 5] as const, { description: '1 not approved, 2 approved (on its way), 3 executed, 4 execution failed, 5 approval rejected.' }),
    txId: Type.String({ description: '"" until approved.' }),
    txId2: Type.String(),
    info: Type.String({ description: 'Why it failed.' }),
    applyTime: MsNumber(),
    clientOrderId: Type.String(),
  },
  { title: 'Withdrawal' },
);

export function withdrawRow(movement: Movement): Static<typeof WithdrawRowSchema> {
  return {
    Id: Number(movement.id),
    accountId: Number(accountIdOf(movement.from)),
    fromAccountType: sideType(movement.from),
    currency: movement.coin,
    network: movement.network,
    memo: '',
    address: movement.address,
    AddressTag: '',
    amount: decimalNumber(movement.amount),
    networkFee: decimalNumber(movement.networkFee),
    amountReceived: decimalNumber(amountReceived(movement)),
    status: withdrawalStatus(movement.stage),
    txId: movement.txId,
    txId2: movement.txId,
    info: movement.reason,
    applyTime: movement.createAt,
    clientOrderId: movement.requestId,
  };
}
