/** Instrument rules of the simulated venues (connex-api.md §4.8). */
import { allInstruments, instrumentOrThrow } from '../../venues/sim/instruments/registry.ts';
import type { Router } from '../router.ts';
import { instrumentRow } from '../../views/instrument.ts';

export function instrumentRoutes(router: Router): void {
  router.add({
    method: 'GET',
    url: '/api/v1/trading/sym/info',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'marketReference',
    handle({ fields }) {
      const sym = fields.text('sym');
      fields.done();
      const instruments = sym === undefined ? [...allInstruments()] : [instrumentOrThrow(sym)];
      return Object.fromEntries(instruments.map((i) => [i.sym, instrumentRow(i)]));
    },
  });
}
