import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TReportLevel, TRole } from '@mpw/contracts';
import { makeUser } from '../../../test/helpers.js';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import * as reports from './reports.service.js';
import { actorOf, handTo, idNumber, newReport } from './reports.staff.test-support.js';

/** The level each handling role works at; other roles handle no report. */
const LEVEL_OF: Partial<Record<TRole, TReportLevel>> = {
  district_inspector: 'district',
  township_discipline: 'township',
  village_discipline: 'village_discipline',
  village_supervisor: 'village_supervision',
};

export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;

  /** The matrix's own account of a role (the first one made at its place). */
  async function matrixActor(role: TRole): Promise<Actor> {
    const [u] = await queryRows<{ id: string; username: string; region_code: string }>(
      db(),
      sql`select id, username, region_code from users where region_code = ${env.placeOf(role).own} and roles = array[${role}]::text[] order by created_at, id limit 1`,
    );
    return actorOf({ id: u!.id, username: u!.username, roles: [role], regionCode: u!.region_code });
  }

  /** A new real-name report about someone other than a cadre, in a village inside or outside the role's scope. */
  const reportFor = (role: TRole, own: boolean) => newReport(env.ctx, env.villageFor(role, own), { subjectName: `矩阵被举报人${env.next()}` });

  /** A report the role can see in its own place: village roles only see what is handed to their level. */
  async function visibleFor(role: TRole, own: boolean) {
    const r = await reportFor(role, own);
    const level = LEVEL_OF[role];
    if (level?.startsWith('village')) await handTo(env.ctx, r.id, level);
    return r;
  }

  /**
   * A report assigned to the role's matrix account where it can handle one (own place); otherwise
   * assigned to the township's matrix officer (own) or left at its level (other place: 404 anyway).
   */
  async function handledFor(role: TRole, own: boolean): Promise<{ id: string; handler: Actor | null }> {
    const r = await reportFor(role, own);
    if (!own) return { id: r.id, handler: null };
    const level = LEVEL_OF[role];
    const handler = await matrixActor(level ? role : 'township_discipline');
    await handTo(env.ctx, r.id, level ?? 'township');
    await reports.assignReport(db(), systemActor(), r.id, { userId: handler.userId! });
    return { id: r.id, handler };
  }

  async function concludedFor(role: TRole, own: boolean, feedback = false) {
    const { id, handler } = await handledFor(role, own);
    if (handler) {
      await reports.concludeReport(db(), handler, id, { conclusion: 'true', note: '矩阵测试：属实' });
      if (feedback) await reports.giveFeedback(db(), systemActor(), id, { text: '矩阵测试：已反馈' });
    }
    return id;
  }

  async function rewardFor(role: TRole, own: boolean, approved: boolean) {
    const id = await concludedFor(role, own);
    const d = await reports.proposeReward(db(), systemActor(), id, { amountFen: 60_000 }).catch(() => null);
    const rid = d?.rewards[0]?.id ?? '5f0c6a52-0000-4000-8000-000000000000';
    if (d && approved) await reports.decideReward(db(), systemActor(), id, rid, { approve: true });
    return { id, rid };
  }

  // district_admin holds every permission but is no level's handling role: it is never the assigned handler.
  const handlerOnly = { district_admin: 403 } as const;

  return [
    { method: 'GET', route: '/api/v1/reports/', permission: 'report:report:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/reports/?pageSize=200' }) },
    {
      method: 'POST', route: '/api/v1/reports/', permission: 'report:report:intake', scoped: true, ok: 201,
      request: async (r, o) => ({
        url: '/api/v1/reports/',
        payload: { category: 'works', regionCode: env.villageFor(r, o), subjectName: '矩阵某', subjectPosition: '村主任', subjectKind: 'other', content: '矩阵测试举报', anonymous: true, channel: 'phone' },
      }),
    },
    {
      method: 'GET', route: '/api/v1/reports/export.csv', permission: 'report:report:read', scoped: true, ok: 200,
      request: async (r, o) => {
        await visibleFor(r, o);
        return { url: `/api/v1/reports/export.csv?regionCode=${env.villageFor(r, o)}` };
      },
      check: (res, r) => {
        const lines = (res as unknown as { body: string }).body.trimEnd().split('\r\n');
        expect(lines[0]!.startsWith('举报编号,收到日期')).toBe(true);
        expect(lines.length).toBeGreaterThan(1);
        expect(lines.slice(1).every((l) => l.split(',')[4] === env.villageFor(r, true))).toBe(true);
      },
    },
    {
      method: 'GET', route: '/api/v1/reports/export.xlsx', permission: 'report:report:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/reports/export.xlsx?regionCode=${env.villageFor(r, o)}` }),
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
    {
      method: 'POST', route: '/api/v1/reports/handover', permission: 'report:report:assign', scoped: true, ok: 200,
      request: async (r, o) => {
        const t = env.townshipFor(r, o);
        const [from, to] = [await makeUser(env.ctx, t, ['township_discipline']), await makeUser(env.ctx, t, ['township_discipline'])];
        return { url: '/api/v1/reports/handover', payload: { fromUserId: from.id, toUserId: to.id, reason: '矩阵测试：调岗' } };
      },
    },
    { method: 'GET', route: '/api/v1/reports/:id', permission: 'report:report:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/reports/${(await visibleFor(r, o)).id}` }) },
    {
      method: 'GET', route: '/api/v1/reports/:id/print', permission: 'report:report:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/reports/${(await visibleFor(r, o)).id}/print` }),
      check: (res) => expect((res as unknown as { body: string }).body).toContain('举报件处理单'),
    },
    { method: 'GET', route: '/api/v1/reports/:id/assignees', permission: 'report:report:assign', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/reports/${(await reportFor(r, o)).id}/assignees` }) },
    { method: 'POST', route: '/api/v1/reports/:id/accept', permission: 'report:report:assign', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/reports/${(await reportFor(r, o)).id}/accept`, payload: {} }) },
    { method: 'POST', route: '/api/v1/reports/:id/not-accept', permission: 'report:report:assign', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/reports/${(await reportFor(r, o)).id}/not-accept`, payload: { reason: '矩阵测试：不属于受理范围' } }) },
    {
      method: 'POST', route: '/api/v1/reports/:id/assign', permission: 'report:report:assign', scoped: true, ok: 200,
      request: async (r, o) => {
        const { id } = await reportFor(r, o);
        await handTo(env.ctx, id, 'township');
        return { url: `/api/v1/reports/${id}/assign`, payload: { userId: (await matrixActor('township_discipline')).userId } };
      },
    },
    {
      method: 'POST', route: '/api/v1/reports/:id/transfer', permission: 'report:report:handle', scoped: true, ok: 200,
      request: async (r, o) => {
        const village = LEVEL_OF[r]?.startsWith('village');
        const { id } = village ? await handledFor(r, o) : await reportFor(r, o);
        return { url: `/api/v1/reports/${id}/transfer`, payload: { level: village ? 'township' : 'district', reason: '矩阵测试：转办' } };
      },
    },
    {
      method: 'POST', route: '/api/v1/reports/:id/subject', permission: 'report:report:handle', scoped: true, ok: 200,
      request: async (r, o) => {
        const { id } = LEVEL_OF[r]?.startsWith('village') ? await handledFor(r, o) : await reportFor(r, o);
        return { url: `/api/v1/reports/${id}/subject`, payload: { subjectIdNumber: idNumber(`11010519800101${String(env.next() % 1000).padStart(3, '0')}`) } };
      },
    },
    {
      method: 'POST', route: '/api/v1/reports/:id/notes', permission: 'report:report:handle', scoped: true, ok: 200, refusedRoles: handlerOnly,
      request: async (r, o) => ({ url: `/api/v1/reports/${(await handledFor(r, o)).id}/notes`, payload: { note: '矩阵测试：走访' } }),
    },
    {
      method: 'POST', route: '/api/v1/reports/:id/conclude', permission: 'report:report:handle', scoped: true, ok: 200, refusedRoles: handlerOnly,
      request: async (r, o) => ({ url: `/api/v1/reports/${(await handledFor(r, o)).id}/conclude`, payload: { conclusion: 'untrue', note: '矩阵测试：不属实' } }),
    },
    {
      method: 'POST', route: '/api/v1/reports/:id/questions', permission: 'report:report:handle', scoped: true, ok: 200, refusedRoles: handlerOnly,
      request: async (r, o) => ({ url: `/api/v1/reports/${(await handledFor(r, o)).id}/questions`, payload: { body: '矩阵测试：请补充时间' } }),
    },
    {
      method: 'POST', route: '/api/v1/reports/:id/reveal', permission: 'report:identity:reveal', scoped: true, ok: 200, refusedRoles: handlerOnly,
      request: async (r, o) => ({ url: `/api/v1/reports/${(await handledFor(r, o)).id}/reveal`, payload: { reason: '矩阵测试：联系举报人' } }),
    },
    { method: 'POST', route: '/api/v1/reports/:id/feedback', permission: 'report:report:handle', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/reports/${await concludedFor(r, o)}/feedback`, payload: { text: '矩阵测试：反馈' } }) },
    { method: 'POST', route: '/api/v1/reports/:id/archive', permission: 'report:report:assign', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/reports/${await concludedFor(r, o, true)}/archive`, payload: {} }) },
    { method: 'POST', route: '/api/v1/reports/:id/link', permission: 'report:report:handle', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/reports/${await concludedFor(r, o)}/link`, payload: { linkType: 'case', linkId: `AJ-${env.next()}` } }) },
    { method: 'POST', route: '/api/v1/reports/:id/rewards', permission: 'report:report:handle', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/reports/${await concludedFor(r, o)}/rewards`, payload: { amountFen: 60_000 } }) },
    {
      method: 'POST', route: '/api/v1/reports/:id/rewards/:rid/decide', permission: 'report:reward:approve', scoped: true, ok: 200,
      request: async (r, o) => {
        const { id, rid } = await rewardFor(r, o, false);
        return { url: `/api/v1/reports/${id}/rewards/${rid}/decide`, payload: { approve: true } };
      },
    },
    {
      method: 'POST', route: '/api/v1/reports/:id/rewards/:rid/paid', permission: 'report:reward:approve', scoped: true, ok: 200,
      request: async (r, o) => {
        const { id, rid } = await rewardFor(r, o, true);
        return { url: `/api/v1/reports/${id}/rewards/${rid}/paid`, payload: {} };
      },
    },
  ];
}
