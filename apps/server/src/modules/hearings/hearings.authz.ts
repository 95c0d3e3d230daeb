import { hasPermission, type TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { anonymousActor, systemActor } from '../../lib/actor.js';
import { askVillageQuestion } from './hearings.public.service.js';
import { createHearing, startHearing } from './hearings.service.js';

/** Roles that read sessions but neither manage them nor are the cadre: refused on a report (403). */
const REPORT_REFUSED: Partial<Record<TRole, number>> = Object.fromEntries(
  (['district_inspector', 'department_officer', 'township_discipline', 'township_staff', 'village_secretary', 'village_accountant', 'village_supervisor', 'village_discipline'] as TRole[])
    .filter((r) => !hasPermission([r], 'hearing:hearing:manage'))
    .map((r) => [r, 403]),
);

export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;
  const future = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

  const hearingRequest = (regionCode: string) => ({
    regionCode,
    title: `矩阵问政会${env.next()}`,
    quarter: '2026-Q4',
    scheduledAt: future(),
    place: '村委会议室',
    cadres: [{ name: '矩阵干部', position: '村党组织书记' }],
  });

  async function hearingIn(village: string, state: 'scheduled' | 'in_session' = 'scheduled') {
    const h = await createHearing(db(), systemActor(), hearingRequest(village));
    if (state === 'in_session') await startHearing(db(), systemActor(), h.id);
    return h;
  }

  async function questionIn(village: string) {
    return askVillageQuestion(db(), anonymousActor(), null, { villageCode: village, content: '矩阵测试：村道什么时候修？', anonymous: true });
  }

  const at = (r: TRole, own: boolean) => env.villageFor(r, own);
  const base = '/api/v1/hearings';

  return [
    { method: 'GET', route: `${base}/`, permission: 'hearing:hearing:read', scoped: false, ok: 200, request: async () => ({ url: `${base}/?pageSize=200` }) },
    { method: 'POST', route: `${base}/`, permission: 'hearing:hearing:manage', scoped: true, ok: 201, request: async (r, o) => ({ url: `${base}/`, payload: hearingRequest(at(r, o)) }) },
    { method: 'GET', route: `${base}/questions`, permission: 'hearing:hearing:read', scoped: false, ok: 200, request: async () => ({ url: `${base}/questions?pageSize=200` }) },
    {
      method: 'POST', route: `${base}/questions/:id/answer`, permission: 'hearing:question:answer', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `${base}/questions/${(await questionIn(at(r, o))).id}/answer`, payload: { answer: '矩阵测试：下月动工。' } }),
    },
    {
      method: 'POST', route: `${base}/questions/:id/hide`, permission: 'hearing:question:moderate', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `${base}/questions/${(await questionIn(at(r, o))).id}/hide`, payload: { reason: '矩阵测试：含辱骂内容' } }),
    },
    { method: 'GET', route: `${base}/:id`, permission: 'hearing:hearing:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `${base}/${(await hearingIn(at(r, o))).id}` }) },
    {
      method: 'PUT', route: `${base}/:id`, permission: 'hearing:hearing:manage', scoped: true, ok: 200,
      request: async (r, o) => {
        const { regionCode, ...body } = hearingRequest(at(r, o));
        return { url: `${base}/${(await hearingIn(regionCode)).id}`, payload: { ...body, place: '村文化礼堂' } };
      },
    },
    { method: 'POST', route: `${base}/:id/start`, permission: 'hearing:hearing:manage', scoped: true, ok: 200, request: async (r, o) => ({ url: `${base}/${(await hearingIn(at(r, o))).id}/start` }) },
    { method: 'POST', route: `${base}/:id/close`, permission: 'hearing:hearing:manage', scoped: true, ok: 200, request: async (r, o) => ({ url: `${base}/${(await hearingIn(at(r, o), 'in_session')).id}/close` }) },
    { method: 'POST', route: `${base}/:id/cancel`, permission: 'hearing:hearing:manage', scoped: true, ok: 200, request: async (r, o) => ({ url: `${base}/${(await hearingIn(at(r, o))).id}/cancel`, payload: { reason: '矩阵测试：改期' } }) },
    {
      // The cadre's own account or a manager: reading roles without hearing:hearing:manage are refused on a record in scope.
      method: 'PUT', route: `${base}/:id/cadres/:cadreId/report`, permission: 'hearing:hearing:read', scoped: true, ok: 200, refusedRoles: REPORT_REFUSED,
      request: async (r, o) => {
        const h = await hearingIn(at(r, o));
        return { url: `${base}/${h.id}/cadres/${h.cadres[0]!.id}/report`, payload: { report: '矩阵测试：本季度履职情况和廉洁自律情况报告。' } };
      },
    },
    { method: 'GET', route: `${base}/:id/ratings/comments`, permission: 'hearing:rating:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `${base}/${(await hearingIn(at(r, o))).id}/ratings/comments` }) },
  ];
}
