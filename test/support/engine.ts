/** An engine a unit test drives directly: commands a second apart from 07:00 UTC, journaled so a test can replay them, and one user. */
import { ApiError } from '../../src/catalogue/index.ts';
import { Engine } from '../../src/engine/core/engine.ts';

export interface JournaledEngine {
  engine: Engine;
  /** Applies a command stamped one second after the last, and journals it. */
  apply(type: string, payload: unknown): ReturnType<Engine['apply']>;
  /** Every command applied, with its stamp, as the runtime's journal would hold it. */
  journal: { ts: number; command: any }[];
  user: { userId: string; mainPortfolioId: string };
  /** The user's primary key acting on one of its portfolios. */
  actorOf(portfolioId: string): { userId: string; keyPortfolioId: string; primary: true; portfolioId: string };
}

export function journaledEngine(userName: string, accessKeyChar = 'k'): JournaledEngine {
  const engine = new Engine();
  let wall = Date.UTC(2026, 11, 1, 7, 0, 0);
  const journal: JournaledEngine['journal'] = [];
  const apply = (type: string, payload: unknown) => {
    const command = { type, payload };
    const applied = engine.apply((wall += 1000), command as never);
    journal.push({ ts: wall, command: structuredClone(command) });
    return applied;
  };
  const secret = { iv: '', tag: '', data: '' };
  const { user } = apply('createUser', { name: userName, primaryKey: { accessKey: accessKeyChar.repeat(64), secret } }).result as { user: JournaledEngine['user'] };
  const actorOf = (portfolioId: string) => ({ userId: user.userId, keyPortfolioId: user.mainPortfolioId, primary: true as const, portfolioId });
  return { engine, apply, journal, user, actorOf };
}

/** The catalogue code `action` is refused with; undefined when it is not. */
export function codeOf(action: () => unknown): number | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
  return undefined;
}
