/**
 * Spot balances as the asset and account endpoints show them (connex-api.md §4.4). Spot holds no
 * positions or loans: equity = available + frozen, and the margin fields are their USDT value.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Balance } from '../domain/accounts/index.ts';
import { add, formatFixed, mul, ZERO, type Amount, type Price } from '../domain/money.ts';
import { VENUES, type VenueName } from '../domain/market.ts';
import type { Portfolio } from '../domain/identity/index.ts';
import { Decimal, Id16, MsNumber, MsText, StringEnum, Strict } from './schema.ts';

const UsdtValue = (description: string) => Decimal({ description: `${description} (USDT).` });

export const AssetRowSchema = Strict(
  {
    portfolioId: Id16(),
    coin: Type.String({ examples: ['USDT'] }),
    exchangeType: StringEnum(VENUES),
    balance: Decimal(),
    available: Decimal({ examples: ['979980'] }),
    frozen: Decimal({ description: 'Held by open orders.', examples: ['20020'] }),
    equity: Decimal({ description: 'available + frozen.' }),
    overdraw: Decimal(),
    borrow: Decimal(),
    debt: Decimal(),
    indexPrice: Decimal({ description: 'USDT per coin; 0 without a price.' }),
    marginValue: UsdtValue('equity × indexPrice'),
    virtualBorrow: Decimal(),
    debtMargin: Decimal(),
    perpMargin: Decimal(),
    upnl: Decimal(),
    maxTransferable: Decimal(),
    equityValue: UsdtValue('equity × indexPrice'),
    createAt: MsText(),
    updateAt: MsText(),
  },
  { title: 'Asset' },
);

export const AssetsByPortfolioSchema = Type.Record(Type.String({ pattern: '^[0-9]{16}$' }), Type.Array(AssetRowSchema), {
  title: 'Assets by portfolio',
  description: 'The asset rows of each portfolio, keyed by portfolioId (decisions L11).',
});

export const SpotAccountRowSchema = Strict(
  {
    portfolioId: Id16(),
    userId: Id16(),
    exchangeType: StringEnum(VENUES),
    equity: UsdtValue('the account'),
    margin: Decimal(),
    marginValue: Decimal(),
    maintainMargin: Decimal(),
    positionValue: Decimal(),
    uniMMR: Decimal(),
    riskRatio: Decimal(),
    accountStatus: Type.Literal('NORMAL'),
    frozenMargin: UsdtValue('held by open orders'),
    perpMargin: Decimal(),
    debtMargin: Decimal(),
    openLossMargin: Decimal(),
    validMargin: Decimal(),
    availableMargin: UsdtValue('available'),
    perpAvailableMargin: Decimal(),
    upnl: Decimal(),
    positionMode: Type.Literal('NET'),
    updateAt: MsNumber(),
  },
  { title: 'Account' },
);

/** USDT value of one unit of a coin on a venue; 0 when the venue has no price for it. */
export type IndexPrice = (venue: VenueName, coin: string) => Price;

export function assetRow(portfolio: Portfolio, venue: VenueName, coin: string, balance: Balance, indexPrice: IndexPrice): Static<typeof AssetRowSchema> {
  const equity = add(balance.available, balance.frozen);
  const price = indexPrice(venue, coin);
  const value = formatFixed(mul(equity, price));
  return {
    portfolioId: portfolio.portfolioId,
    coin,
    exchangeType: venue,
    balance: formatFixed(equity),
    available: formatFixed(balance.available),
    frozen: formatFixed(balance.frozen),
    equity: formatFixed(equity),
    overdraw: '0',
    borrow: formatFixed(balance.borrowed),
    debt: '0',
    indexPrice: formatFixed(price),
    marginValue: value,
    virtualBorrow: '0',
    debtMargin: '0',
    perpMargin: '0',
    upnl: '0',
    maxTransferable: formatFixed(balance.available),
    equityValue: value,
    createAt: String(balance.createAt),
    updateAt: String(balance.updateAt),
  };
}

/** One row per coin per venue account of the portfolio, coins in name order. */
export function assetRows(portfolio: Portfolio, venues: readonly VenueName[], indexPrice: IndexPrice) {
  return venues.flatMap((venue) =>
    [...portfolio.accounts[venue].balances.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([coin, balance]) => assetRow(portfolio, venue, coin, balance, indexPrice)),
  );
}

/** GET /user/asset (decisions L11): every portfolio's asset rows, keyed by its portfolioId. */
export function assetRowsByPortfolio(portfolios: readonly Portfolio[], indexPrice: IndexPrice): Static<typeof AssetsByPortfolioSchema> {
  return Object.fromEntries(portfolios.map((portfolio) => [portfolio.portfolioId, assetRows(portfolio, VENUES, indexPrice)]));
}

/** GET /trading/account for a spot-only account: its value, what is free, what orders hold. */
export function spotAccountRow(portfolio: Portfolio, userId: string, venue: VenueName, indexPrice: IndexPrice): Static<typeof SpotAccountRowSchema> {
  let available: Amount = ZERO;
  let frozen: Amount = ZERO;
  let updateAt = portfolio.createAt;
  for (const [coin, balance] of portfolio.accounts[venue].balances) {
    const price = indexPrice(venue, coin);
    available = add(available, mul(balance.available, price));
    frozen = add(frozen, mul(balance.frozen, price));
    updateAt = Math.max(updateAt, balance.updateAt);
  }
  const equity = formatFixed(add(available, frozen));
  return {
    portfolioId: portfolio.portfolioId,
    userId,
    exchangeType: venue,
    equity,
    margin: equity,
    marginValue: equity,
    maintainMargin: '0',
    positionValue: '0',
    uniMMR: '999999',
    riskRatio: '0',
    accountStatus: 'NORMAL',
    frozenMargin: formatFixed(frozen),
    perpMargin: '0',
    debtMargin: '0',
    openLossMargin: '0',
    validMargin: equity,
    availableMargin: formatFixed(available),
    perpAvailableMargin: formatFixed(available),
    upnl: '0',
    positionMode: 'NET',
    updateAt,
  };
}
