/** Scrapes GET /metrics as Prometheus would (the admin token as a bearer credential) and reads its text exposition. */
import assert from 'node:assert/strict';
import type { TestServer } from './server.ts';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export class Scrape {
  constructor(readonly samples: Sample[]) {}

  /** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
  find(name: string, labels: Record<string, string> = {}): number | undefined {
    const matching = this.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    assert.ok(matching.length <= 1, `${matching.length} samples of ${name} ${JSON.stringify(labels)}`);
    return matching[0]?.value;
  }

  /** A gauge, or a histogram's part, that must be there. */
  value(name: string, labels: Record<string, string> = {}): number {
    const value = this.find(name, labels);
    assert.notEqual(value, undefined, `no sample ${name} ${JSON.stringify(labels)}`);
    return value!;
  }

  /** A counter: 0 while it has no series for these labels (it has not moved yet). */
  count(name: string, labels: Record<string, string> = {}): number {
    return this.find(name, labels) ?? 0;
  }
}

export function parseExposition(text: string): Scrape {
  const samples = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      assert.ok(match, `not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, k, v]) => [k, v]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
  return new Scrape(samples);
}

export async function scrape(server: TestServer): Promise<Scrape> {
  const response = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${server.app.adminToken}` } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await response.text());
}

/** Scrapes until `ready` holds (what the server does on a socket's close or open comes a moment after the client sees it). */
export async function scrapeUntil(server: TestServer, ready: (scrape: Scrape) => boolean, timeoutMs = 5000): Promise<Scrape> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await scrape(server);
    if (ready(result) || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
