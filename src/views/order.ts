/** Orders and executions as the API shows them (connex-api.md §4.1.1, §4.2): strings, ms times. */
import { baseQty, type Instrument } from '../domain/instrument.ts';
import { div, formatFixed, roundTo, type Amount, type Fixed, type Qty } from '../domain/money.ts';
import type { Execution, Order } from '../domain/orders/index.ts';
import type { Portfolio } from '../domain/identity/index.ts';

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

/** `instrument`: the order's, for its sizes in base coin (the average price). */
export function orderView(order: Order, portfolio: Portfolio | undefined, instrument: Pick<Instrument, 'contractSize'>) {
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
    borrowAmount: '0',
    borrowAsset: '',
    positionSide: order.positionSide,
    reason: order.reason,
    action: order.action,
    actionMsg: '',
    cancelType: order.cancelType,
    amendType: '',
    algoOrderId: order.algoOrderId,
    algoParam: '',
    tpTriggerPrice: '',
    tpTriggerType: '',
    tpPrice: '',
    slTriggerPrice: '',
    slTriggerType: '',
    slPrice: '',
    createAt: String(order.createAt),
    updateAt: String(order.updateAt),
  };
}

export function executionView(execution: Execution) {
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
