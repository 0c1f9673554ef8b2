/** Balances (connex-api.md §4.4): portfolio assets, assets of all portfolios, account overview (spot). */
import { Type } from '@sinclair/typebox';
import { oneOf, page } from '../../wire/field-spec.ts';
import { paged } from '../../wire/fields.ts';
import type { Gateway } from '../gateway.ts';
import type { Router } from '../router.ts';
import { AssetRowSchema, AssetsByPortfolioSchema, assetRows, assetRowsByPortfolio, SpotAccountRowSchema, spotAccountRow, type IndexPrice } from '../../views/assets.ts';
import { Paged } from '../../views/schema.ts';
import { VENUES, type VenueName } from '../../domain/market.ts';

function indexPrices(gateway: Gateway): IndexPrice {
  return (_venue: VenueName, coin: string) => gateway.reads.indexPrice(coin);
}

export function assetRoutes(router: Router): void {
  const routes = router.group('Assets', 'Balances, from engine memory (connex-api.md §4.4).');

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/portfolio/assets',
    summary: 'A portfolio’s balances: one row per coin per venue',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'portfolioAssets',
    acting: true,
    fields: { exchangeType: oneOf(VENUES, { invalid: 401023, description: 'Only this venue.' }), page: page(1000, 1000) },
    response: Paged(AssetRowSchema),
    codes: [400003],
    handle(call) {
      const { exchangeType, page } = call.values;
      const rows = assetRows(call.portfolio(), exchangeType ? [exchangeType] : VENUES, indexPrices(call.gateway));
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
      return assetRowsByPortfolio(portfolios, indexPrices(gateway));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/account',
    summary: 'A portfolio’s account on each venue, valued in USDT',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'accountRead',
    acting: true,
    fields: {},
    response: Type.Array(SpotAccountRowSchema),
    handle(call) {
      const portfolio = call.portfolio();
      const prices = indexPrices(call.gateway);
      return VENUES.map((venue) => spotAccountRow(portfolio, call.caller.user.userId, venue, prices));
    },
  });
}
