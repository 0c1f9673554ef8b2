/**
 * Fee schedules and broker fee records on the wire (connex-api.md §4.9). Rates are decimal fractions of the
 * notional ("0.001" = 10 bp); amounts are decimal strings; ids and times as the other trading objects have them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { BROKER_FEE, FEE_INST_TYPES, FEE_LEVEL, formatEffDate, type BrokerFee, type FeeSchedule } from '../domain/broker/index.ts';
import { BUSINESS_TYPES, VENUES } from '../domain/market.ts';
import { formatFixed } from '../domain/money.ts';
import type { PortfolioFeeRate } from '../engine/reads.ts';
import { Decimal, Id16, MsNumber, StringEnum, Strict } from './schema.ts';

const FeeGroupSchema = Strict(
  {
    groupName: Type.String({ description: 'A, B, C… in the order the venue lists its syms.', examples: ['A'] }),
    takerFee: Decimal({ description: 'Taker rate, a fraction of the notional.' }),
    makerFee: Decimal({ description: 'Maker rate, a fraction of the notional.' }),
    symList: Type.Array(Type.String(), { description: 'The syms charged these rates.' }),
  },
  { title: 'Fee group' },
);

function groupList(schedule: FeeSchedule): Static<typeof FeeGroupSchema>[] {
  return schedule.groups.map((g) => ({ groupName: g.groupName, takerFee: formatFixed(g.takerFee), makerFee: formatFixed(g.makerFee), symList: g.syms }));
}

const Level = Type.String({ description: `The venue fee tier; the venues here have one (${FEE_LEVEL}).`, examples: [FEE_LEVEL] });

export const UserFeeRateRowSchema = Strict(
  {
    exchangeType: StringEnum(VENUES),
    businessType: StringEnum(BUSINESS_TYPES),
    takerFeeRate: Decimal({ description: 'Of group A (the default group).' }),
    makerFeeRate: Decimal({ description: 'Of group A (the default group).' }),
    level: Level,
    groupList: Type.Array(FeeGroupSchema),
  },
  { title: 'Venue fee schedule' },
);

export function userFeeRateRow(schedule: FeeSchedule): Static<typeof UserFeeRateRowSchema> {
  const [main] = schedule.groups;
  return {
    exchangeType: schedule.venue,
    businessType: schedule.business,
    takerFeeRate: formatFixed(main.takerFee),
    makerFeeRate: formatFixed(main.makerFee),
    level: FEE_LEVEL,
    groupList: groupList(schedule),
  };
}

export const BrokerFeeRateRowSchema = Strict(
  {
    portfolioId: Id16(),
    exchange: StringEnum(VENUES),
    instType: StringEnum(FEE_INST_TYPES),
    effDate: Type.String({ pattern: '^[0-9]{8}$', description: 'yyyyMMdd (UTC) of effTime.', examples: ['20241030'] }),
    effTime: MsNumber({ description: 'Venue time from which these rates apply (a mark-up set without effDate: the next full hour).' }),
    maker: Decimal({ description: 'Deprecated: the maker rate of group A.' }),
    taker: Decimal({ description: 'Deprecated: the taker rate of group A.' }),
    level: Level,
    groupList: Type.Array(FeeGroupSchema),
  },
  { title: 'Portfolio fee rate' },
);

export function brokerFeeRateRow(rate: PortfolioFeeRate): Static<typeof BrokerFeeRateRowSchema> {
  const [main] = rate.schedule.groups;
  return {
    portfolioId: rate.portfolioId,
    exchange: rate.venue,
    instType: rate.instType,
    effDate: formatEffDate(rate.effAt),
    effTime: rate.effAt,
    maker: formatFixed(main.makerFee),
    taker: formatFixed(main.takerFee),
    level: FEE_LEVEL,
    groupList: groupList(rate.schedule),
  };
}

export const ClearingStatementRowSchema = Strict(
  {
    id: Type.String({ description: 'The collection’s id (the fill’s transactionId).' }),
    portfolioId: Id16({ description: 'The sub-portfolio whose fill paid the mark-up.' }),
    userId: Type.String(),
    exchangeType: StringEnum(VENUES),
    businessType: StringEnum(BUSINESS_TYPES),
    transactionId: Type.String({ description: 'The fill (execution).' }),
    statementFlowType: StringEnum([BROKER_FEE] as const),
    coin: Type.String({ examples: ['USDT'] }),
    amount: Decimal({ description: 'The mark-up cleared from the sub-portfolio to the main portfolio.' }),
    createAt: MsNumber(),
    updateAt: MsNumber(),
  },
  { title: 'Broker clearing statement row' },
);

export function clearingStatementRow(fee: BrokerFee): Static<typeof ClearingStatementRowSchema> {
  return {
    id: fee.transactionId,
    portfolioId: fee.subPortfolioId,
    userId: fee.userId,
    exchangeType: fee.venue,
    businessType: fee.business,
    transactionId: fee.transactionId,
    statementFlowType: BROKER_FEE,
    coin: fee.coin,
    amount: formatFixed(fee.amount),
    createAt: fee.createAt,
    updateAt: fee.createAt,
  };
}

export const CollectionRecordRowSchema = Strict(
  {
    userId: Type.String(),
    portfolioId: Id16({ description: 'The main portfolio that collected it.' }),
    subPortfolioId: Id16(),
    exchangeType: StringEnum(VENUES),
    businessType: StringEnum(BUSINESS_TYPES),
    transactionId: Type.String({ description: 'The fill (execution) whose mark-up it is.' }),
    coin: Type.String({ examples: ['USDT'] }),
    amount: Decimal(),
    status: StringEnum(['SUCCESS'] as const, { description: 'Collected in the command that settled the fill.' }),
    createdAt: MsNumber(),
  },
  { title: 'Broker fee collection' },
);

export function collectionRecordRow(fee: BrokerFee): Static<typeof CollectionRecordRowSchema> {
  return {
    userId: fee.userId,
    portfolioId: fee.portfolioId,
    subPortfolioId: fee.subPortfolioId,
    exchangeType: fee.venue,
    businessType: fee.business,
    transactionId: fee.transactionId,
    coin: fee.coin,
    amount: formatFixed(fee.amount),
    status: 'SUCCESS',
    createdAt: fee.createAt,
  };
}
