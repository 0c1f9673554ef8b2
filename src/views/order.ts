/** Orders and executions as the API shows them (connex-api.md §4.1.1, §4.2): strings, ms times. */
import { Type, type Static } from '@sinclair/typebox';
import type { AlgoOrder, Leg } from '../domain/algo/index.ts';
import { baseQty, type Instrument } from '../domain/instrument.ts';
import { BUSINESS_TYPES, EXCHANGE_ORDER_TYPES, SIDES, TIMES_IN_FORCE, VENUES } from '../domain/market.ts';
import { div, formatFixed, roundTo, ZERO, type Amount, type Fixed, type Qty } from '../domain/money.ts';
import { CANCEL_TYPES, LIQUIDITIES, ORDER_ACTIONS, ORDER_ORIGINS, ORDER_STATES, POSITION_SIDES, type Execution, type Order } from '../domain/orders/index.ts';
import type { Portfolio } from '../domain/identity/index.ts';
import { Decimal, Id16, MsText, Nullable, StringEnum, Strict } from './schema.ts';

export { ORDER_STATES };

const SYM = Type.String({ examples: ['BINANCE_SPOT_BTC_USDT'] });
/** Not used by spot orders yet: always the empty text. */
const UNUSED = Type.String();
/** The leg of the TP/SL attached to the order while that algo is open (decisions M2); "" otherwise. */
const ATTACHED = Type.String({ description: 'Its attached TP/SL while open (decisions M2); "" otherwise.' });

export const OrderViewSchema = Strict(
  {
    portfolioId: Id16(),
    portfolioName: Nullable(Type.String()),
    orderId: Id16(),
    clientOrderId: Type.String({ examples: ['bid1'] }),
    orderState: StringEnum(ORDER_STATES),
    sym: SYM,
    side: StringEnum(SIDES),
    exchangeOrderType: StringEnum(EXCHANGE_ORDER_TYPES),
    orderType: StringEnum(ORDER_ORIGINS, { description: "DMA: the client's own order." }),
    exchangeType: StringEnum(VENUES),
    businessType: StringEnum(BUSINESS_TYPES),
    orderQty: Decimal({ examples: ['0.5'] }),
    quoteOrderQty: Decimal(),
    limitPrice: Decimal({ examples: ['40000'] }),
    timeInForce: StringEnum(TIMES_IN_FORCE),
    executedQty: Decimal(),
    executedAmount: Decimal(),
    executedAvgPrice: Decimal(),
    lastExecutedQty: Decimal(),
    lastExecutedPrice: Decimal(),
    lastExecutedAmount: Decimal(),
    fee: Decimal(),
    feeCoin: Type.String(),
    rebate: Decimal(),
    rebateCoin: UNUSED,
    reduceOnly: Type.Boolean(),
    leverage: Type.Number(),
    borrowAmount: Decimal(),
    borrowAsset: Type.String({ description: 'MARGIN: the coin the order borrowed (empty when it borrowed nothing).' }),
    positionSide: StringEnum(POSITION_SIDES),
    reason: Type.String({ description: 'Why the venue refused or ended the order.' }),
    action: StringEnum(ORDER_ACTIONS),
    actionMsg: UNUSED,
    cancelType: StringEnum(CANCEL_TYPES),
    amendType: UNUSED,
    algoOrderId: Nullable(Type.String()),
    algoParam: UNUSED,
    tpTriggerPrice: ATTACHED,
    tpTriggerType: ATTACHED,
    tpPrice: ATTACHED,
    slTriggerPrice: ATTACHED,
    slTriggerType: ATTACHED,
    slPrice: ATTACHED,
    createAt: MsText(),
    updateAt: MsText(),
  },
  { title: 'Order' },
);

export const ExecutionViewSchema = Strict(
  {
    transactionId: Type.String(),
    portfolioId: Id16(),
    orderId: Id16(),
    clientOrderId: Type.String(),
    algoOrderId: Nullable(Type.String()),
    exchangeType: StringEnum(VENUES),
    businessType: StringEnum(BUSINESS_TYPES),
    sym: SYM,
    side: StringEnum(SIDES),
    quantity: Decimal(),
    price: Decimal(),
    fee: Decimal(),
    feeCoin: Type.String(),
    tradingFee: Decimal(),
    tradingFeeCoin: Type.String(),
    rpnl: Decimal(),
    execType: StringEnum(LIQUIDITIES),
    createAt: MsText(),
  },
  { title: 'Execution' },
);

/** Average prices carry a few more decimals than the venue's prices, then stop. */
const AVG_PRICE_DECIMALS = 10;

function amount(value: Fixed): string {
  return formatFixed(value);
}

/** Quote coin per base coin over the fills (an OKX PERP order's size is contracts: `baseQty` first). */
export function averagePrice(executedAmount: Amount, executedQty: Qty): string {
  if (executedQty === 0n) return '0';
  return formatFixed(roundTo(div(executedAmount, executedQty, 'halfUp'), AVG_PRICE_DECIMALS, 'halfUp'));
}

/** A leg as the wire shows it: trigger price, trigger type, child price; "" each when the leg is not set. */
export function legFields(leg: Leg | null): [string, '' | Leg['triggerType'], string] {
  return leg ? [formatFixed(leg.triggerPrice), leg.triggerType, formatFixed(leg.price)] : ['', '', ''];
}

/** `instrument`: the order's, for its sizes in base coin (the average price); `tpsl`: the algo attached to it, if open. */
export function orderView(order: Order, portfolio: Portfolio | undefined, instrument: Pick<Instrument, 'contractSize'>, tpsl?: AlgoOrder): Static<typeof OrderViewSchema> {
  const [tpTriggerPrice, tpTriggerType, tpPrice] = legFields(tpsl?.tp ?? null);
  const [slTriggerPrice, slTriggerType, slPrice] = legFields(tpsl?.sl ?? null);
  return {
    portfolioId: order.portfolioId,
    portfolioName: portfolio?.name ?? null,
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    orderState: order.state,
    sym: order.sym,
    side: order.side,
    exchangeOrderType: order.exchangeOrderType,
    orderType: order.origin,
    exchangeType: order.venue,
    businessType: order.business,
    orderQty: amount(order.orderQty),
    quoteOrderQty: amount(order.quoteOrderQty),
    limitPrice: amount(order.limitPrice),
    timeInForce: order.timeInForce,
    executedQty: amount(order.executedQty),
    executedAmount: amount(order.executedAmount),
    executedAvgPrice: averagePrice(order.executedAmount, baseQty(instrument, order.executedQty)),
    lastExecutedQty: amount(order.lastExecutedQty),
    lastExecutedPrice: amount(order.lastExecutedPrice),
    lastExecutedAmount: amount(order.lastExecutedAmount),
    fee: amount(order.fee),
    feeCoin: order.feeCoin,
    rebate: '0',
    rebateCoin: '',
    reduceOnly: order.reduceOnly,
    leverage: order.leverage,
    borrowAmount: amount(order.borrowAmount ?? ZERO),
    borrowAsset: order.borrowAsset ?? '',
    positionSide: order.positionSide,
    reason: order.reason,
    action: order.action,
    actionMsg: '',
    cancelType: order.cancelType,
    amendType: '',
    algoOrderId: order.algoOrderId,
    algoParam: '',
    tpTriggerPrice,
    tpTriggerType,
    tpPrice,
    slTriggerPrice,
    slTriggerType,
    slPrice,
    createAt: String(order.createAt),
    updateAt: String(order.updateAt),
  };
}

export function executionView(execution: Execution): Static<typeof ExecutionViewSchema> {
  const fee = amount(execution.fee);
  return {
    transactionId: execution.transactionId,
    portfolioId: execution.portfolioId,
    orderId: execution.orderId,
    clientOrderId: execution.clientOrderId,
    algoOrderId: execution.algoOrderId,
    exchangeType: execution.venue,
    businessType: execution.business,
    sym: execution.sym,
    side: execution.side,
    quantity: amount(execution.quantity),
    price: amount(execution.price),
    fee,
    feeCoin: execution.feeCoin,
    tradingFee: fee,
    tradingFeeCoin: execution.feeCoin,
    rpnl: amount(execution.rpnl),
    execType: execution.liquidity,
    createAt: String(execution.createAt),
  };
}
