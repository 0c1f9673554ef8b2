/**
 * The layers' arrows (design.md "Layout"), checked over every import of src/ so that they hold
 * without anyone remembering them. Each rule names what may be imported; a broken rule lists the
 * offending imports.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

interface Import {
  /** Both relative to src/, with forward slashes. */
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT = /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'(\.[^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string, text: string): Import[] {
  const from = relative(SRC, file).split('\\').join('/');
  return [...text.matchAll(IMPORT)].map((match) => {
    const names = /\{([^}]*)\}/.exec(match[0])?.[1];
    const allNamesTypes = names !== undefined && names.split(',').every((name) => name.trim() === '' || name.trim().startsWith('type '));
    const to = relative(SRC, resolve(dirname(file), match[2])).split('\\').join('/');
    return { from, to, typeOnly: match[1] !== undefined || allNamesTypes };
  });
}

const inside = (path: string, ...folders: string[]) => folders.some((folder) => path.startsWith(`${folder}/`));
const TRANSPORTS = ['http', 'ws', 'auth', 'wire', 'views', 'limits', 'docs'];
/** The engine's seam for the transports: its reads, and the types of commands, events and submit. */
const ENGINE_SEAM = 'engine/reads.ts';
const ENGINE_SEAM_TYPES = ['engine/core/commands.ts', 'engine/core/events.ts', 'engine/core/runtime.ts', ENGINE_SEAM];

interface Rule {
  name: string;
  broken: (i: Import) => boolean;
}

const RULES: Rule[] = [
  {
    name: 'domain/ imports only catalogue/ and domain/',
    broken: (i) => inside(i.from, 'domain') && !inside(i.to, 'domain', 'catalogue'),
  },
  {
    name: 'transports reach the engine only through engine/reads.ts (and the types of commands, events and submit)',
    broken: (i) => inside(i.from, ...TRANSPORTS) && inside(i.to, 'engine') && i.to !== ENGINE_SEAM && !(i.typeOnly && ENGINE_SEAM_TYPES.includes(i.to)),
  },
  {
    name: 'outside venues/, venues/index.ts is the only way into the venues',
    broken: (i) => !inside(i.from, 'venues') && inside(i.to, 'venues') && i.to !== 'venues/index.ts',
  },
  {
    name: 'engine/ never imports the transports',
    broken: (i) => inside(i.from, 'engine') && inside(i.to, ...TRANSPORTS),
  },
  {
    name: 'venues/ and store/ never import the engine but for its event types, nor the transports but for the paging types of wire/',
    broken: (i) =>
      inside(i.from, 'venues', 'store') &&
      ((inside(i.to, ...TRANSPORTS) && !(i.typeOnly && i.to === 'wire/fields.ts')) || (inside(i.to, 'engine') && !(i.typeOnly && i.to === 'engine/core/events.ts'))),
  },
];

function violations(imports: readonly Import[]): string[] {
  return RULES.flatMap((rule) => imports.filter(rule.broken).map((i) => `${rule.name}: ${i.from} → ${i.to}`));
}

describe('architecture: the arrows point one way', () => {
  const imports = sourceFiles(SRC).flatMap((file) => importsOf(file, readFileSync(file, 'utf8')));

  it('reads the imports of every source file', () => {
    assert.ok(imports.length > 300, `only ${imports.length} imports found`);
    assert.ok(imports.some((i) => i.from === 'app.ts' && i.to === 'engine/core/runtime.ts'));
  });

  it('keeps every rule', () => {
    assert.deepEqual(violations(imports), []);
  });

  it('catches each kind of broken arrow', () => {
    const broken: Import[] = [
      { from: 'domain/orders/order.ts', to: 'venues/venue.ts', typeOnly: true },
      { from: 'http/routes/orders.ts', to: 'engine/trading/place.ts', typeOnly: false },
      { from: 'http/routes/orders.ts', to: 'engine/core/state.ts', typeOnly: true },
      { from: 'ws/public/venue-source.ts', to: 'venues/sim/state.ts', typeOnly: false },
      { from: 'engine/trading/place.ts', to: 'http/router.ts', typeOnly: true },
      { from: 'store/history/projector.ts', to: 'engine/core/state.ts', typeOnly: true },
    ];
    for (const i of broken) assert.notDeepEqual(violations([i]), [], `${i.from} → ${i.to}`);
    assert.deepEqual(violations([{ from: 'http/routes/orders.ts', to: 'engine/core/commands.ts', typeOnly: true }]), []);
  });
});
