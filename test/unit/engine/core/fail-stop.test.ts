/**
 * Fail-stop (design.md, Layout): a command that throws a bug half-way leaves no trace in memory; the
 * runtime rebuilds its state from snapshot + journal before any other command runs, and serves on.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { SecretBox } from '../../../../src/auth/secret-box.ts';
import { ApiError } from '../../../../src/catalogue/index.ts';
import { parseFixed, type Fixed, type Unit, ZERO, type Amount } from '../../../../src/domain/money.ts';
import { handlers } from '../../../../src/engine/core/commands.ts';
import { EngineRuntime, type RuntimeOptions } from '../../../../src/engine/core/runtime.ts';

const box = new SecretBox('07'.repeat(32));
const usdt = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const BUG_AMOUNT: Amount = usdt('777');

/**
 * Runs `body` with `creditDeposit` broken: it credits the deposit (a real, partial write) and then throws,
 * for the bug amount only or (`always`) for every deposit, so that replaying the journal fails too.
 */
async function withBrokenDeposit(body: () => Promise<void>, always = false): Promise<void> {
  const real = handlers.creditDeposit;
  handlers.creditDeposit = (ctx, cmd) => {
    const result = real(ctx, cmd);
    if (always || cmd.amount === BUG_AMOUNT) throw new Error('injected bug');
    return result;
  };
  try {
    await body();
  } finally {
    handlers.creditDeposit = real;
  }
}

describe('fail-stop on a bug in a command', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'openconnex-fail-stop-'));
    dirs.push(dir);
    return dir;
  };

  async function openWithLog(dataDir: string, options: Partial<RuntimeOptions> = {}) {
    const bugs: unknown[] = [];
    const rebuilds: { fromSnapshotSeq: number; seq: number; ms: number }[] = [];
    const runtime = await EngineRuntime.open({ dataDir, onBug: (error) => bugs.push(error), onRebuilt: (rebuilt) => rebuilds.push(rebuilt), ...options });
    const published: number[] = [];
    runtime.onEvents((batch) => published.push(batch.seq));
    const { user } = await runtime.submit('createUser', { name: 'failstop', primaryKey: { accessKey: 'f'.repeat(64), secret: box.seal('s'.repeat(32)) } });
    const portfolioId = user.mainPortfolioId;
    const deposit = (amount: Amount) => runtime.submit('creditDeposit', { portfolioId, venue: 'BINANCE', coin: 'USDT', amount });
    const available = () => runtime.state.portfolios.get(portfolioId)!.accounts.BINANCE.balances.get('USDT')?.available ?? ZERO;
    return { runtime, bugs, rebuilds, published, deposit, available };
  }

  it('rebuilds the half-written state from snapshot + journal, with a write in flight and a snapshot being written, and serves on', async () => {
    const dataDir = freshDir();
    const { runtime, bugs, rebuilds, published, deposit, available } = await openWithLog(dataDir, { snapshotEvery: 1, snapshotJournalPercent: 0 });
    for (const amount of ['1', '2', '3']) await deposit(usdt(amount));
    await runtime.snapshot();
    const snapshotOnDisk = runtime.snapshotSeq;

    // A refused command changes nothing and needs no rebuild.
    await assert.rejects(runtime.submit('creditDeposit', { portfolioId: 'nope', venue: 'BINANCE', coin: 'USDT', amount: usdt('1') }), ApiError);
    assert.equal(rebuilds.length, 0);

    await withBrokenDeposit(async () => {
      // In the same turn: a deposit journaled but not yet on disk (and a snapshot of it started), then the bug.
      const inFlight = deposit(usdt('4'));
      assert.equal(runtime.snapshotSeq, runtime.seq, 'a snapshot of the in-flight deposit is being written');
      const hashBefore = runtime.stateHash();
      await assert.rejects(deposit(BUG_AMOUNT), /injected bug/);
      assert.equal(runtime.stateHash(), hashBefore, 'the bug left no trace in memory');
      assert.equal(available(), usdt('10'));
      assert.equal(bugs.length, 1);
      assert.deepEqual(rebuilds.map(({ fromSnapshotSeq, seq }) => ({ fromSnapshotSeq, seq })), [{ fromSnapshotSeq: snapshotOnDisk, seq: runtime.seq }]);
      await inFlight;
    });

    // It serves on: the next command succeeds and is visible, and every batch was published once.
    const { available: after } = await deposit(usdt('5'));
    assert.equal(after, usdt('15'));
    assert.equal(available(), usdt('15'));
    assert.deepEqual(published, Array.from({ length: runtime.seq }, (_, i) => i + 1));

    // A fresh replay of the same journal gives the same state.
    const copy = freshDir();
    cpSync(dataDir, copy, { recursive: true });
    const replayed = await EngineRuntime.open({ dataDir: copy });
    assert.equal(replayed.stateHash(), runtime.stateHash());
    await replayed.close();
    const hash = runtime.stateHash();
    await runtime.close();
    const reopened = await EngineRuntime.open({ dataDir });
    assert.equal(reopened.stateHash(), hash);
    await reopened.close();
  });

  it('rebuilds from the empty state and the journal when there is no snapshot yet', async () => {
    const dataDir = freshDir();
    const { runtime, rebuilds, deposit, available } = await openWithLog(dataDir);
    await deposit(usdt('1'));
    const hashBefore = runtime.stateHash();
    await withBrokenDeposit(() => assert.rejects(deposit(BUG_AMOUNT), /injected bug/));
    assert.equal(runtime.stateHash(), hashBefore);
    assert.deepEqual(rebuilds.map(({ fromSnapshotSeq, seq }) => ({ fromSnapshotSeq, seq })), [{ fromSnapshotSeq: 0, seq: 2 }]);
    await deposit(usdt('2'));
    assert.equal(available(), usdt('3'));
    await runtime.close();
  });

  it('refuses every later write, and snapshots nothing, when the state cannot be rebuilt', async () => {
    const dataDir = freshDir();
    const { runtime, bugs, rebuilds, deposit } = await openWithLog(dataDir);
    await deposit(usdt('1'));
    const hashOnDisk = runtime.stateHash();
    // Replaying the journal's deposit hits the bug as well.
    await withBrokenDeposit(() => assert.rejects(deposit(BUG_AMOUNT), /injected bug/), true);
    assert.equal(rebuilds.length, 0);
    assert.equal(bugs.length, 2);
    assert.match(String(bugs[1]), /engine stopped/);
    await assert.rejects(deposit(usdt('2')), (error) => error instanceof ApiError && error.code === 400011);
    await assert.rejects(runtime.submit('createUser', { name: 'later', primaryKey: { accessKey: 'e'.repeat(64), secret: box.seal('s'.repeat(32)) } }), (error) => error instanceof ApiError && error.code === 400011);
    await runtime.close();
    const reopened = await EngineRuntime.open({ dataDir });
    assert.equal(reopened.stateHash(), hashOnDisk, 'a restart recovers the journaled state');
    await reopened.close();
  });
});
