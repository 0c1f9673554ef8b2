/** Trading portfolios of the primary user (connex-api.md §4.5). */
import { ApiError } from '../../catalogue/index.ts';
import { SIXTEEN_DIGITS } from '../../domain/ids.ts';
import { paged } from '../../wire/fields.ts';
import type { Router } from '../router.ts';
import { portfolioRow } from '../../views/portfolio.ts';
import { MAIN_PORTFOLIO, TRADING_PORTFOLIO } from '../../domain/identity/index.ts';

export function portfolioRoutes(router: Router): void {
  router.add({
    method: 'POST',
    url: '/api/v1/trading/portfolio',
    permission: 'TRADE',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    async handle({ fields, caller, gateway }) {
      const name = fields.text('name', { missing: 402000 });
      fields.done();
      const { portfolio } = await gateway.submit('createPortfolio', { userId: caller.user.userId, name });
      return { portfolioId: portfolio.portfolioId, name: portfolio.name };
    },
  });

  router.add({
    method: 'GET',
    url: '/api/v1/trading/portfolio',
    permission: 'READ',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    handle({ fields, caller, gateway }) {
      const portfolioId = fields.text('portfolioId', { pattern: SIXTEEN_DIGITS, invalid: 401000 });
      const name = fields.text('name', { maxLength: 64 });
      const belongingTo = fields.integer('belongingTo');
      if (belongingTo !== undefined && belongingTo !== MAIN_PORTFOLIO && belongingTo !== TRADING_PORTFOLIO) throw new ApiError(400000);
      const page = fields.page(100, 1000);
      fields.done();
      if (portfolioId !== undefined) gateway.reads.assertOwnPortfolio(caller.user.userId, portfolioId);
      const rows = gateway.reads.portfoliosOf(caller.user.userId).filter(
        (p) =>
          (portfolioId === undefined || p.portfolioId === portfolioId) &&
          (name === undefined || p.name === name) &&
          (belongingTo === undefined || p.belongingTo === belongingTo),
      );
      return paged(rows, page, portfolioRow);
    },
  });
}
