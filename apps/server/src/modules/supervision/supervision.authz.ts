import { expect } from 'vitest';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { newIdNumber } from '../households/households.test-support.js';
import { createMember } from './supervision.service.js';

export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;
  const input = (regionCode: string) => ({
    regionCode, name: `矩阵成员${env.next()}`, idNumber: newIdNumber(), role: 'member' as const, termStart: '2024-01-01', electedOn: '2023-12-20',
    electionRecord: '村民代表会议选举产生', backgrounds: ['finance' as const], isPartyMember: true,
  });
  const memberFor = (r: TRole, own: boolean) => createMember(db(), systemActor(), input(env.villageFor(r, own)));
  const { regionCode: _omit, ...successor } = input('000000000000');

  return [
    { method: 'GET', route: '/api/v1/supervision/members', permission: 'supervision:member:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/supervision/members?pageSize=200' }) },
    { method: 'POST', route: '/api/v1/supervision/members', permission: 'supervision:member:write', scoped: true, ok: 201, request: async (r, o) => ({ url: '/api/v1/supervision/members', payload: input(env.villageFor(r, o)) }) },
    { method: 'PUT', route: '/api/v1/supervision/members/:id', permission: 'supervision:member:write', scoped: true, ok: 200, request: async (r, o) => {
      const m = await memberFor(r, o);
      return { url: `/api/v1/supervision/members/${m.id}`, payload: { ...input(env.villageFor(r, o)), name: '矩阵成员（改）' } };
    } },
    { method: 'POST', route: '/api/v1/supervision/members/:id/replace', permission: 'supervision:member:write', scoped: true, ok: 200, request: async (r, o) => ({
      url: `/api/v1/supervision/members/${(await memberFor(r, o)).id}/replace`,
      payload: { reason: '矩阵测试：工作调动', leftOn: '2025-06-30', successor: { ...successor, idNumber: newIdNumber() } },
    }) },
    { method: 'GET', route: '/api/v1/supervision/structure', permission: 'supervision:member:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/supervision/structure?regionCode=${o ? env.placeOf(r).own : env.placeOf(r).other}` }) },
    {
      method: 'GET', route: '/api/v1/supervision/members/export.xlsx', permission: 'supervision:member:read', scoped: true, ok: 200,
      request: async (r, o) => {
        await memberFor(r, o);
        return { url: `/api/v1/supervision/members/export.xlsx?regionCode=${env.villageFor(r, o)}` };
      },
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
  ];
}
