/** The operator's list of TWAP / VWAP providers (decisions M3): list them, activate or deactivate one (401205 for new algos of a deactivated one). */
import { Type } from '@sinclair/typebox';
import { flag, text } from '../../wire/field-spec.ts';
import { Strict } from '../../views/schema.ts';
import type { RouteGroupAdder } from '../router.ts';

const AlgoProviderSchema = Strict({ provider: Type.String({ examples: ['OPENCONNEX'] }), active: Type.Boolean() }, { title: 'AlgoProvider' });

export function algoProviderAdminRoutes(routes: RouteGroupAdder): void {
  routes.add({
    method: 'GET',
    url: '/admin/v1/algo/providers',
    auth: 'admin',
    summary: 'The TWAP / VWAP providers and whether each is active',
    fields: {},
    response: Type.Array(AlgoProviderSchema),
    codes: [],
    handle({ gateway }) {
      return gateway.reads.algoProviders();
    },
  });

  routes.add({
    method: 'POST',
    url: '/admin/v1/algo/providers',
    auth: 'admin',
    summary: 'Activate or deactivate a TWAP / VWAP provider',
    description: 'A deactivated provider takes no new TWAP / VWAP (401205); those already running go on to their endTime.',
    fields: {
      provider: text({ missing: 401200, maxLength: 32, invalid: 401200, example: 'OPENCONNEX' }),
      active: flag({ missing: 400009, invalid: 400000 }),
    },
    response: AlgoProviderSchema,
    codes: [401200, 400009, 400000],
    async handle({ values, gateway }) {
      return gateway.submit('setAlgoProvider', values);
    },
  });
}
