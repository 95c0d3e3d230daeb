import { expect } from 'vitest';
import { isWithinRegion, type TAssessmentResult, type TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { defaultSchemeTemplate, previousQuarter } from './assessment.policy.js';
import { changeSchemeStatus, computeResults, createScheme } from './assessment.service.js';

export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;
  const period = previousQuarter(chinaDate());
  /** Schemes belong to districts: the home district is every home account's own, the away district nobody's. */
  const districtOf = (own: boolean) => (own ? env.home.district : env.away.district);
  const request = (regionCode: string) => ({ ...defaultSchemeTemplate(), name: `矩阵考核方案${env.next()}`, regionCode });

  async function schemeIn(own: boolean, status: 'draft' | 'active') {
    const s = await createScheme(db(), systemActor(), request(districtOf(own)));
    return status === 'active' ? changeSchemeStatus(db(), systemActor(), s.id, 'activate') : s;
  }
  async function computedIn(own: boolean) {
    const s = await schemeIn(own, 'active');
    const { data } = await computeResults(db(), systemActor(), s.id, period);
    return { scheme: s, results: data };
  }
  /** A village's result in the home district (own) or the away district (other): only district accounts adjust. */
  const resultIn = async (own: boolean): Promise<TAssessmentResult> => {
    const { results } = await computedIn(own);
    return results.find((x) => x.regionCode === (own ? env.home.villageA1 : env.away.villageA1))!;
  };
  const rowsWithin = (r: TRole) => (res: { json(): unknown }) => {
    const rows = (res.json() as { data: { regionCode: string }[] }).data;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(isWithinRegion(row.regionCode, env.placeOf(r).own)).toBe(true);
  };

  return [
    { method: 'GET', route: '/api/v1/assessment/schemes', permission: 'assessment:scheme:read', scoped: false, ok: 200, visibleAbove: true, request: async () => ({ url: '/api/v1/assessment/schemes?pageSize=200' }) },
    { method: 'GET', route: '/api/v1/assessment/schemes/template', permission: 'assessment:scheme:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/assessment/schemes/template' }) },
    { method: 'POST', route: '/api/v1/assessment/schemes', permission: 'assessment:scheme:write', scoped: true, ok: 201, request: async (_r, own) => ({ url: '/api/v1/assessment/schemes', payload: request(districtOf(own)) }) },
    { method: 'GET', route: '/api/v1/assessment/schemes/:id', permission: 'assessment:scheme:read', scoped: true, ok: 200, request: async (_r, own) => ({ url: `/api/v1/assessment/schemes/${(await schemeIn(own, 'draft')).id}` }) },
    {
      method: 'PUT', route: '/api/v1/assessment/schemes/:id', permission: 'assessment:scheme:write', scoped: true, ok: 200,
      request: async (_r, own) => {
        const s = await schemeIn(own, 'draft');
        return { url: `/api/v1/assessment/schemes/${s.id}`, payload: { ...request(s.regionCode), name: '矩阵考核方案（改）' } };
      },
    },
    { method: 'POST', route: '/api/v1/assessment/schemes/:id/activate', permission: 'assessment:scheme:write', scoped: true, ok: 200, request: async (_r, own) => ({ url: `/api/v1/assessment/schemes/${(await schemeIn(own, 'draft')).id}/activate` }) },
    { method: 'POST', route: '/api/v1/assessment/schemes/:id/retire', permission: 'assessment:scheme:write', scoped: true, ok: 200, request: async (_r, own) => ({ url: `/api/v1/assessment/schemes/${(await schemeIn(own, 'active')).id}/retire` }) },
    {
      method: 'POST', route: '/api/v1/assessment/schemes/:id/periods/:period/compute', permission: 'assessment:result:adjust', scoped: true, ok: 200,
      request: async (_r, own) => ({ url: `/api/v1/assessment/schemes/${(await schemeIn(own, 'active')).id}/periods/${period}/compute` }),
    },
    {
      method: 'GET', route: '/api/v1/assessment/schemes/:id/periods/:period/results', permission: 'assessment:result:read', scoped: true, ok: 200,
      request: async (_r, own) => ({ url: `/api/v1/assessment/schemes/${(await computedIn(own)).scheme.id}/periods/${period}/results` }),
      check: (res, r) => rowsWithin(r)(res),
    },
    {
      method: 'GET', route: '/api/v1/assessment/schemes/:id/periods/:period/results/export.xlsx', permission: 'assessment:result:read', scoped: true, ok: 200,
      request: async (_r, own) => ({ url: `/api/v1/assessment/schemes/${(await computedIn(own)).scheme.id}/periods/${period}/results/export.xlsx` }),
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
    {
      method: 'POST', route: '/api/v1/assessment/schemes/:id/periods/:period/lock', permission: 'assessment:result:adjust', scoped: true, ok: 200,
      request: async (_r, own) => ({ url: `/api/v1/assessment/schemes/${(await computedIn(own)).scheme.id}/periods/${period}/lock` }),
    },
    {
      method: 'POST', route: '/api/v1/assessment/results/:id/adjust', permission: 'assessment:result:adjust', scoped: true, ok: 200,
      request: async (_r, own) => ({ url: `/api/v1/assessment/results/${(await resultIn(own)).id}/adjust`, payload: { score: 88.5, reason: '矩阵测试：调整' } }),
    },
  ];
}
