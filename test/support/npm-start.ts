/** Runs `npm start` itself (build, then server), as a user does, in its own process group. */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './process.ts';

export interface NpmStarted {
  /** npm's process; the server and anything else it runs are its descendants. */
  npm: ChildProcess;
  baseUrl: string;
  /** From spawn to the "listening" line. */
  startMs: number;
  /** SIGTERM to the whole group (as Ctrl-C's SIGINT would reach it), then waits until every process of it has ended. */
  stop(): Promise<void>;
}

/** No market timer unless `env` sets SIM_TICK_MS, as in startTestServer. */
export function npmStart(env: Record<string, string>): Promise<NpmStarted> {
  const startedAt = performance.now();
  const npm = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    detached: true,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', SIM_TICK_MS: '0', LOG_LEVEL: 'warn', ...env },
  });
  const exited = new Promise<void>((resolve) => npm.on('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /openconnex listening on (http:\/\/\S+)/.exec(output);
      if (!listening) return;
      npm.stdout!.off('data', onData);
      resolve({
        npm,
        baseUrl: listening[1],
        startMs: Math.round(performance.now() - startedAt),
        stop: async () => {
          process.kill(-npm.pid!, 'SIGTERM');
          await exited;
          while (groupAlive(npm.pid!)) await new Promise((done) => setTimeout(done, 20)); // the server may outlive npm while it shuts down
        },
      });
    };
    npm.stdout!.on('data', onData);
    npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then(() => reject(new Error(`npm start exited before listening:\n${output}`)));
  });
}

function groupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}
