import { expect } from 'vitest';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';

/** Figures in a region of the account's subtree; a region outside it is answered as absent (404). */
export function cases(env: MatrixEnv): MatrixCase[] {
  return [
    {
      method: 'GET', route: '/api/v1/dashboards/', permission: 'dashboard:stats:read', scoped: true, ok: 200,
      request: async (r, own) => ({ url: `/api/v1/dashboards/?regionCode=${own ? env.placeOf(r).own : env.placeOf(r).other}` }),
      check: (res) => expect((res.json() as { groups: unknown[] }).groups.length).toBeGreaterThan(0),
    },
    {
      method: 'GET', route: '/api/v1/dashboards/workboard', permission: 'dashboard:stats:read', scoped: true, ok: 200,
      request: async (r, own) => ({ url: `/api/v1/dashboards/workboard?regionCode=${env.villageFor(r, own)}` }),
    },
  ];
}
