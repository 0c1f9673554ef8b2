/** Algo orders as the API shows them (connex-api.md §4.10, §5.5): strings, ms times, "" for a leg not set. */
import { Type, type Static } from '@sinclair/typebox';
import { ALGO_ORDER_TYPES, ALGO_STATES, CONDITION_TYPES, legOf, TRIGGER_TYPES, type AlgoOrder, type Schedule } from '../domain/algo/index.ts';
import { baseQty, type Instrument } from '../domain/instrument.ts';
import { BUSINESS_TYPES, SIDES, VENUES } from '../domain/market.ts';
import { formatFixed, ZERO } from '../domain/money.ts';
import { POSITION_SIDES } from '../domain/orders/index.ts';
import { averagePrice, legFields } from './order.ts';
import { Decimal, Id16, MsText, StringEnum, Strict } from './schema.ts';

const OPTIONAL_DECIMAL = Type.Union([Decimal(), Type.Literal('')], { description: '"" when the leg is not set.' });
const OPTIONAL_TRIGGER_TYPE = Type.Union([StringEnum(TRIGGER_TYPES), Type.Literal('')]);

export const AlgoViewSchema = Strict(
  {
    portfolioId: Id16(),
    algoOrderId: Id16(),
    algoOrderType: StringEnum(ALGO_ORDER_TYPES),
    clientOrderId: Type.String({ examples: ['sl1'] }),
    sym: Type.String({ examples: ['BINANCE_PERP_BTC_USDT'] }),
    exchangeType: StringEnum(VENUES),
    businessType: StringEnum(BUSINESS_TYPES),
    side: StringEnum(SIDES),
    limitPrice: Decimal({ description: 'TPSL: the fired leg’s child price; TWAP / VWAP: the slices’ limit price. 0 = MARKET.' }),
    orderQty: Decimal({ description: '0 for ENTIRE_CLOSE_POSITION (the whole position when it fires).' }),
    positionSide: StringEnum(POSITION_SIDES),
    reduceOnly: StringEnum(['true', 'false'] as const),
    orderState: StringEnum(ALGO_STATES),
    reason: Type.String(),
    executedQty: Decimal(),
    executedAmount: Decimal(),
    executedAvgPrice: Decimal(),
    createAt: MsText(),
    updateAt: MsText(),
    conditionType: Type.Union([StringEnum(CONDITION_TYPES), Type.Literal('')], { description: '"" for TWAP / VWAP.' }),
    conditionalTriggerPrice: OPTIONAL_DECIMAL,
    conditionalTriggerPriceType: OPTIONAL_TRIGGER_TYPE,
    conditionalPrice: OPTIONAL_DECIMAL,
    attachedOrderId: Type.String({ description: 'ATTACHED_TPSL: the order it closes what it opens of; "" for a TPSL.' }),
    tpTriggerPrice: OPTIONAL_DECIMAL,
    tpTriggerType: OPTIONAL_TRIGGER_TYPE,
    tpPrice: OPTIONAL_DECIMAL,
    slTriggerPrice: OPTIONAL_DECIMAL,
    slTriggerType: OPTIONAL_TRIGGER_TYPE,
    slPrice: OPTIONAL_DECIMAL,
    algoProvider: Type.String({ description: 'TWAP / VWAP: the provider that slices it; "" for the others.', examples: ['OPENCONNEX'] }),
    startTime: Type.String({ description: 'TWAP / VWAP: when the first slice is due (ms, venue time); "" for the others.' }),
    endTime: Type.String({ description: 'TWAP / VWAP: when what is unfilled expires (ms, venue time); "" for the others.' }),
    interval: Type.String({ description: 'TWAP / VWAP: ms between slices; "" for the others.' }),
  },
  { title: 'AlgoOrder' },
);
export type AlgoView = Static<typeof AlgoViewSchema>;

export const AlgoAnswerSchema = Strict({ algoOrderId: Id16(), clientOrderId: Type.String() });
/** A cancel's answer also names the order an ATTACHED_TPSL belongs to ('' for the other types; connex-api.md §4.10). */
export const CancelAlgoAnswerSchema = Strict({ algoOrderId: Id16(), orderId: Type.String(), clientOrderId: Type.String() });

function scheduleFields(schedule: Schedule | undefined): Pick<AlgoView, 'algoProvider' | 'startTime' | 'endTime' | 'interval'> {
  if (!schedule) return { algoProvider: '', startTime: '', endTime: '', interval: '' };
  return { algoProvider: schedule.provider, startTime: String(schedule.startTime), endTime: String(schedule.endTime), interval: String(schedule.interval) };
}

export function algoView(algo: AlgoOrder, instrument: Pick<Instrument, 'contractSize'>): AlgoView {
  const [conditionalTriggerPrice, conditionalTriggerPriceType, conditionalPrice] = legFields(algo.conditional);
  const [tpTriggerPrice, tpTriggerType, tpPrice] = legFields(algo.tp);
  const [slTriggerPrice, slTriggerType, slPrice] = legFields(algo.sl);
  const fired = algo.fired === null ? null : legOf(algo, algo.fired);
  return {
    portfolioId: algo.portfolioId,
    algoOrderId: algo.algoOrderId,
    algoOrderType: algo.algoOrderType,
    clientOrderId: algo.clientOrderId,
    sym: algo.sym,
    exchangeType: algo.venue,
    businessType: algo.business,
    side: algo.side,
    limitPrice: formatFixed(algo.schedule?.limitPrice ?? fired?.price ?? ZERO),
    orderQty: formatFixed(algo.orderQty),
    positionSide: algo.positionSide,
    reduceOnly: algo.reduceOnly ? 'true' : 'false',
    orderState: algo.state,
    reason: algo.reason,
    executedQty: formatFixed(algo.executedQty),
    executedAmount: formatFixed(algo.executedAmount),
    executedAvgPrice: averagePrice(algo.executedAmount, baseQty(instrument, algo.executedQty)),
    createAt: String(algo.createAt),
    updateAt: String(algo.updateAt),
    conditionType: algo.conditionType ?? '',
    conditionalTriggerPrice,
    conditionalTriggerPriceType,
    conditionalPrice,
    attachedOrderId: algo.attachedOrderId ?? '',
    tpTriggerPrice,
    tpTriggerType,
    tpPrice,
    slTriggerPrice,
    slTriggerType,
    slPrice,
    ...scheduleFields(algo.schedule),
  };
}
