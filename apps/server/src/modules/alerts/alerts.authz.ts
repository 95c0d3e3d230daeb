import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { isWithinRegion, type TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { raiseAlert } from './alerts.service.js';
import { sweepCases } from './alerts.sweep.authz.js';

/** A fresh alert in a village inside (own) or outside (other) the role's scope. */
async function alertFor(env: MatrixEnv, role: TRole, own: boolean) {
  const village = env.villageFor(role, own);
  const subjectId = `${village}-2026-${String(env.next()).padStart(4, '0')}`;
  return audited(env.ctx.platform.deps.db, systemActor(), (w) =>
    raiseAlert(w, { rule: 'LATE_RECORD', subjectType: 'decision', subjectId, regionCode: village, summary: '矩阵测试预警', evidence: `decisions:${subjectId}/proposal` }),
  );
}

/** A fresh alert already judged (confirmed or dismissed), ready to close or reopen. */
async function handledAlertFor(env: MatrixEnv, role: TRole, own: boolean, status: 'confirmed' | 'dismissed') {
  const a = await alertFor(env, role, own);
  await audited(env.ctx.platform.deps.db, systemActor(), (w) =>
    w.tx.execute(sql`update alerts set status = ${status}, handled_at = now(), handling_reason = '矩阵测试', false_positive = ${status === 'dismissed' ? true : null} where id = ${a.id}`),
  );
  return a;
}

export function cases(env: MatrixEnv): MatrixCase[] {
  return [
    { method: 'GET', route: '/api/v1/alerts/', permission: 'alert:alert:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/alerts/?pageSize=200' }) },
    {
      method: 'GET', route: '/api/v1/alerts/export.csv', permission: 'alert:alert:read', scoped: true, ok: 200,
      request: async (r, o) => {
        await alertFor(env, r, o);
        return { url: `/api/v1/alerts/export.csv?regionCode=${env.villageFor(r, o)}` };
      },
      check: (res, r) => {
        const lines = (res as unknown as { body: string }).body.trimEnd().split('\r\n');
        expect(lines[0]).toBe('rule,subject_type,subject_id,village_code,severity,status,summary,evidence');
        expect(lines.length).toBeGreaterThan(1);
        expect(lines.slice(1).every((l) => l.split(',')[3] === env.villageFor(r, true))).toBe(true);
      },
    },
    {
      method: 'GET', route: '/api/v1/alerts/export.xlsx', permission: 'alert:alert:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/alerts/export.xlsx?regionCode=${env.villageFor(r, o)}` }),
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
    ...sweepCases(env),
    { method: 'GET', route: '/api/v1/alerts/:id', permission: 'alert:alert:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await alertFor(env, r, o)).id}` }) },
    {
      method: 'GET', route: '/api/v1/alerts/heat', permission: 'alert:alert:read', scoped: false, ok: 200,
      request: async (r) => {
        await alertFor(env, r, true);
        return { url: '/api/v1/alerts/heat' };
      },
      check: (res, r) => {
        const heat = res.json() as { villages: { villageCode: string }[]; total: number };
        expect(heat.total).toBeGreaterThan(0);
        expect(heat.villages.every((v) => isWithinRegion(v.villageCode, env.placeOf(r).own))).toBe(true);
      },
    },
    {
      method: 'GET', route: '/api/v1/alerts/precision', permission: 'alert:alert:read', scoped: false, ok: 200,
      request: async (r) => {
        await alertFor(env, r, true);
        return { url: '/api/v1/alerts/precision?groupBy=township' };
      },
      check: (res, r) => {
        const p = res.json() as { rows: { townshipCode: string }[] };
        expect(p.rows.length).toBeGreaterThan(0);
        const own = env.placeOf(r).own;
        expect(p.rows.every((row) => isWithinRegion(row.townshipCode, own) || isWithinRegion(own, row.townshipCode))).toBe(true);
      },
    },
    { method: 'GET', route: '/api/v1/alerts/:id/evidence', permission: 'alert:alert:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await alertFor(env, r, o)).id}/evidence` }) },
    { method: 'GET', route: '/api/v1/alerts/:id/history', permission: 'alert:alert:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await alertFor(env, r, o)).id}/history` }) },
    { method: 'GET', route: '/api/v1/alerts/:id/assignees', permission: 'alert:alert:assign', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await alertFor(env, r, o)).id}/assignees` }) },
    { method: 'POST', route: '/api/v1/alerts/:id/assign', permission: 'alert:alert:assign', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await alertFor(env, r, o)).id}/assign`, payload: {} }) },
    { method: 'POST', route: '/api/v1/alerts/:id/confirm', permission: 'alert:alert:handle', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await alertFor(env, r, o)).id}/confirm`, payload: { reason: '矩阵测试：属实' } }) },
    { method: 'POST', route: '/api/v1/alerts/:id/dismiss', permission: 'alert:alert:handle', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await alertFor(env, r, o)).id}/dismiss`, payload: { reason: '矩阵测试：误报', falsePositive: true } }) },
    { method: 'POST', route: '/api/v1/alerts/:id/close', permission: 'alert:alert:close', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await handledAlertFor(env, r, o, 'confirmed')).id}/close`, payload: { note: '矩阵测试：已整改' } }) },
    { method: 'POST', route: '/api/v1/alerts/:id/reopen', permission: 'alert:alert:handle', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await handledAlertFor(env, r, o, 'dismissed')).id}/reopen`, payload: { reason: '矩阵测试：复查' } }) },
  ];
}
