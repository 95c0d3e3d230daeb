import { expect } from 'vitest';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { newIdNumber } from '../households/households.test-support.js';
import { createMember } from '../supervision/supervision.service.js';
import { createTraining } from './training.service.js';

export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;
  const township = (village: string) => `${village.slice(0, 9)}000`;

  const request = (organiser: string, village: string) => ({
    regionCode: organiser, title: `矩阵培训${env.next()}`, kind: 'training' as const, heldOn: chinaDate(), hours: 2, organiser: '矩阵测试单位',
    attendees: [{ kind: 'other' as const, name: '矩阵参训人', regionCode: village }],
  });
  /** A session organised by the township of the role's village (own or other), attended by someone of that village. */
  const sessionFor = async (r: TRole, own: boolean) => {
    const v = env.villageFor(r, own);
    return createTraining(db(), systemActor(), request(township(v), v));
  };
  const memberIn = (village: string) => createMember(db(), systemActor(), {
    regionCode: village, name: `矩阵成员${env.next()}`, idNumber: newIdNumber(), role: 'member', termStart: '2024-01-01', electedOn: '2023-12-20',
    electionRecord: '村民代表会议选举产生', backgrounds: [], isPartyMember: false,
  });
  const xlsx = (res: { headers?: Record<string, string> }) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml');

  return [
    { method: 'GET', route: '/api/v1/training/', permission: 'training:session:read', scoped: false, ok: 200, visibleAbove: true, request: async () => ({ url: '/api/v1/training/?pageSize=200' }) },
    { method: 'POST', route: '/api/v1/training/', permission: 'training:session:write', scoped: true, ok: 201, request: async (r, o) => ({ url: '/api/v1/training/', payload: request(env.townshipFor(r, o), env.villageFor(r, o)) }) },
    { method: 'GET', route: '/api/v1/training/:id', permission: 'training:session:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/training/${(await sessionFor(r, o)).id}` }) },
    { method: 'PUT', route: '/api/v1/training/:id', permission: 'training:session:write', scoped: true, ok: 200, request: async (r, o) => {
      const s = await sessionFor(r, o);
      return { url: `/api/v1/training/${s.id}`, payload: { ...request(s.regionCode, env.villageFor(r, o)), title: '矩阵培训（修改）' } };
    } },
    { method: 'DELETE', route: '/api/v1/training/:id', permission: 'training:session:write', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/training/${(await sessionFor(r, o)).id}`, payload: { reason: '矩阵测试：录入错误' } }) },
    { method: 'GET', route: '/api/v1/training/people/:kind/:id/history', permission: 'training:session:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/training/people/supervision_member/${(await memberIn(env.villageFor(r, o))).id}/history` }) },
    { method: 'GET', route: '/api/v1/training/coverage', permission: 'training:session:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/training/coverage?regionCode=${o ? env.placeOf(r).own : env.placeOf(r).other}` }) },
    {
      method: 'GET', route: '/api/v1/training/export.xlsx', permission: 'training:session:read', scoped: true, ok: 200,
      request: async (r, o) => {
        await sessionFor(r, o);
        return { url: `/api/v1/training/export.xlsx?regionCode=${env.villageFor(r, o)}` };
      },
      check: (res) => xlsx(res as never),
    },
  ];
}
