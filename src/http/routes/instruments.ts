/** Instrument rules of the simulated venues (connex-api.md §4.8). */
import { Type } from '@sinclair/typebox';
import { text } from '../../wire/field-spec.ts';
import type { Router } from '../router.ts';
import { InstrumentRowSchema, instrumentRow } from '../../views/instrument.ts';

export function instrumentRoutes(router: Router): void {
  const routes = router.group('Instruments', 'Instrument rules of the simulated venues (connex-api.md §4.8).');

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/sym/info',
    summary: 'Instruments, keyed by sym',
    description: 'Every listed instrument, or the one named. A sym written with the `PEPR` typo of the reference pages means the PERP market.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'marketReference',
    fields: { sym: text({ description: 'Only this instrument.', example: 'BINANCE_SPOT_BTC_USDT' }) },
    response: Type.Record(Type.String(), InstrumentRowSchema),
    codes: [401011],
    handle({ values: { sym }, gateway }) {
      const instruments = sym === undefined ? [...gateway.reads.market.instruments()] : [gateway.reads.instrument(sym)];
      return Object.fromEntries(instruments.map((i) => [i.sym, instrumentRow(i)]));
    },
  });
}
