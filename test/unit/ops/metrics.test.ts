/**
 * A route's meter is made once: asking for it again (each unreadable request asks for the unmatched one)
 * neither grows the meters kept nor splits the counts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metrics } from '../../../src/ops/metrics.ts';

describe('Metrics.route', () => {
  it('gives the same meter for the same method and route, and one series of counts', async () => {
    const metrics = new Metrics();
    const first = metrics.route('ANY', 'unmatched');
    for (let i = 0; i < 3; i++) assert.equal(metrics.route('ANY', 'unmatched'), first);
    assert.notEqual(metrics.route('GET', 'unmatched'), first);
    for (let i = 0; i < 3; i++) metrics.route('ANY', 'unmatched').record(501, 400);
    assert.match(await metrics.exposition(), /openconnex_http_requests_total\{method="ANY",route="unmatched",code="501",status="400"\} 3\n/);
  });
});
