/** Risk reference data (connex-api.md §4.8, decisions L1, L2): position brackets of the perps and collateral discounts of the coins. */
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../catalogue/index.ts';
import { collateralDiscount } from '../../domain/accounts/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { EngineReads } from '../../engine/reads.ts';
import { BracketsBySymSchema, bracketRows, DiscountRowSchema, discountRow } from '../../views/risk-reference.ts';
import { check, text } from '../../wire/field-spec.ts';
import type { Call, Router } from '../router.ts';
import { PERP_FIELDS } from './market.ts';

/** Every coin a listed instrument trades, in name order. */
function listedCoins(reads: EngineReads): string[] {
  const coins = new Set<string>();
  for (const instrument of reads.market.instruments()) coins.add(instrument.base).add(instrument.quote);
  return [...coins].sort();
}

/** The coin named (one no instrument trades: 401035), else every listed coin. */
function coinsNamed(reads: EngineReads, coin: string | undefined): string[] {
  const listed = listedCoins(reads);
  if (coin === undefined) return listed;
  if (!listed.includes(coin)) throw new ApiError(401035);
  return [coin];
}

function brackets(reads: EngineReads, perps: readonly Instrument[]) {
  return Object.fromEntries(perps.map((instrument) => [instrument.sym, bracketRows(instrument, reads.riskTiers(instrument.sym), reads.market.markPrice(instrument))]));
}

export function riskReferenceRoutes(router: Router): void {
  const routes = router.group('Risk reference', 'Position brackets (risk tiers) of the perps and collateral discounts of the coins (connex-api.md §4.8, decisions L1, L2).');
  const bracketEndpoint = { method: 'GET', permission: 'READ', scope: 'any', rateGroup: 'positionBracket', fields: PERP_FIELDS, response: BracketsBySymSchema } as const;

  routes.add({
    ...bracketEndpoint,
    url: '/api/v1/trading/positionBracket',
    summary: 'Risk tiers of the perps, keyed by sym',
    description: 'Every PERP sym, or the one named: its tiers as the venue’s data files (dated) give them.',
    handle: ({ values: { perps }, gateway }) => brackets(gateway.reads, perps),
  });

  routes.add({
    ...bracketEndpoint,
    url: '/api/v1/trading/broker/positionBracket',
    summary: 'Risk tiers for the caller’s portfolio, keyed by sym',
    description:
      'The tiers of the caller’s portfolio (a primary key: its main portfolio; a portfolio key: its own). No portfolio has tiers of its own here, ' +
      'so they are those of GET /api/v1/trading/positionBracket.',
    handle: ({ values: { perps }, gateway }) => brackets(gateway.reads, perps),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/coin/discount',
    summary: 'Collateral discount of each coin',
    description: 'The share of a coin’s USD value that counts as collateral in the unified account (decisions L1): every coin the venues list, or the one named.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'marketReference',
    fields: {
      coin: text({ description: 'Only this coin.', example: 'BTC' }),
      coins: check([401035], 'the coin is one the venues list', ({ coin }: { coin?: string }, call: Call) => coinsNamed(call.gateway.reads, coin)),
    },
    response: Type.Array(DiscountRowSchema),
    handle: ({ values: { coins } }) => coins.map((coin) => discountRow(coin, collateralDiscount(coin))),
  });
}
