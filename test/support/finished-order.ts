/** A place-order request that ends at once (an IOC bid far below the book): one finished order in the history. */
export function finishingOrder(clientOrderId: string): Record<string, string> {
  return { sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderType: 'LIMIT', timeInForce: 'IOC', orderQty: '0.001', limitPrice: '20000', clientOrderId };
}
