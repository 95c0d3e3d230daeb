import { expect } from 'vitest';
import type { TRole } from '@mpw/contracts';
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
    ...sweepCases(env),
    { method: 'GET', route: '/api/v1/alerts/:id', permission: 'alert:alert:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/alerts/${(await alertFor(env, r, o)).id}` }) },
  ];
}
