/** ADL ranks of the caller's positions (connex-api.md §4.3; decisions L8; research-perps.md §1.5, §7.1). */
import { AdlRanksSchema, adlRanksView } from '../../views/risk.ts';
import { ACTING_CODES } from '../../wire/order-requests.ts';
import type { Router } from '../router.ts';
import { PERP_FIELDS } from './market.ts';

export function adlRoutes(router: Router): void {
  const routes = router.group('ADL', 'Auto-deleveraging: where the caller’s positions stand in the order ADL reduces them (decisions L8).');

  routes.add({
    method: 'GET',
    url: '/api/v1/adl/rank',
    summary: 'ADL rank of the caller’s positions',
    description:
      'For each open position (of the sym when named): its quintile among the positions of its sym held in the same direction, ranked as ADL ' +
      'reaches them when a liquidation on the other side is beyond what the insurance fund covers: PnL % × effective leverage in profit, PnL % / ' +
      'effective leverage at a loss (effective leverage = notional / the account’s equity). 5: reduced first.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'adlRank',
    acting: true,
    fields: PERP_FIELDS,
    response: AdlRanksSchema,
    codes: ACTING_CODES,
    handle(call) {
      const { sym, perps } = call.values;
      return adlRanksView(call.gateway.reads.adlRanks(call.portfolio().portfolioId, sym === undefined ? undefined : perps[0].sym));
    },
  });
}
