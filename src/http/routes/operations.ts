/**
 * Endpoints for operators' tools. `/health` and `/ready` are open: load balancers and orchestrators
 * probe without credentials, and the answers tell nothing but whether to send traffic. `/metrics` shows
 * the whole server's activity (users, orders, traffic by endpoint), so it takes the admin token, as the
 * operator's API on this port does; Prometheus sends it as a bearer credential.
 */
import { Type } from '@sinclair/typebox';
import { Strict } from '../../views/schema.ts';
import { jsonAnswer, type Router } from '../router.ts';

const JSON_TYPE = 'application/json';
const CHECKS = Strict({ engine: Type.String({ description: '"ok", or what is wrong.' }), history: Type.String({ description: '"ok", or what is wrong.' }) });

export function operationsRoutes(router: Router): void {
  const routes = router.group('Operations', 'For load balancers, orchestrators and Prometheus: answers in their own formats.');

  /** Alive: the process serves HTTP. */
  routes.add({
    method: 'GET',
    url: '/health',
    auth: 'none',
    raw: true,
    summary: 'Alive: the process serves HTTP',
    fields: {},
    answers: [{ status: 200, description: 'Alive.', contentType: JSON_TYPE, schema: Strict({ status: Type.Literal('ok') }) }],
    handle() {
      return jsonAnswer(200, { status: 'ok' });
    },
  });

  /** Ready for traffic: the engine takes writes and the history store answers; else 503 naming what is not. */
  routes.add({
    method: 'GET',
    url: '/ready',
    auth: 'none',
    raw: true,
    summary: 'Ready for traffic: the engine takes writes and the history store answers',
    fields: {},
    answers: [
      { status: 200, description: 'Ready.', contentType: JSON_TYPE, schema: Strict({ status: Type.Literal('ready'), checks: CHECKS }) },
      { status: 503, description: 'Not ready: the checks say what is not.', contentType: JSON_TYPE, schema: Strict({ status: Type.Literal('not ready'), checks: CHECKS }) },
    ],
    async handle({ gateway }) {
      const { ready, checks } = await gateway.readiness.check();
      return jsonAnswer(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
    },
  });

  routes.add({
    method: 'GET',
    url: '/metrics',
    auth: 'admin',
    raw: true,
    summary: 'Prometheus metrics',
    description: 'The text exposition format; Prometheus sends the admin token as a bearer credential.',
    fields: {},
    answers: [{ status: 200, description: 'The metrics.', contentType: 'text/plain' }],
    async handle({ gateway }) {
      return { status: 200, contentType: gateway.metrics.contentType, body: await gateway.metrics.exposition() };
    },
  });
}
