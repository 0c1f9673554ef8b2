import assert from 'node:assert/strict';
import { appendFileSync, closeSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FileJournal, type JournalRecord } from '../../../../src/store/journal/journal.ts';

describe('file journal', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'openconnex-journal-'));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const reopen = async (dir: string, afterSeq = 0) => {
    const records: JournalRecord[] = [];
    const journal = await FileJournal.open(dir, afterSeq, (record) => records.push(record));
    return { journal, records };
  };

  it('numbers records in order and reads them back after reopening', async () => {
    const dir = fresh();
    const { journal } = await reopen(dir);
    const appended = ['a', 'b', 'c'].map((payload) => journal.append(payload));
    await Promise.all(appended.map((a) => a.durable));
    assert.deepEqual(appended.map((a) => a.seq), [1, 2, 3]);
    journal.close();
    const { records, journal: again } = await reopen(dir);
    assert.deepEqual(records, [{ seq: 1, payload: 'a' }, { seq: 2, payload: 'b' }, { seq: 3, payload: 'c' }]);
    assert.equal(again.append('d').seq, 4);
    again.close();
  });

  it('cuts off a torn or corrupt tail and keeps every whole record before it', async () => {
    const dir = fresh();
    const { journal } = await reopen(dir);
    await Promise.all(['one', 'two'].map((p) => journal.append(p).durable));
    journal.close();
    const segment = join(dir, readdirSync(dir)[0]);
    const whole = statSync(segment).size;
    appendFileSync(segment, Buffer.from([5, 0, 0, 0, 1, 2, 3, 4, 0x61])); // header says 5 bytes, 1 written
    const { records, journal: again } = await reopen(dir);
    assert.deepEqual(records.map((r) => r.payload), ['one', 'two']);
    assert.equal(statSync(segment).size, whole);
    await again.append('three').durable;
    again.close();
    assert.deepEqual((await reopen(dir)).records.map((r) => r.payload), ['one', 'two', 'three']);
  });

  it('reads records across its read chunks (4 MiB), one larger than a chunk among them, and a corrupt one ends it', async () => {
    const dir = fresh();
    const { journal } = await reopen(dir);
    const payloads = [...Array.from({ length: 300 }, (_, i) => `${i}`.padEnd(20_000 + i, 'x')), 'y'.repeat(5 * 1024 * 1024), 'after the large one'];
    await Promise.all(payloads.map((payload) => journal.append(payload).durable));
    journal.close();
    assert.deepEqual((await reopen(dir)).records.map((r) => r.payload), payloads);
    const segment = join(dir, readdirSync(dir)[0]);
    const whole = statSync(segment).size;
    appendFileSync(segment, Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0x61])); // whole frame, wrong checksum
    appendFileSync(segment, Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0x62]));
    const { records, journal: again } = await reopen(dir);
    assert.equal(records.length, payloads.length);
    assert.equal(statSync(segment).size, whole);
    again.close();
  });

  it('writes into zeroed room ahead of its records, which a reader and a recovery after a crash stop at', async () => {
    const dir = fresh();
    const { journal } = await reopen(dir);
    const payloads: string[] = [];
    for (let turn = 0; turn < 60; turn++) {
      const turnPayloads = Array.from({ length: 10 }, (_, i) => `${turn}.${i}:`.padEnd(5_000 + turn, 'r'));
      payloads.push(...turnPayloads);
      await Promise.all(turnPayloads.map((payload) => journal.append(payload).durable)); // 3 MB in all: room added more than once
    }
    journal.drain();
    const segment = join(dir, readdirSync(dir)[0]);
    const recordBytes = payloads.reduce((sum, payload) => sum + 8 + payload.length, 0);
    assert.ok(statSync(segment).size > recordBytes, 'room ahead of the records');
    const read: string[] = [];
    assert.equal(FileJournal.replay(dir, 0, (record) => read.push(record.payload)), payloads.length);
    assert.deepEqual(read, payloads);
    const crashed = fresh();
    cpSync(dir, crashed, { recursive: true }); // the files as a crash leaves them: with their room
    const { records, journal: recovered } = await reopen(crashed);
    assert.deepEqual(records.map((r) => r.payload), payloads);
    assert.equal(statSync(join(crashed, readdirSync(dir)[0])).size, recordBytes, 'cut to its records on open');
    await recovered.append('after the crash').durable;
    recovered.close();
    assert.deepEqual((await reopen(crashed)).records.map((r) => r.payload), [...payloads, 'after the crash']);
    journal.close();
    assert.equal(statSync(segment).size, recordBytes, 'cut to its records on close');
  });

  it('fails the records of a write that failed and every later one, and a drain then returns with the failure', async () => {
    const dir = fresh();
    const { journal } = await reopen(dir);
    await journal.append('before').durable;
    const internals = journal as unknown as { fd: number; segmentRoom: number };
    const fd = internals.fd;
    internals.fd = 2 ** 30; // no such file: the writer's next write fails, as a disk that went away would
    internals.segmentRoom = 0; // and that batch asks for room too, which a failed writer never fills
    await assert.rejects(journal.append('lost').durable, /journal write failed/);
    assert.throws(() => journal.append('after'), /journal write failed/);
    assert.throws(() => journal.drain(), /journal write failed/);
    closeSync(fd);
    assert.deepEqual((await reopen(dir)).records.map((r) => r.payload), ['before']);
  });

  it('writes what is pending at once when drained, rather than at the end of the turn', async () => {
    const dir = fresh();
    const { journal } = await reopen(dir);
    let durable = false;
    void journal.append('now').durable.then(() => (durable = true));
    journal.drain();
    await Promise.resolve();
    assert.ok(durable);
    journal.close();
    assert.deepEqual((await reopen(dir)).records.map((r) => r.payload), ['now']);
  });

  it('keeps appending while earlier turns are still being written, acknowledging in seq order, across a rotation', async () => {
    const dir = fresh();
    const { journal } = await reopen(dir);
    const acknowledged: number[] = [];
    const appended: Promise<void>[] = [];
    for (let turn = 0; turn < 20; turn++) {
      for (let i = 0; i < 5; i++) {
        const { seq, durable } = journal.append(`${turn}.${i}`);
        appended.push(durable.then(() => void acknowledged.push(seq)));
      }
      if (turn === 10) journal.rotate(0); // the batches of earlier turns still with the writer
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(appended);
    assert.deepEqual(acknowledged, Array.from({ length: 100 }, (_, i) => i + 1));
    journal.close();
    assert.equal(readdirSync(dir).length, 2);
    const { records } = await reopen(dir);
    assert.deepEqual(records.map((r) => r.seq), acknowledged);
    assert.deepEqual(records.slice(0, 2).map((r) => r.payload), ['0.0', '0.1']);
  });

  it('skips records covered by a snapshot and drops covered segments on rotation', async () => {
    const dir = fresh();
    const { journal } = await reopen(dir);
    await Promise.all(['a', 'b', 'c'].map((p) => journal.append(p).durable));
    journal.rotate(3);
    await journal.append('d').durable;
    journal.close();
    assert.equal(readdirSync(dir).length, 1);
    const { records } = await reopen(dir, 3);
    assert.deepEqual(records, [{ seq: 4, payload: 'd' }]);
  });
});
