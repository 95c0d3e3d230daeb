import type { TRole } from '@mpw/contracts';
import type { AppDeps } from '../../types.js';
import type { Actor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { changeSchemeStatus, computeResults, createScheme } from '../assessment/assessment.service.js';
import { defaultSchemeTemplate, previousQuarter } from '../assessment/assessment.policy.js';
import { quarterOf } from '../households/households.policy.js';
import { DEMO_DISTRICT } from './demo.data.js';

interface DemoAccount {
  id: string;
  username: string;
  regionCode: string | null;
  roles: TRole[];
}

/**
 * 考核评价 of the demo district: the default scheme for 清溪区's villages, activated by 区纪委监委
 * (`inspector`) and computed for last quarter — from the demo's history (demo.history.ts), so the
 * villages' scores differ — and for this quarter so far, from the demo's current work (still mostly
 * flagged as resting on little data). Both periods stay unlocked so they can be recomputed, adjusted
 * and locked in the console. Call after every other seed.
 */
export async function seedDemoAssessment(deps: AppDeps, accounts: DemoAccount[]): Promise<void> {
  const inspector = accounts.find((a) => a.username === 'inspector');
  if (!inspector) throw new Error('demo account inspector is missing');
  const actor: Actor = { kind: 'user', userId: inspector.id, username: inspector.username, roles: inspector.roles, regionCode: inspector.regionCode, requestId: null };
  const scheme = await createScheme(deps.db, actor, { ...defaultSchemeTemplate(), name: '清溪区村级小微权力监督考核（演示）', regionCode: DEMO_DISTRICT });
  await changeSchemeStatus(deps.db, actor, scheme.id, 'activate');
  const today = chinaDate();
  await computeResults(deps.db, actor, scheme.id, previousQuarter(today), today);
  await computeResults(deps.db, actor, scheme.id, quarterOf(today), today);
}
