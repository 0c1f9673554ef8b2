import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../../src/catalogue/index.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import { journaledEngine } from '../../../support/engine.ts';

const TODAY = Date.UTC(2026, 11, 1); // the test engine's commands are stamped from 07:00 of this day
const yesterday = { startTime: TODAY - 86_400_000, endTime: TODAY - 1 };

function refusedWith(code: number, run: () => unknown): void {
  assert.throws(run, (error: unknown) => error instanceof ApiError && error.code === code);
}

describe('data export commands', () => {
  it('accepts a range that ended before 00:00 UTC of the venue day, not one reaching into it (401108)', () => {
    const { apply, user, actorOf } = journaledEngine('Exp01');
    const actor = actorOf(user.mainPortfolioId);
    refusedWith(401108, () => apply('requestExport', { actor, exportType: 'ORDERS', startTime: yesterday.startTime, endTime: TODAY }));
    const { exportId } = apply('requestExport', { actor, exportType: 'ORDERS', ...yesterday }).result as { exportId: string };
    assert.match(exportId, /^\d{16}$/);
  });

  it('counts 10 a day per portfolio (401105); a refused request changes nothing', () => {
    const { engine, apply, user, actorOf } = journaledEngine('Exp02');
    const other = (apply('createPortfolio', { userId: user.userId, name: 'Other01' }).result as any).portfolio.portfolioId as string;
    for (let i = 0; i < 10; i++) apply('requestExport', { actor: actorOf(user.mainPortfolioId), exportType: 'EXECUTIONS', ...yesterday });
    const before = structuredClone(engine.state.exports);
    refusedWith(401105, () => apply('requestExport', { actor: actorOf(user.mainPortfolioId), exportType: 'EXECUTIONS', ...yesterday }));
    assert.deepEqual(engine.state.exports, before);
    apply('requestExport', { actor: actorOf(other), exportType: 'EXECUTIONS', ...yesterday });
  });

  it('moves PENDING → PROCESSING → COMPLETED or FAILED, once; an unknown export is 401109', () => {
    const { engine, apply, user, actorOf } = journaledEngine('Exp03');
    const request = () => (apply('requestExport', { actor: actorOf(user.mainPortfolioId), exportType: 'STATEMENTS', ...yesterday }).result as { exportId: string }).exportId;
    const done = request();
    apply('startExport', { exportId: done });
    refusedWith(401110, () => apply('startExport', { exportId: done }));
    const finished = apply('finishExport', { exportId: done, rowCount: 3, fileSize: 120 });
    assert.deepEqual(finished.events.map((e: any) => [e.type, e.export.status]), [['exportChanged', 'COMPLETED']]);
    refusedWith(401110, () => apply('failExport', { exportId: done, reason: 'late' }));
    const failed = request();
    apply('failExport', { exportId: failed, reason: 'the file could not be written' });
    refusedWith(401109, () => apply('startExport', { exportId: '1000000000000000' }));
    const row = (id: string) => engine.state.exports.byId.get(id)!;
    assert.deepEqual([row(done).status, row(done).rowCount, row(done).fileSize], ['COMPLETED', 3, 120]);
    assert.deepEqual([row(failed).status, row(failed).reason], ['FAILED', 'the file could not be written']);
  });

  it('a replay of the journal gives the same exports and ids', () => {
    const { engine, apply, journal, user, actorOf } = journaledEngine('Exp04');
    for (let i = 0; i < 3; i++) apply('requestExport', { actor: actorOf(user.mainPortfolioId), exportType: 'TRANSFERS', ...yesterday });
    const replayed = new Engine();
    for (const { ts, command } of journal) replayed.apply(ts, command);
    assert.deepEqual(replayed.state.exports, engine.state.exports);
  });
});
