import { expect } from 'vitest';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { seedHouseholds } from './households.test-support.js';

export function cases(env: MatrixEnv): MatrixCase[] {
  const deps = () => env.ctx.platform.deps;
  /** Households in villages inside and outside every scope, once: the list must show only the caller's. */
  let spread: Promise<void> | null = null;
  const spreadHouseholds = () =>
    (spread ??= (async () => {
      for (const v of [env.home.villageA1, env.home.villageA2, env.home.villageB1, env.away.villageA1]) await seedHouseholds(deps(), v, 1);
    })());
  const rowsOf = (res: { json(): unknown }) => (res.json() as { data: { regionCode: string }[] }).data;

  return [
    {
      method: 'GET', route: '/api/v1/households/', permission: 'household:code:read', scoped: false, ok: 200,
      request: async () => {
        await spreadHouseholds();
        return { url: '/api/v1/households/?pageSize=200' };
      },
      check: (res) => expect(rowsOf(res).length).toBeGreaterThan(0),
    },
    {
      method: 'POST', route: '/api/v1/households/codes', permission: 'household:code:issue', scoped: true, ok: 201,
      request: async (r, own) => {
        const [h] = await seedHouseholds(deps(), env.villageFor(r, own), 1);
        return { url: '/api/v1/households/codes', payload: { regionCode: h!.village, householdIds: [h!.householdId] } };
      },
      check: (res) => expect((res.json() as { cards: { code: string }[] }).cards[0]!.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/),
    },
    {
      method: 'GET', route: '/api/v1/households/satisfaction', permission: 'survey:result:read', scoped: true, ok: 200,
      request: async (r, own) => ({ url: `/api/v1/households/satisfaction?regionCode=${env.villageFor(r, own)}` }),
      check: (res, r) => expect((res.json() as { rows: { regionCode: string }[] }).rows.map((x) => x.regionCode)).toEqual([env.villageFor(r, true)]),
    },
  ];
}
