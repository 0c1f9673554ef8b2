/**
 * The client side of `npm run bench:ws`, run in its own process so it does not share the server's
 * CPU: opens N market-data connections, subscribes each to the given topics, then counts every frame
 * and the delay from the engine's event time (`data.ts` of ORDER_BOOK updates) to receipt.
 */
import WebSocket from 'ws';

interface Start {
  url: string;
  connections: number;
  subscribe: unknown[];
}

let frames = 0;
let updates = 0;
let closed = 0;
let measuring = false;
const latencies: number[] = [];

function connect(url: string, subscribe: unknown[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let acks = 0;
    socket.on('error', reject);
    socket.on('close', () => closed++);
    socket.on('open', () => subscribe.forEach((message) => socket.send(JSON.stringify(message))));
    socket.on('message', (data) => {
      const text = data.toString();
      if (!measuring) {
        if (text.includes('"event":"subscribe"') && ++acks === subscribe.length) resolve(socket);
        return;
      }
      frames++;
      // Sample one book update in ten: enough points, little parsing cost.
      if (text.includes('"updatetype":"update"') && updates++ % 10 === 0 && latencies.length < 200_000) {
        const at = /"ts":"(\d+)"/.exec(text);
        if (at) latencies.push(Date.now() - Number(at[1]));
      }
    });
    setInterval(() => socket.readyState === WebSocket.OPEN && socket.send('ping'), 10_000).unref();
  });
}

process.on('message', async (message: { type: string } & Partial<Start>) => {
  if (message.type === 'start') {
    const { url, connections, subscribe } = message as Start;
    const sockets: WebSocket[] = [];
    for (let i = 0; i < connections; i += 50) {
      sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, connections - i) }, () => connect(url, subscribe)))));
    }
    process.send!({ type: 'ready', sockets: sockets.length });
  } else if (message.type === 'measure') {
    frames = 0;
    updates = 0;
    latencies.length = 0;
    measuring = true;
  } else if (message.type === 'report') {
    measuring = false;
    process.send!({ type: 'report', frames, latencies, closed });
  } else if (message.type === 'exit') {
    process.exit(0);
  }
});
