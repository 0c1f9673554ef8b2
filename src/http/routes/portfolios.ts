/** Trading portfolios of the primary user (connex-api.md §4.5). */
import { Type } from '@sinclair/typebox';
import { SIXTEEN_DIGITS } from '../../domain/ids.ts';
import { integer, page, text } from '../../wire/field-spec.ts';
import { paged } from '../../wire/fields.ts';
import type { Router } from '../router.ts';
import { PortfolioRowSchema, portfolioRow } from '../../views/portfolio.ts';
import { Id16, Paged, Strict } from '../../views/schema.ts';
import { MAIN_PORTFOLIO, TRADING_PORTFOLIO } from '../../domain/identity/index.ts';

export function portfolioRoutes(router: Router): void {
  const routes = router.group('Portfolios', 'Trading portfolios of the primary user (connex-api.md §4.5).');

  routes.add({
    method: 'POST',
    url: '/api/v1/trading/portfolio',
    summary: 'Create a trading portfolio',
    permission: 'TRADE',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    fields: {
      name: text({ missing: 402000, description: '6 to 20 letters and digits, not digits only; unique among the user’s portfolios.', example: 'Arbitrage01' }),
    },
    response: Strict({ portfolioId: Id16(), name: Type.String() }, { title: 'Portfolio created' }),
    codes: [402004, 400000, 402001, 402007, 400011],
    async handle({ values, caller, gateway }) {
      const { portfolio } = await gateway.submit('createPortfolio', { userId: caller.user.userId, name: values.name });
      return { portfolioId: portfolio.portfolioId, name: portfolio.name };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/portfolio',
    summary: 'The user’s portfolios',
    permission: 'READ',
    scope: 'primary',
    rateGroup: 'portfolioManage',
    fields: {
      portfolioId: text({ pattern: SIXTEEN_DIGITS, invalid: 401000, description: 'Only this portfolio (one of the user’s).' }),
      name: text({ maxLength: 64, description: 'Only the portfolio of this name.' }),
      belongingTo: integer({ values: [MAIN_PORTFOLIO, TRADING_PORTFOLIO], description: `${MAIN_PORTFOLIO}: the MainPortfolio, ${TRADING_PORTFOLIO}: trading portfolios.` }),
      page: page(100, 1000),
    },
    response: Paged(PortfolioRowSchema),
    codes: [402006, 402003, 400003],
    handle({ values: { portfolioId, name, belongingTo, page }, caller, gateway }) {
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
