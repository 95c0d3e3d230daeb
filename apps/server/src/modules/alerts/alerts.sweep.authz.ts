import { expect } from 'vitest';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';

/** Authorization cases of the sweep routes (spread into alerts.authz.ts). */
export function sweepCases(env: MatrixEnv): MatrixCase[] {
  return [
    {
      // Every role holding alert:sweep:run sits in a district: "own" is its district, "other" the away one.
      method: 'POST', route: '/api/v1/alerts/sweeps', permission: 'alert:sweep:run', scoped: true, ok: 200,
      request: async (_r, o) => ({ url: '/api/v1/alerts/sweeps', payload: { regionCode: o ? env.home.district : env.away.district, asOf: '2026-06-30' } }),
      check: (res) => {
        expect(res.json()).toMatchObject({ regionCode: env.home.district, status: 'done', kind: 'full' });
      },
    },
    { method: 'GET', route: '/api/v1/alerts/sweeps', permission: 'alert:alert:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/alerts/sweeps?pageSize=200' }) },
  ];
}
