/**
 * Whether this process should be sent traffic (`GET /ready`): its engine takes writes, and its history
 * store answers a trivial query in time. The endpoint is open to load balancers, so a check's answer
 * names what is not ready without internal detail (addresses, driver messages), which goes to the log,
 * and concurrent checks share one query, so probes cannot multiply the load on the database.
 */
import type { Logger } from '../log.ts';

/** How long the history store may take to answer before it counts as not ready. */
const HISTORY_DEADLINE_MS = 2000;

export interface ReadinessSources {
  /** The engine refuses every write (a rebuild after a bug failed) until a restart. */
  engineStopped: () => boolean;
  pingHistory: () => Promise<void>;
  log: Logger;
}

export interface Readiness {
  ready: boolean;
  /** 'ok', or what is wrong. */
  checks: { engine: string; history: string };
}

export class ReadinessProbe {
  private historyCheck: Promise<string> | null = null;

  constructor(private readonly sources: ReadinessSources) {}

  async check(): Promise<Readiness> {
    const engine = this.sources.engineStopped() ? 'stopped: its state could not be rebuilt after a bug; restart the server' : 'ok';
    const history = await (this.historyCheck ??= this.checkHistory().finally(() => (this.historyCheck = null)));
    return { ready: engine === 'ok' && history === 'ok', checks: { engine, history } };
  }

  private async checkHistory(): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${HISTORY_DEADLINE_MS} ms`), HISTORY_DEADLINE_MS);
    });
    const answer = this.sources.pingHistory().then(
      () => 'ok',
      (error: unknown) => {
        this.sources.log.warn({ err: error }, 'readiness: the history store did not answer');
        return 'unreachable';
      },
    );
    try {
      return await Promise.race([answer, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
