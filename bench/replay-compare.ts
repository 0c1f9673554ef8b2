/**
 * `npm run bench:replay-compare -- <journal dir> <baseline checkout> [passes]`: the engine of this
 * checkout against the engine of another (a `git worktree` of an earlier commit, with this checkout's
 * node_modules linked into it), replaying one journal in one process, their passes alternating.
 *
 * Why: on this machine kind a replay of the same code in fresh processes minutes apart spreads by
 * ±15 % or more, which hides any change of the engine smaller than that. In one process, alternating,
 * both engines meet the same spells of the machine; the best pass of each is compared. The journal
 * is decoded once per pass by each checkout's own codec and applied to a fresh engine; per command
 * type, the best pass's milliseconds. A journal: `BENCH_RECOVERY_COMMANDS=200000 tsx bench/recovery.ts
 * build <dir>`. First, one untimed pass of each checks that both emit the same events and end on the same
 * state (the state hash alone would not see an event lost or changed).
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface EngineModules {
  Engine: new () => { state: unknown; apply(ts: number, command: { type: string }): { events: unknown[] } };
  decode: (text: string) => { ts: number; command: { type: string } };
  encode: (value: unknown) => string;
  FileJournal: { replay(dir: string, afterSeq: number, onRecord: (record: { payload: string }) => void): number };
}

type Timings = Record<string, number>;

async function load(root: string): Promise<EngineModules> {
  const { Engine } = await import(join(root, 'src/engine/core/engine.ts'));
  const { decode, encode } = await import(join(root, 'src/store/journal/codec.ts'));
  const { FileJournal } = await import(join(root, 'src/store/journal/journal.ts'));
  return { Engine, decode, encode, FileJournal };
}

/** Hashes of every event a replay emits and of the state it ends on. */
function outcome(modules: EngineModules, records: readonly string[]): string {
  const engine = new modules.Engine();
  const events = createHash('sha256');
  for (const record of records) {
    const { ts, command } = modules.decode(record);
    events.update(modules.encode(engine.apply(ts, command).events));
  }
  return `events ${events.digest('hex').slice(0, 16)}, state ${createHash('sha256').update(modules.encode(engine.state)).digest('hex').slice(0, 16)}`;
}

/** One timed pass: milliseconds in all and by command type. */
function pass(modules: EngineModules, records: readonly string[]): Timings {
  const engine = new modules.Engine();
  const ms: Timings = {};
  const started = performance.now();
  for (const record of records) {
    const { ts, command } = modules.decode(record);
    const applying = performance.now();
    engine.apply(ts, command);
    ms[command.type] = (ms[command.type] ?? 0) + performance.now() - applying;
  }
  ms.total = performance.now() - started;
  return ms;
}

async function main(): Promise<void> {
  const [journalDir, baselineRoot, passesText = '8'] = process.argv.slice(2);
  if (!journalDir || !baselineRoot) throw new Error('usage: npm run bench:replay-compare -- <journal dir> <baseline checkout> [passes]');
  const checkouts = { baseline: await load(resolve(baselineRoot)), current: await load(fileURLToPath(new URL('..', import.meta.url))) };
  const records: string[] = [];
  checkouts.current.FileJournal.replay(join(journalDir, 'engine'), 0, ({ payload }) => records.push(payload));
  const best: Record<keyof typeof checkouts, Timings> = { baseline: {}, current: {} };
  const totals: Record<keyof typeof checkouts, number[]> = { baseline: [], current: [] };
  const outcomes = { baseline: outcome(checkouts.baseline, records), current: outcome(checkouts.current, records) };
  for (let i = 0; i < Number(passesText); i++) {
    for (const name of i % 2 === 0 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const)) {
      const ms = pass(checkouts[name], records);
      totals[name].push(ms.total);
      for (const [type, value] of Object.entries(ms)) best[name][type] = Math.min(best[name][type] ?? Infinity, value);
    }
  }
  const same = outcomes.baseline === outcomes.current;
  console.log(`${records.length.toLocaleString('en-US')} commands, ${passesText} passes each, alternating; ${same ? `the same events and state for both (${outcomes.current})` : `DIFFERENT: baseline ${outcomes.baseline}, current ${outcomes.current}`}`);
  for (const name of ['baseline', 'current'] as const) {
    const types = Object.entries(best[name]).filter(([type]) => type !== 'total').sort((a, b) => b[1] - a[1]).slice(0, 3);
    const typesText = types.map(([type, value]) => `${type} ${value.toFixed(0)} ms`).join(', ');
    console.log(`${name.padEnd(8)} passes ${totals[name].map((ms) => (ms / 1000).toFixed(2)).join(' ')} s; best ${(best[name].total / 1000).toFixed(2)} s (${typesText})`);
  }
  console.log(`current / baseline, best passes: ${(best.current.total / best.baseline.total).toFixed(3)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
