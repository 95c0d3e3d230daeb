import { expect } from 'vitest';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import type { Actor } from '../../lib/actor.js';
import { addCalendarDays } from '../../lib/calendar/index.js';
import { setOverride } from './calendar.service.js';

/**
 * Calendar routes in the authorization matrix. The calendar belongs to the caller's district,
 * so no route addresses a record of another region (scoped: false); the checks make sure each
 * answer is about the caller's own district.
 */
export function cases(env: MatrixEnv): MatrixCase[] {
  /** A fresh day per request, far from real data, so writes never collide. */
  const freshDay = () => addCalendarDays('2031-01-01', env.next());
  const homeDistrict = () => env.home.district;
  const districtActor = (): Actor => ({ kind: 'user', userId: null, username: 'matrix', roles: ['district_admin'], regionCode: homeDistrict(), requestId: null });

  return [
    {
      method: 'GET', route: '/api/v1/calendar/', permission: 'calendar:day:read', scoped: false, ok: 200,
      request: async () => ({ url: '/api/v1/calendar/?year=2025' }),
      check: (res) => expect(res.json()).toMatchObject({ year: 2025, districtCode: homeDistrict() }),
    },
    {
      method: 'GET', route: '/api/v1/calendar/working-days', permission: 'calendar:day:read', scoped: false, ok: 200,
      request: async () => ({ url: '/api/v1/calendar/working-days?from=2025-09-30&days=1' }),
      check: (res) => expect(res.json()).toMatchObject({ due: '2025-10-09', districtCode: homeDistrict() }),
    },
    {
      method: 'PUT', route: '/api/v1/calendar/days/:day', permission: 'calendar:day:write', scoped: false, ok: 200,
      request: async () => ({ url: `/api/v1/calendar/days/${freshDay()}`, payload: { kind: 'holiday', name: '矩阵测试' } }),
      check: (res) => expect(res.json()).toMatchObject({ kind: 'holiday', regionCode: homeDistrict() }),
    },
    {
      method: 'DELETE', route: '/api/v1/calendar/days/:day', permission: 'calendar:day:write', scoped: false, ok: 200,
      request: async () => {
        const day = freshDay();
        await setOverride(env.ctx.platform.deps.db, districtActor(), { day, kind: 'workday', name: '矩阵测试' });
        return { url: `/api/v1/calendar/days/${day}` };
      },
    },
  ];
}
