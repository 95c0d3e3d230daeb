import { expect } from 'vitest';
import { ROLE_DEFINITIONS, parentCodeOf, type TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { acceptItem, answerItem, issueNotice } from './rectification.service.js';

const actorAt = (regionCode: string, role: TRole): Actor => ({ kind: 'user', userId: null, username: 'matrix', roles: [role], regionCode, requestId: null });
const deadline = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;

  const noticeRequest = (regionCode: string) => ({
    regionCode, title: `矩阵整改${env.next()}`, requirement: '矩阵测试：整改', deadline: deadline(), responsibleName: '矩阵责任人',
    items: [{ problem: '矩阵测试问题', requirement: '矩阵测试要求', sourceType: 'direct' as const }],
  });

  /** A notice issued by the unit's parent to `unit`. */
  async function noticeTo(unit: string) {
    const issuer = parentCodeOf(unit)!;
    return issueNotice(db(), actorAt(issuer, issuer.endsWith('000000') ? 'district_inspector' : 'township_discipline'), noticeRequest(unit));
  }

  /** The responsible unit an answering role belongs to (own) or one outside its scope; district roles answer nothing (a village's item). */
  const unitFor = (r: TRole, own: boolean) => (ROLE_DEFINITIONS[r].level === 'township' ? (own ? env.home.townshipA : env.home.townshipB) : env.villageFor(r, own));

  async function itemIn(unit: string, state: 'open' | 'answered' | 'closed') {
    const item = (await noticeTo(unit)).items[0]!;
    if (state !== 'open') await answerItem(db(), actorAt(unit, unit.endsWith('000') ? 'township_staff' : 'village_secretary'), item.id, { measures: '矩阵测试：已整改', attachmentIds: [] });
    if (state === 'closed') await acceptItem(db(), systemActor(), item.id, {});
    return item;
  }

  return [
    { method: 'GET', route: '/api/v1/rectification/notices', permission: 'rectification:notice:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/rectification/notices?pageSize=200' }) },
    { method: 'POST', route: '/api/v1/rectification/notices', permission: 'rectification:notice:issue', scoped: true, ok: 201, request: async (r, o) => ({ url: '/api/v1/rectification/notices', payload: noticeRequest(env.villageFor(r, o)) }) },
    { method: 'GET', route: '/api/v1/rectification/notices/:id', permission: 'rectification:notice:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/rectification/notices/${(await noticeTo(env.villageFor(r, o))).id}` }) },
    {
      method: 'GET', route: '/api/v1/rectification/notices/:id/print', permission: 'rectification:notice:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/rectification/notices/${(await noticeTo(env.villageFor(r, o))).id}/print` }),
      check: (res) => expect((res as unknown as { body: string }).body).toContain('整改通知书'),
    },
    { method: 'GET', route: '/api/v1/rectification/items', permission: 'rectification:notice:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/rectification/items?pageSize=200' }) },
    {
      method: 'GET', route: '/api/v1/rectification/items/export.xlsx', permission: 'rectification:notice:read', scoped: true, ok: 200,
      request: async (r, o) => {
        await noticeTo(env.villageFor(r, o));
        return { url: `/api/v1/rectification/items/export.xlsx?regionCode=${env.villageFor(r, o)}` };
      },
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
    { method: 'GET', route: '/api/v1/rectification/items/:id', permission: 'rectification:notice:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/rectification/items/${(await itemIn(env.villageFor(r, o), 'open')).id}` }) },
    {
      // Only the responsible unit itself answers: district_admin holds the permission but sits above the village.
      method: 'POST', route: '/api/v1/rectification/items/:id/answers', permission: 'rectification:item:answer', scoped: true, ok: 200, refusedRoles: { district_admin: 403 },
      request: async (r, o) => ({ url: `/api/v1/rectification/items/${(await itemIn(unitFor(r, o), 'open')).id}/answers`, payload: { measures: '矩阵测试：已整改' } }),
    },
    { method: 'POST', route: '/api/v1/rectification/items/:id/accept', permission: 'rectification:item:decide', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/rectification/items/${(await itemIn(env.villageFor(r, o), 'answered')).id}/accept`, payload: {} }) },
    { method: 'POST', route: '/api/v1/rectification/items/:id/return', permission: 'rectification:item:decide', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/rectification/items/${(await itemIn(env.villageFor(r, o), 'answered')).id}/return`, payload: { reason: '矩阵测试：材料不全' } }) },
    { method: 'POST', route: '/api/v1/rectification/items/:id/reopen', permission: 'rectification:item:decide', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/rectification/items/${(await itemIn(env.villageFor(r, o), 'closed')).id}/reopen`, payload: { reason: '矩阵测试：反弹' } }) },
    { method: 'GET', route: '/api/v1/rectification/stats', permission: 'rectification:notice:read', scoped: false, ok: 200, request: async () => ({ url: `/api/v1/rectification/stats?to=${chinaDate()}` }) },
  ];
}
