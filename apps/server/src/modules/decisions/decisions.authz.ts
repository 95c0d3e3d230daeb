import { expect } from 'vitest';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { createDecision, recordStage } from './decisions.service.js';

/** A fresh decision in a village inside (own) or outside (other) the role's scope. */
async function decisionFor(env: MatrixEnv, role: TRole, own: boolean) {
  return createDecision(env.ctx.platform.deps.db, systemActor(), { regionCode: env.villageFor(role, own), title: `矩阵测试决策${env.next()}`, amountFen: 100_000 });
}

export function cases(env: MatrixEnv): MatrixCase[] {
  return [
    { method: 'GET', route: '/api/v1/decisions/', permission: 'decision:decision:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/decisions/?pageSize=200' }) },
    {
      method: 'GET', route: '/api/v1/decisions/export.csv', permission: 'decision:decision:read', scoped: true, ok: 200,
      request: async (r, o) => {
        const d = await decisionFor(env, r, o);
        await recordStage(env.ctx.platform.deps.db, systemActor(), d.id, { stage: 'proposal', heldOn: chinaDate() });
        return { url: `/api/v1/decisions/export.csv?regionCode=${d.regionCode}` };
      },
      check: (res) => {
        const body = (res as unknown as { body: string }).body;
        expect(body.startsWith('decision_id,village_code,')).toBe(true);
        expect(body).toContain(',proposal,');
      },
    },
    { method: 'GET', route: '/api/v1/decisions/:id', permission: 'decision:decision:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/decisions/${(await decisionFor(env, r, o)).id}` }) },
    {
      method: 'POST', route: '/api/v1/decisions/', permission: 'decision:decision:write', scoped: true, ok: 201,
      request: async (r, o) => ({ url: '/api/v1/decisions/', payload: { regionCode: env.villageFor(r, o), title: `矩阵新决策${env.next()}`, amountFen: 5_000_000 } }),
    },
    {
      method: 'POST', route: '/api/v1/decisions/:id/stages', permission: 'decision:decision:write', scoped: true, ok: 201,
      request: async (r, o) => ({ url: `/api/v1/decisions/${(await decisionFor(env, r, o)).id}/stages`, payload: { stage: 'proposal', heldOn: chinaDate(), eligible: 5, attendees: 5, votesFor: 5 } }),
    },
  ];
}
