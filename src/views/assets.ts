/**
 * Balances and the unified margin account as the asset and account endpoints show them (connex-api.md
 * §4.4, decisions L1–L3): every figure comes from the account's margin view (engine reads), USD values
 * in USDT.
 */
import { Type, type Static } from '@sinclair/typebox';
import { add, formatFixed, max, mul, sum, ZERO, type Amount } from '../domain/money.ts';
import { maxTransferable } from '../domain/accounts/index.ts';
import { VENUES, type VenueName } from '../domain/market.ts';
import type { Portfolio } from '../domain/identity/index.ts';
import { ACCOUNT_STATUSES, POSITION_MODES } from '../domain/perp/index.ts';
import type { CoinCollateral, MarginAccount } from '../engine/reads.ts';
import { Decimal, Id16, MsNumber, MsText, StringEnum, Strict } from './schema.ts';

const UsdtValue = (description: string) => Decimal({ description: `${description} (USDT).` });

export const AssetRowSchema = Strict(
  {
    portfolioId: Id16(),
    coin: Type.String({ examples: ['USDT'] }),
    exchangeType: StringEnum(VENUES),
    balance: Decimal({ description: 'available + frozen.' }),
    available: Decimal({ examples: ['979980'] }),
    frozen: Decimal({ description: 'Held by open orders.', examples: ['20020'] }),
    equity: Decimal({ description: 'available + frozen − borrow − overdraw + upnl.' }),
    overdraw: Decimal({ description: 'What perp losses and fees took beyond available (a negative balance of the unified account).' }),
    borrow: Decimal(),
    debt: Decimal({ description: 'What is borrowed of the coin and still owed (interest is charged hourly as it accrues).' }),
    indexPrice: Decimal({ description: 'USDT per coin; 0 without a price.' }),
    marginValue: UsdtValue('Collateral value: (available + frozen − borrow − overdraw) × indexPrice × discount (a negative value in full); upnl counts in the account, not here'),
    virtualBorrow: Decimal(),
    debtMargin: UsdtValue('Maintenance margin of the debt: debt × indexPrice × the loan tier mmRate'),
    perpMargin: Decimal({ description: 'Initial margin of the positions settled in this coin (their quote coin).' }),
    upnl: Decimal({ description: 'Unrealized PnL at mark of the positions settled in this coin.' }),
    maxTransferable: Decimal({
      description:
        'max(min(available, availableMargin / (indexPrice × discount), (validMargin − 3 × maintainMargin) / (indexPrice × discount)), 0), ' +
        'with the account’s figures of GET /api/v1/trading/account; available alone for a coin without a price.',
    }),
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

export const AccountRowSchema = Strict(
  {
    portfolioId: Id16(),
    exchangeType: StringEnum(VENUES),
    equity: UsdtValue('Σ coin (available + frozen − borrow − overdraw) × indexPrice, + upnl'),
    maintainMargin: UsdtValue('Maintenance margin of the positions by their risk tiers (notional × mmRate − cum on BINANCE), plus debtMargin'),
    positionValue: UsdtValue('Σ |position| × contractSize × mark'),
    uniMMR: Decimal({ description: 'validMargin / maintainMargin (debtMargin included); 999999 without maintenance margin, and at most that.', examples: ['999999'] }),
    riskRatio: Decimal({ description: '1 / uniMMR, 4 decimals.' }),
    accountStatus: StringEnum(ACCOUNT_STATUSES, { description: 'By uniMMR (decisions L3): ≥ 1.5 NORMAL, < 1.5 MARGIN_CALL, < 1.25 CANCEL_OPEN, ≤ 1.05 LIQUIDATING; equity ≤ 0 TAKEOVER.' }),
    marginValue: UsdtValue('Collateral value: Σ coin equity × indexPrice × discount (GET /api/v1/trading/coin/discount)'),
    frozenMargin: UsdtValue('Initial margin held by open PERP orders, + the collateral value of what open spot orders froze'),
    perpMargin: UsdtValue('Initial margin of the positions: notional at mark / leverage'),
    debtMargin: UsdtValue('Maintenance margin of borrowed coins: Σ borrowed × indexPrice × the loan tier mmRate'),
    openLossMargin: UsdtValue('What open PERP limit orders would lose against the mark if they filled now'),
    validMargin: UsdtValue('marginValue + upnl'),
    availableMargin: UsdtValue('validMargin − perpMargin − frozenMargin − openLossMargin − debtMargin, shown at 0 when below: what new orders can still use'),
    upnl: UsdtValue('Unrealized PnL of the positions at mark'),
    positionMode: StringEnum(POSITION_MODES, { description: 'NET (one-way, the default) or BOTH (hedge), for the venue’s perps (decisions L5).' }),
    userId: Id16(),
    margin: UsdtValue('Same as perpMargin (the SDK’s field)'),
    perpAvailableMargin: UsdtValue('Same as availableMargin (the SDK’s field)'),
    updateAt: MsNumber({ description: 'Last change of a balance or a position of the account.' }),
  },
  { title: 'Account' },
);

/** The positions of the account settled in a coin: their uPnL and initial margin. */
function settledIn(account: MarginAccount, coin: string): { upnl: Amount; perpMargin: Amount } {
  const positions = account.positions.filter((risk) => risk.instrument.quote === coin);
  return { upnl: sum(positions.map((risk) => risk.upnl)), perpMargin: sum(positions.map((risk) => risk.initialMargin)) };
}

/** One coin of a venue account: its balance valued as collateral (`coin`) within the account it belongs to. */
export function assetRow(account: MarginAccount, coin: CoinCollateral): Static<typeof AssetRowSchema> {
  const { upnl, perpMargin } = settledIn(account, coin.coin);
  const { balance } = coin;
  const equity = add(coin.equity, upnl);
  return {
    portfolioId: account.portfolioId,
    coin: coin.coin,
    exchangeType: account.venue,
    balance: formatFixed(add(balance.available, balance.frozen)),
    available: formatFixed(balance.available),
    frozen: formatFixed(balance.frozen),
    equity: formatFixed(equity),
    overdraw: formatFixed(balance.overdraw),
    borrow: formatFixed(balance.borrowed),
    debt: formatFixed(balance.borrowed),
    indexPrice: formatFixed(coin.indexPrice),
    marginValue: formatFixed(coin.marginValue),
    virtualBorrow: '0',
    debtMargin: formatFixed(account.debtMargins.get(coin.coin) ?? ZERO),
    perpMargin: formatFixed(perpMargin),
    upnl: formatFixed(upnl),
    maxTransferable: formatFixed(maxTransferable(account, coin)),
    equityValue: formatFixed(mul(equity, coin.indexPrice)),
    createAt: String(balance.createAt),
    updateAt: String(balance.updateAt),
  };
}

/** The margin account of a portfolio on a venue, as the engine computes it now. */
export type AccountOf = (portfolioId: string, venue: VenueName) => MarginAccount;

/** One row per coin per venue account of the portfolio, coins in name order. */
export function assetRows(portfolio: Portfolio, venues: readonly VenueName[], accountOf: AccountOf) {
  return venues.flatMap((venue) => {
    const account = accountOf(portfolio.portfolioId, venue);
    return [...account.coins].sort((a, b) => (a.coin < b.coin ? -1 : a.coin > b.coin ? 1 : 0)).map((coin) => assetRow(account, coin));
  });
}

/** GET /user/asset (decisions L11): every portfolio's asset rows, keyed by its portfolioId. */
export function assetRowsByPortfolio(portfolios: readonly Portfolio[], accountOf: AccountOf): Static<typeof AssetsByPortfolioSchema> {
  return Object.fromEntries(portfolios.map((portfolio) => [portfolio.portfolioId, assetRows(portfolio, VENUES, accountOf)]));
}

/** GET /trading/account: the unified margin account of one venue; availableMargin is never shown below 0. */
export function accountRow(account: MarginAccount, portfolio: Portfolio): Static<typeof AccountRowSchema> {
  const available = formatFixed(max(account.availableMargin, ZERO));
  const perpMargin = formatFixed(account.perpMargin);
  const changes = [...account.coins.map((coin) => coin.balance.updateAt), ...account.positions.map((risk) => risk.position.updateAt)];
  return {
    portfolioId: account.portfolioId,
    exchangeType: account.venue,
    equity: formatFixed(account.equity),
    maintainMargin: formatFixed(account.maintainMargin),
    positionValue: formatFixed(account.positionValue),
    uniMMR: formatFixed(account.uniMmr),
    riskRatio: formatFixed(account.riskRatio),
    accountStatus: account.status,
    marginValue: formatFixed(account.marginValue),
    frozenMargin: formatFixed(account.frozenMargin),
    perpMargin,
    debtMargin: formatFixed(account.debtMargin),
    openLossMargin: formatFixed(account.openLossMargin),
    validMargin: formatFixed(account.validMargin),
    availableMargin: available,
    upnl: formatFixed(account.upnl),
    positionMode: account.positionMode,
    userId: portfolio.userId,
    margin: perpMargin,
    perpAvailableMargin: available,
    updateAt: Math.max(portfolio.createAt, ...changes),
  };
}
