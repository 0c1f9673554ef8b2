/** Balances (connex-api.md §4.4): portfolio assets, assets of all portfolios, account overview (spot). */
import { actingPortfolio } from '../../engine/trading/orders.ts';
import { isHousePortfolio } from '../../engine/trading/state.ts';
import { indexPriceOf } from '../../engine/venue-link/call-venue.ts';
import { paged } from '../../wire/fields.ts';
import { actorOf } from '../../wire/order-requests.ts';
import type { Gateway } from '../context.ts';
import type { Router } from '../router.ts';
import { assetRows, spotAccountRow, type IndexPrice } from '../../views/assets.ts';
import { VENUES, type VenueName } from '../../domain/market.ts';

function indexPrices(gateway: Gateway): IndexPrice {
  const state = gateway.state();
  return (venue: VenueName, coin: string) => indexPriceOf(state, venue, coin);
}

export function assetRoutes(router: Router): void {
  router.add({
    method: 'GET',
    url: '/api/v1/trading/portfolio/assets',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'portfolioAssets',
    handle({ fields, caller, gateway }) {
      const actor = actorOf(fields, caller);
      const venue = fields.oneOf('exchangeType', VENUES, { invalid: 401023 });
      const page = fields.page(1000, 1000);
      fields.done();
      const portfolio = actingPortfolio(gateway.state(), actor);
      const rows = assetRows(portfolio, venue ? [venue] : VENUES, indexPrices(gateway));
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
      const state = gateway.state();
      const portfolios = caller.key.primary
        ? [...state.portfolios.values()].filter((p) => p.userId === caller.user.userId && !isHousePortfolio(state.trading, p.portfolioId))
        : [caller.portfolio];
      const prices = indexPrices(gateway);
      return portfolios.flatMap((portfolio) => assetRows(portfolio, VENUES, prices));
    },
  });

  router.add({
    method: 'GET',
    url: '/api/v1/trading/account',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'accountRead',
    handle({ fields, caller, gateway }) {
      const actor = actorOf(fields, caller);
      fields.done();
      const portfolio = actingPortfolio(gateway.state(), actor);
      const prices = indexPrices(gateway);
      return VENUES.map((venue) => spotAccountRow(portfolio, caller.user.userId, venue, prices));
    },
  });
}
