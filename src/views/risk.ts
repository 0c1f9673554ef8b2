/**
 * Liquidation risk as the API shows it (decisions L8): a client's ADL ranks (`GET /api/v1/adl/rank`,
 * research-perps.md §1.5, §7.1) and the operator's overview of the insurance funds and the accounts at risk.
 */
import { Type, type Static } from '@sinclair/typebox';
import { VENUES } from '../domain/market.ts';
import { formatFixed } from '../domain/money.ts';
import { POSITION_SIDES } from '../domain/orders/index.ts';
import { ACCOUNT_STATUSES, type AccountStatus } from '../domain/perp/index.ts';
import type { AdlRank, InsuranceFund, MarginAccount } from '../engine/reads.ts';
import { Decimal, Id16, StringEnum, Strict } from './schema.ts';

export const AdlRanksSchema = Strict(
  {
    adlRanks: Type.Array(
      Strict(
        {
          sym: Type.String({ examples: ['BINANCE_PERP_BTC_USDT'] }),
          adlRank: Type.Integer({ minimum: 1, maximum: 5, description: 'Quintile of the position in the order ADL reduces its sym and direction: 5 first, 1 last.' }),
          positionId: Id16(),
          positionSide: StringEnum(POSITION_SIDES, { description: 'NONE in NET mode; LONG or SHORT in BOTH mode.' }),
        },
        { title: 'ADL rank' },
      ),
    ),
  },
  { title: 'ADL ranks' },
);

export function adlRanksView(ranks: readonly AdlRank[]): Static<typeof AdlRanksSchema> {
  return { adlRanks: ranks.map(({ position, adlRank }) => ({ sym: position.sym, adlRank, positionId: position.positionId, positionSide: position.positionSide })) };
}

export const RiskOverviewSchema = Strict(
  {
    insuranceFunds: Type.Array(Strict({ exchangeType: StringEnum(VENUES), coin: Type.String(), balance: Decimal() }, { title: 'Insurance fund' })),
    accountsAtRisk: Type.Array(
      Strict(
        {
          portfolioId: Id16(),
          exchangeType: StringEnum(VENUES),
          accountStatus: StringEnum(ACCOUNT_STATUSES, { description: 'As the last market tick found it.' }),
          uniMMR: Decimal({ description: 'At the marks of now, as the figures after it.' }),
          riskRatio: Decimal(),
          equity: Decimal(),
          maintainMargin: Decimal(),
        },
        { title: 'Account at risk' },
      ),
    ),
  },
  { title: 'Risk overview' },
);

export function riskOverview(funds: readonly InsuranceFund[], atRisk: readonly { status: AccountStatus; account: MarginAccount }[]): Static<typeof RiskOverviewSchema> {
  return {
    insuranceFunds: funds.map((fund) => ({ exchangeType: fund.venue, coin: fund.coin, balance: formatFixed(fund.balance) })),
    accountsAtRisk: atRisk.map(({ status, account }) => ({
      portfolioId: account.portfolioId,
      exchangeType: account.venue,
      accountStatus: status,
      uniMMR: formatFixed(account.uniMmr),
      riskRatio: formatFixed(account.riskRatio),
      equity: formatFixed(account.equity),
      maintainMargin: formatFixed(account.maintainMargin),
    })),
  };
}
