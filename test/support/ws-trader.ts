/** A trading test server where the demo user trades over its private WebSocket against a second, funded trader. */
import { startTestServer, type TestServer } from './server.ts';
import { TRADING_ENV, fund, newTrader } from './trading.ts';
import { openDemoPrivate, type WsClient } from './ws.ts';

export type Trader = Awaited<ReturnType<typeof newTrader>>;

export interface WsTrading {
  server: TestServer;
  /** The demo user's private WebSocket, logged in. */
  ws: WsClient;
  /** A new portfolio of the demo user with 5 BTC and 500,000 USDT on BINANCE, to trade against. */
  counterparty: Trader;
  stop(): Promise<void>;
}

export async function startWsTrading(counterpartyName: string, env: Record<string, string> = TRADING_ENV): Promise<WsTrading> {
  const server = await startTestServer({ env });
  const counterparty = await newTrader(server, counterpartyName);
  await fund(server, counterparty.portfolioId, 'BTC', '5');
  await fund(server, counterparty.portfolioId, 'USDT', '500000');
  const ws = await openDemoPrivate(server);
  return {
    server,
    ws,
    counterparty,
    async stop() {
      ws.close();
      await server.stop();
    },
  };
}
