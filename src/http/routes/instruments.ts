/** Instrument rules of the simulated venues (connex-api.md §4.8). */
import type { Router } from '../router.ts';
import { instrumentRow } from '../../views/instrument.ts';

export function instrumentRoutes(router: Router): void {
  router.add({
    method: 'GET',
    url: '/api/v1/trading/sym/info',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'marketReference',
    handle({ fields, gateway }) {
      const sym = fields.text('sym');
      fields.done();
      const instruments = sym === undefined ? [...gateway.reads.market.instruments()] : [gateway.reads.instrument(sym)];
      return Object.fromEntries(instruments.map((i) => [i.sym, instrumentRow(i)]));
    },
  });
}
