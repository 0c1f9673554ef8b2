/**
 * A portfolio's perp settings (connex-api.md §4.3, decisions L4, L5): leverage per sym, the highest
 * leverage an order allows, and the position mode per venue. Changes are engine commands; the engine
 * checks them against what the account holds.
 */
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../catalogue/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { SIDES, VENUES } from '../../domain/market.ts';
import { POSITION_MODES } from '../../domain/perp/index.ts';
import type { EngineReads } from '../../engine/reads.ts';
import { LeverageRowSchema, leverageRow, MaxLeverageSchema, maxLeverageView } from '../../views/perp-settings.ts';
import { Empty } from '../../views/schema.ts';
import { check, decimal, integer, oneOf, text } from '../../wire/field-spec.ts';
import { ACTING_CODES, ACTING_PORTFOLIO, actorOf, SYM_RULE } from '../../wire/order-requests.ts';
import type { Call, Router } from '../router.ts';
import { PERP_FIELDS } from './market.ts';

const PERP_SYM = text({ missing: 400009, ...SYM_RULE, description: 'A PERP sym.', example: 'BINANCE_PERP_BTC_USDT' });

/** The instrument of a BINANCE perp: the one endpoint that serves BINANCE perps only, so where an OKX perp meets 401095. */
function binancePerp(reads: EngineReads, sym: string): Instrument {
  const instrument = reads.instrument(sym);
  if (instrument.business !== 'PERP') throw new ApiError(401041);
  if (instrument.venue !== 'BINANCE') throw new ApiError(401095);
  return instrument;
}

const MAX_LEVERAGE_FIELDS = {
  sym: PERP_SYM,
  instrument: check([401011, 401041, 401095], 'the sym names a listed BINANCE PERP instrument', ({ sym }: { sym: string }, call: Call) => binancePerp(call.gateway.reads, sym)),
  side: oneOf(SIDES, { missing: 400009, invalid: 401002, example: 'BUY' }),
  limitPrice: decimal<'price'>({ missing: 400009, invalid: 401006, description: '0 for a market order (priced at the mark).', example: '0' }),
  orderQty: decimal<'qty'>({ missing: 400009, invalid: 401005, description: 'Base coin, above 0.', example: '0.5' }),
};

export function perpSettingsRoutes(router: Router): void {
  const routes = router.group('Perp settings', 'Leverage per PERP sym and position mode per venue (connex-api.md §4.3, decisions L4, L5).');

  routes.add({
    method: 'POST',
    url: '/api/v1/trading/position/leverage',
    summary: 'Set the leverage of a PERP sym',
    description:
      'Needed before the first order on the sym (401037). From 1 to the sym’s highest tier leverage (401034). A change must keep the open position ' +
      'within the notional cap of the new leverage (401060) and its added initial margin within availableMargin (401036).',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'leverage',
    fields: {
      portfolioId: ACTING_PORTFOLIO,
      sym: PERP_SYM,
      leverage: integer({ missing: 400009, invalid: 401033, min: 1, description: 'A positive integer.', example: '10' }),
    },
    response: Empty,
    codes: [...ACTING_CODES, 401011, 401041, 401034, 401118, 401060, 401036],
    async handle({ values: { portfolioId, sym, leverage }, caller, gateway }) {
      return gateway.submit('setLeverage', { actor: actorOf(portfolioId, caller), sym, leverage });
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/perp/leverage',
    summary: 'The leverages the portfolio set',
    description:
      'One row per PERP sym whose leverage the portfolio set, in sym order. A sym never set has no row (its first order would meet 401037): ' +
      'naming one answers [].',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'leverage',
    acting: true,
    fields: { ...PERP_FIELDS, exchange: oneOf(VENUES, { invalid: 401023, description: 'Only this venue’s syms.' }) },
    response: Type.Array(LeverageRowSchema),
    handle(call) {
      const { perps, exchange } = call.values;
      const named = new Set(perps.filter((instrument) => exchange === undefined || instrument.venue === exchange).map((instrument) => instrument.sym));
      return call.gateway.reads
        .leverages(call.portfolio().portfolioId)
        .filter((row) => named.has(row.sym))
        .map(leverageRow);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/perp/maxLeverage',
    summary: 'The highest leverage an order would allow (BINANCE perps)',
    description:
      'The highest leverage at which the position in the order’s direction (NET: the sym’s position; BOTH: LONG for BUY, SHORT for SELL) plus ' +
      'the order stays within the tier caps (decisions L4), its notional at the higher of limitPrice and the mark, as order entry counts it. ' +
      'Open orders are not counted. Beyond the largest tier at any leverage: 401070. An OKX perp: 401095.',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'maxLeverage',
    acting: true,
    fields: MAX_LEVERAGE_FIELDS,
    response: MaxLeverageSchema,
    codes: [401006, 401005, 401070],
    handle(call) {
      const { instrument, side, limitPrice, orderQty } = call.values;
      if (limitPrice < 0n) throw new ApiError(401006);
      if (orderQty <= 0n) throw new ApiError(401005);
      const maxLeverage = call.gateway.reads.maxLeverage(call.portfolio().portfolioId, instrument, side, orderQty, limitPrice);
      if (maxLeverage === 0) throw new ApiError(401070);
      return maxLeverageView(instrument.sym, maxLeverage, call.now());
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/trading/account',
    summary: 'Set the position mode of a venue’s perps',
    description:
      'NET (one-way) or BOTH (hedge), for every PERP sym of the venue (decisions L5). Refused while the account has open PERP orders (401089) ' +
      'or positions (401090) on that venue, or is restricted by the operator (401103).',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'positionMode',
    fields: {
      portfolioId: ACTING_PORTFOLIO,
      exchangeType: oneOf(VENUES, { missing: 400009, invalid: 401023, example: 'BINANCE' }),
      positionMode: oneOf(POSITION_MODES, { missing: 400009, invalid: 401088, example: 'BOTH' }),
    },
    response: Empty,
    codes: [...ACTING_CODES, 401103, 401094, 401089, 401090],
    async handle({ values: { portfolioId, exchangeType, positionMode }, caller, gateway }) {
      return gateway.submit('setPositionMode', { actor: actorOf(portfolioId, caller), venue: exchangeType, positionMode });
    },
  });
}
