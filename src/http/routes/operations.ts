/**
 * Endpoints for operators' tools. `/health` and `/ready` are open: load balancers and orchestrators
 * probe without credentials, and the answers tell nothing but whether to send traffic. `/metrics` shows
 * the whole server's activity (users, orders, traffic by endpoint), so it takes the admin token, as the
 * operator's API on this port does; Prometheus sends it as a bearer credential.
 */
import { jsonAnswer, type Router } from '../router.ts';

export function operationsRoutes(router: Router): void {
  /** Alive: the process serves HTTP. */
  router.add({
    method: 'GET',
    url: '/health',
    auth: 'none',
    raw: true,
    handle({ fields }) {
      fields.done();
      return jsonAnswer(200, { status: 'ok' });
    },
  });

  /** Ready for traffic: the engine takes writes and the history store answers; else 503 naming what is not. */
  router.add({
    method: 'GET',
    url: '/ready',
    auth: 'none',
    raw: true,
    async handle({ fields, gateway }) {
      fields.done();
      const { ready, checks } = await gateway.readiness.check();
      return jsonAnswer(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
    },
  });

  router.add({
    method: 'GET',
    url: '/metrics',
    auth: 'admin',
    raw: true,
    async handle({ fields, gateway }) {
      fields.done();
      return { status: 200, contentType: gateway.metrics.contentType, body: await gateway.metrics.exposition() };
    },
  });
}
