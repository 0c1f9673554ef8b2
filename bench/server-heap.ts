/**
 * The live heap of a running server's main thread: what is left after a full collection, read through the
 * V8 inspector. SIGUSR1 opens the inspector of a Node.js process (on the port its `--inspect-port` names:
 * the bench starts the server with one), and the collection and the reading are the inspector's own
 * (HeapProfiler.collectGarbage, Runtime.getHeapUsage): nothing of it is in the server's code. A heap
 * read without a collection holds the garbage of the last burst too (tens of MB that come and go).
 */
import WebSocket from 'ws';

/** The inspector's WebSocket URL once it listens (it opens asynchronously after the signal). */
async function debuggerUrl(port: number): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
      if (targets[0]) return targets[0].webSocketDebuggerUrl;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no inspector on port ${port}`);
}

/** Sends the commands in turn on one inspector session; returns their results. */
async function inspect(url: string, methods: string[]): Promise<Record<string, unknown>[]> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    const results: Record<string, unknown>[] = [];
    for (const [id, method] of methods.entries()) {
      const answered = new Promise<Record<string, unknown>>((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
          if (message.id !== id) return;
          socket.off('message', onMessage);
          resolve(message.result ?? {});
        };
        socket.on('message', onMessage);
      });
      socket.send(JSON.stringify({ id, method }));
      results.push(await answered);
    }
    return results;
  } finally {
    socket.close();
  }
}

/** MB of the main thread's heap still live after a full collection, in the process `pid` started with `--inspect-port=<port>`. */
export async function liveHeapMb(pid: number, port: number): Promise<number> {
  process.kill(pid, 'SIGUSR1'); // opens the inspector; once open, the signal changes nothing
  const [, usage] = await inspect(await debuggerUrl(port), ['HeapProfiler.collectGarbage', 'Runtime.getHeapUsage']);
  return Math.round((usage.usedSize as number) / 1048576);
}
