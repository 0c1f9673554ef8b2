/** Balances and the unified margin account (connex-api.md §4.4): portfolio assets, assets of all portfolios, account overview. */
import { Type } from '@sinclair/typebox';
import { oneOf, page } from '../../wire/field-spec.ts';
import { paged } from '../../wire/fields.ts';
import type { Gateway } from '../gateway.ts';
import type { Router } from '../router.ts';
import { AccountRowSchema, accountRow, AssetRowSchema, AssetsByPortfolioSchema, assetRows, assetRowsByPortfolio, type AccountOf } from '../../views/assets.ts';
import { Paged } from '../../views/schema.ts';
import { VENUES } from '../../domain/market.ts';

function accounts(gateway: Gateway): AccountOf {
  return (portfolioId, venue) => gateway.reads.marginAccount(portfolioId, venue);
}

export function assetRoutes(router: Router): void {
  const routes = router.group('Assets', 'Balances and the unified margin account, from engine memory at the marks of now (connex-api.md §4.4, decisions L1–L3).');

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/portfolio/assets',
    summary: 'A portfolio’s balances: one row per coin per venue',
    description: 'Each coin valued as collateral within its venue’s unified margin account: upnl and perpMargin of the positions settled in the coin, and maxTransferable (connex-api.md §4.4).',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'portfolioAssets',
    acting: true,
    fields: { exchangeType: oneOf(VENUES, { invalid: 401023, description: 'Only this venue.' }), page: page(1000, 1000) },
    response: Paged(AssetRowSchema),
    codes: [400003],
    handle(call) {
      const { exchangeType, page } = call.values;
      const rows = assetRows(call.portfolio(), exchangeType ? [exchangeType] : VENUES, accounts(call.gateway));
      return paged(rows, page, (row) => row);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/user/asset',
    summary: 'The balances of every portfolio the key sees',
    description: 'A primary key sees every portfolio of its user (one never funded: []), a portfolio key its own (decisions L11).',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'portfolioAssets',
    fields: {},
    response: AssetsByPortfolioSchema,
    handle({ caller, gateway }) {
      const portfolios = caller.key.primary ? gateway.reads.portfoliosOf(caller.user.userId) : [caller.portfolio];
      return assetRowsByPortfolio(portfolios, accounts(gateway));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/account',
    summary: 'A portfolio’s unified margin account on each venue, valued in USDT',
    description:
      'One row per venue (decisions L1–L3): collateral (marginValue), positions at their marks (positionValue, upnl, perpMargin, maintainMargin), ' +
      'what open orders hold (frozenMargin, openLossMargin), uniMMR = validMargin / maintainMargin and the status it gives, and the position mode.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'accountRead',
    acting: true,
    fields: {},
    response: Type.Array(AccountRowSchema),
    handle(call) {
      const portfolio = call.portfolio();
      return VENUES.map((venue) => accountRow(call.gateway.reads.marginAccount(portfolio.portfolioId, venue), portfolio));
    },
  });
}
