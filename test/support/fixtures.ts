/** Domain values for unit tests: a plausible record that each test changes only where it matters. */
import { parseFixed, ZERO, type Fixed, type Unit } from '../../src/domain/money.ts';
import type { Execution } from '../../src/domain/orders/execution.ts';
import type { Order } from '../../src/domain/orders/order.ts';

const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

/** A filled spot limit buy of 0.5 BTC at 65000.1 on BINANCE, with `overrides`. */
export function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    portfolioId: '1700000000000001',
    orderId: '1000000000000001',
    clientOrderId: 'c1000000000000001',
    sym: 'BINANCE_SPOT_BTC_USDT',
    venue: 'BINANCE',
    business: 'SPOT',
    side: 'BUY',
    exchangeOrderType: 'LIMIT',
    origin: 'DMA',
    timeInForce: 'GTC',
    state: 'FILLED',
    action: '',
    cancelType: '',
    orderQty: fixed('0.5'),
    quoteOrderQty: ZERO,
    limitPrice: fixed('65000.1'),
    executedQty: fixed('0.5'),
    executedAmount: fixed('32500.05'),
    lastExecutedQty: fixed('0.5'),
    lastExecutedPrice: fixed('65000.1'),
    lastExecutedAmount: fixed('32500.05'),
    fee: fixed('0.0005'),
    feeCoin: 'BTC',
    reduceOnly: false,
    leverage: 1,
    positionSide: 'NONE',
    reason: '',
    algoOrderId: null,
    createAt: Date.UTC(2026, 2, 1),
    updateAt: Date.UTC(2026, 2, 1),
    ...overrides,
  };
}

/** A maker fill of 0.25 BTC at 65000.1 of anOrder(), with `overrides`. */
export function anExecution(overrides: Partial<Execution> = {}): Execution {
  return {
    transactionId: '2000000000000001',
    portfolioId: '1700000000000001',
    orderId: '1000000000000001',
    clientOrderId: 'c1000000000000001',
    algoOrderId: null,
    sym: 'BINANCE_SPOT_BTC_USDT',
    venue: 'BINANCE',
    business: 'SPOT',
    side: 'BUY',
    quantity: fixed('0.25'),
    price: fixed('65000.1'),
    fee: fixed('0.00025'),
    feeCoin: 'BTC',
    rpnl: ZERO,
    liquidity: 'MAKER',
    createAt: Date.UTC(2026, 2, 1),
    ...overrides,
  };
}
