/** Payloads of the private pushes (connex-api.md §5.3), rendered from the event, not from live state. */
import type { BalanceChanged } from '../engine/events.ts';
import { formatFixed } from '../domain/money.ts';

/** `Assets`: one coin of one venue account after the change. */
export function assetPush(event: BalanceChanged, ts: number) {
  const balance = event.afterAvailable + event.frozen;
  return {
    portfolioId: event.portfolioId,
    exchangeType: event.venue,
    coin: event.coin,
    balance: formatFixed(balance),
    available: formatFixed(event.afterAvailable),
    frozen: formatFixed(event.frozen),
    borrow: formatFixed(event.borrowed),
    equity: formatFixed(balance),
    reason: event.reason,
    updateAt: String(ts),
  };
}
