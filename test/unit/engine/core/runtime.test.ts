/**
 * EngineRuntime for projections: it keeps a snapshot and the journal behind the consumer's
 * checkpoint, re-publishes the events of later records on open, and prunes once consumed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { SecretBox } from '../../../../src/auth/secret-box.ts';
import { parseFixed } from '../../../../src/domain/money.ts';
import { EngineRuntime } from '../../../../src/engine/core/runtime.ts';
import { encode } from '../../../../src/store/journal/codec.ts';

const box = new SecretBox('07'.repeat(32));

async function depositMany(runtime: EngineRuntime, count: number): Promise<string> {
  const { user } = await runtime.submit('createUser', { name: 'replay', primaryKey: { accessKey: 'a'.repeat(64), secret: box.seal('s'.repeat(32)) } });
  for (let i = 1; i <= count; i++) {
    await runtime.submit('creditDeposit', { portfolioId: user.mainPortfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed(String(i))! });
  }
  return user.mainPortfolioId;
}

function engineFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'engine')).filter((name) => !name.endsWith('.tmp')).sort();
}

describe('runtime replay for projections', () => {
  let dataDir: string;
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('re-publishes every event after the checkpoint although snapshots were taken past it', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openconnex-replay-'));
    let consumed = 2;
    const first = await EngineRuntime.open({ dataDir, snapshotEvery: 2, snapshotJournalPercent: 0, retainEventsAfter: () => consumed });
    const published: number[] = [];
    first.onEvents((batch) => published.push(batch.seq));
    await depositMany(first, 6);
    const hash = first.stateHash();
    await first.close();
    assert.deepEqual(published, [1, 2, 3, 4, 5, 6, 7]);

    const second = await EngineRuntime.open({ dataDir, snapshotEvery: 2, snapshotJournalPercent: 0, replayEventsAfter: consumed, retainEventsAfter: () => consumed });
    assert.ok(second.recoveredFromSeq <= consumed);
    assert.equal(second.stateHash(), hash);
    const replayed = second.takeReplayedEvents();
    assert.deepEqual(replayed.map((batch) => batch.seq), [3, 4, 5, 6, 7]);
    const amounts = replayed.flatMap((batch) => batch.events).map((event) => (event.type === 'balanceChanged' ? event.afterAvailable : undefined));
    assert.deepEqual(amounts, [3n, 6n, 10n, 15n, 21n].map((n) => n * 10n ** 18n));
    assert.deepEqual(second.takeReplayedEvents(), []);

    consumed = second.seq;
    await second.close();
    assert.deepEqual(engineFiles(dataDir), ['journal-000000000008.log', 'snapshot-000000000007.json']);
    const third = await EngineRuntime.open({ dataDir, replayEventsAfter: consumed });
    assert.deepEqual([third.recoveredFromSeq, third.takeReplayedEvents().length, third.stateHash()], [7, 0, hash]);
    await third.close();
  });

  it('without a consumer keeps only the newest snapshot, as before', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openconnex-replay-'));
    const runtime = await EngineRuntime.open({ dataDir, snapshotEvery: 2, snapshotJournalPercent: 0 });
    await depositMany(runtime, 3);
    await runtime.close();
    assert.deepEqual(engineFiles(dataDir), ['journal-000000000005.log', 'snapshot-000000000004.json']);
    const reopened = await EngineRuntime.open({ dataDir });
    assert.deepEqual([reopened.recoveredFromSeq, reopened.seq, reopened.takeReplayedEvents().length], [4, 4, 0]);
    await reopened.close();
  });

  it('waits for as many journal bytes as the last snapshot held before taking the next', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openconnex-snapshot-policy-'));
    const runtime = await EngineRuntime.open({ dataDir, snapshotEvery: 1, snapshotJournalPercent: 100 });
    const { user } = await runtime.submit('createUser', { name: 'policy', primaryKey: { accessKey: 'b'.repeat(64), secret: box.seal('s'.repeat(32)) } });
    assert.equal(runtime.snapshotSeq, 1); // nothing to wait for after the empty state
    const snapshotBytes = encode(runtime.state).length;
    let journalBytes = 0;
    for (let i = 1; i <= 200 && runtime.snapshotSeq === 1; i++) {
      if (i === 10) assert.equal(runtime.snapshotSeq, 1, 'a snapshot after a tenth of its size in journal');
      const payload = { portfolioId: user.mainPortfolioId, venue: 'OKX' as const, coin: 'USDC', amount: parseFixed<'amount'>(String(i))! };
      await runtime.submit('creditDeposit', payload);
      journalBytes += encode({ ts: Date.now(), command: { type: 'creditDeposit', payload } }).length; // its journal record (ts as wide as any now)
    }
    assert.equal(runtime.snapshotSeq, runtime.seq, 'the next snapshot came with the command that made the journal large enough, or soon after');
    assert.ok(journalBytes >= snapshotBytes, `a snapshot after ${journalBytes} journal bytes for a ${snapshotBytes}-byte state`);
    await runtime.close();
  });

  it('refuses a snapshot whose state does not match the hash in its header', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openconnex-snapshot-hash-'));
    const runtime = await EngineRuntime.open({ dataDir });
    await depositMany(runtime, 2);
    const hash = runtime.stateHash();
    await runtime.close();
    const path = join(dataDir, 'engine', engineFiles(dataDir).find((name) => name.startsWith('snapshot-'))!);
    const bytes = readFileSync(path);
    const newline = bytes.indexOf(0x0a);
    assert.equal(JSON.parse(bytes.subarray(0, newline).toString()).hash, hash);
    const reopened = await EngineRuntime.open({ dataDir });
    assert.equal(reopened.stateHash(), hash);
    await reopened.close();
    const damaged = readFileSync(path);
    damaged[damaged.length - 3] ^= 0x01;
    writeFileSync(path, damaged);
    await assert.rejects(EngineRuntime.open({ dataDir }), /damaged/);
  });
});
