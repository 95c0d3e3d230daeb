import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { TFlowStep, TPowerItemContent } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { createItem } from '../power/power.service.js';

/** The township's filing inbox (备案收件箱) is a paged query: totals and per-village counts hold past any page size. */
let ctx: TestContext;
let w: World;
let township: Client;

const step = (s: Pick<TFlowStep, 'id' | 'name' | 'kind' | 'role'>) => ({ deadlineDays: 5, materials: [], disclose: '', ...s }) as TFlowStep;
const STEPS: TFlowStep[] = [
  step({ id: 'apply', name: '提出申请', kind: 'application', role: 'village_secretary' }),
  step({ id: 'review', name: '乡镇审核', kind: 'review', role: 'township_staff' }),
  step({ id: 'filing', name: '乡镇备案', kind: 'filing', role: 'township_staff' }),
  step({ id: 'result', name: '结果公开', kind: 'disclosure', role: 'village_secretary' }),
];
const content: TPowerItemContent = {
  name: '备案测试事项', category: '民生保障', gbClass: '', legalBasis: ['测试依据'], responsibilities: [{ subject: '村党组织书记', duty: '第一责任人' }],
  flow: { steps: STEPS }, riskPoints: [], disclosure: [], timeLimitDays: 30, materials: [], isService: false, summary: '',
};
/** Waiting at the filing step: 150 in 甲一村 (30 overdue), 80 in 甲二村; elsewhere: under review, paused, in 乙一村. */
const WAITING = { a1: 150, a1Overdue: 30, a2: 80 };

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const db = ctx.platform.deps.db;
  const item = await createItem(db, systemActor(), { code: 'BA-01', content, regionCode: w.district });
  const today = chinaDate();
  const past = '2020-01-01';
  let n = 0;
  const row = (region: string, status: string, currentStep: number, dueOn: string) =>
    sql`(${randomUUID()}, ${`${region}-T-${++n}`}, ${item.id}, 1, ${`事项${n}`}, ${status}, ${currentStep}, ${dueOn}, ${region})`;
  const rows = [
    ...Array.from({ length: WAITING.a1 }, (_, i) => row(w.villageA1, 'running', 2, i < WAITING.a1Overdue ? past : '2099-01-01')),
    ...Array.from({ length: WAITING.a2 }, () => row(w.villageA2, 'running', 2, today)),
    ...Array.from({ length: 5 }, () => row(w.villageA1, 'running', 1, past)),
    row(w.villageA1, 'paused', 2, past),
    row(w.villageA1, 'completed', 3, past),
    ...Array.from({ length: 3 }, () => row(w.villageB1, 'running', 2, past)),
  ];
  await audited(db, systemActor(), async ({ tx }) => {
    await tx.execute(sql`insert into matters (id, matter_no, item_id, item_version, title, status, current_step, step_due_on, region_code) values ${sql.join(rows, sql`, `)}`);
  });
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_staff'])).username);
}, 120_000);
afterAll(() => ctx.close());

describe('the filing inbox', () => {
  it('pages the waiting matters with the full total, overdue count and per-village counts', async () => {
    const total = WAITING.a1 + WAITING.a2;
    const ids = new Set<string>();
    // The first page and the last (page 12 of 20 holds the last 10 of 230).
    for (const [current, size] of [[1, 20], [12, 10]] as const) {
      const res = await township.get(`/api/v1/matters/filings?current=${current}&pageSize=20`);
      expect(res.statusCode, res.body).toBe(200);
      const inbox = res.json() as { pending: { id: string; currentStepKind: string; regionCode: string }[]; pendingTotal: number; pendingOverdue: number; byVillage: { regionCode: string; pending: number }[] };
      expect(inbox.pendingTotal).toBe(total);
      expect(inbox.pendingOverdue).toBe(WAITING.a1Overdue);
      expect(inbox.pending).toHaveLength(size);
      expect(inbox.pending.every((m) => m.currentStepKind === 'filing')).toBe(true);
      inbox.pending.forEach((m) => ids.add(m.id));
      expect(Object.fromEntries(inbox.byVillage.map((v) => [v.regionCode, v.pending]))).toEqual({ [w.villageA1]: WAITING.a1, [w.villageA2]: WAITING.a2 });
    }
    expect(ids.size).toBe(30);
    expect((await township.get('/api/v1/matters/filings?pageSize=500')).statusCode).toBe(400);
  });
});
