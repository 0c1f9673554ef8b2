/** Balances (connex-api.md §4.4): portfolio assets, assets of all portfolios, account overview (spot). */
import { paged } from '../../wire/fields.ts';
import type { Gateway } from '../gateway.ts';
import type { Router } from '../router.ts';
import { assetRows, assetRowsByPortfolio, spotAccountRow, type IndexPrice } from '../../views/assets.ts';
import { VENUES, type VenueName } from '../../domain/market.ts';

function indexPrices(gateway: Gateway): IndexPrice {
  return (_venue: VenueName, coin: string) => gateway.reads.indexPrice(coin);
}

export function assetRoutes(router: Router): void {
  router.add({
    method: 'GET',
    url: '/api/v1/trading/portfolio/assets',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'portfolioAssets',
    acting: true,
    handle(call) {
      const { fields, gateway } = call;
      const venue = fields.oneOf('exchangeType', VENUES, { invalid: 401023 });
      const page = fields.page(1000, 1000);
      fields.done();
      const rows = assetRows(call.portfolio(), venue ? [venue] : VENUES, indexPrices(gateway));
      return paged(rows, page, (row) => row);
    },
  });

  router.add({
    method: 'GET',
    url: '/api/v1/user/asset',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'portfolioAssets',
    handle({ fields, caller, gateway }) {
      fields.done();
      const portfolios = caller.key.primary ? gateway.reads.portfoliosOf(caller.user.userId) : [caller.portfolio];
      return assetRowsByPortfolio(portfolios, indexPrices(gateway));
    },
  });

  router.add({
    method: 'GET',
    url: '/api/v1/trading/account',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'accountRead',
    acting: true,
    handle(call) {
      const { fields, caller, gateway } = call;
      fields.done();
      const portfolio = call.portfolio();
      const prices = indexPrices(gateway);
      return VENUES.map((venue) => spotAccountRow(portfolio, caller.user.userId, venue, prices));
    },
  });
}
