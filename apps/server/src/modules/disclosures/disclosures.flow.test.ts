import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { TFlowStep, TPowerItemContent } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { chinaDate } from '../../lib/time.js';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { createItem } from '../power/power.service.js';
import { hasUnmaskedIdNumber } from './disclosures.policy.js';

let ctx: TestContext;
let w: World;
let secretary: Client;
let supervisor: Client;

const step = (s: Record<string, unknown>): TFlowStep => ({ deadlineDays: 5, materials: [], disclose: '', ...s }) as unknown as TFlowStep;
const STEPS: TFlowStep[] = [
  step({ id: 'apply', name: '提出申请', kind: 'application', role: 'village_secretary' }),
  step({ id: 'review', name: '民主评议', kind: 'review', role: 'village_supervisor', canReturn: true }),
  step({ id: 'notice', name: '申请人公示', kind: 'notice', role: 'village_secretary', days: 7, disclose: '申请人姓名、保障人数' }),
  step({ id: 'result', name: '保障结果公开', kind: 'disclosure', role: 'village_secretary', deadlineDays: 2, disclose: '低保对象姓名、保障人数和保障金额' }),
];
const content = (name: string): TPowerItemContent => ({
  name, category: '民生保障', gbClass: '', legalBasis: ['社会救助暂行办法'], responsibilities: [{ subject: '村民委员会', duty: '公示' }],
  flow: { steps: STEPS }, riskPoints: [], disclosure: [], timeLimitDays: 30, materials: [], isService: false, summary: '',
});

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  secretary = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
  supervisor = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_supervisor'])).username);
});
afterAll(() => ctx.close());

const fromMatter = async (matterId: string) =>
  ((await secretary.get('/api/v1/disclosures?pageSize=100')).json().data as { id: string; sourceType: string; sourceId: string; kind: string; title: string; dueOn: string; status: string }[])
    .filter((d) => d.sourceType === 'matter' && d.sourceId.startsWith(`${matterId}:`));

describe('items a power flow says to publish', () => {
  it('puts the notice and the result of a matter on the disclosure list when it reaches those steps', async () => {
    const item = await createItem(ctx.platform.deps.db, systemActor(), { code: 'MS-DX', content: content('最低生活保障（低保）申请'), regionCode: w.district });
    const start = await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: w.villageA1, title: '王小明低保申请', applicantName: '王小明', applicantIdNumber: '33029919800101123X', amountFen: 186_000 });
    expect(start.statusCode, start.body).toBe(201);
    const m = start.json();
    expect(await fromMatter(m.id)).toEqual([]);

    // Review → notice: a draft of the notice, due today, with what the flow says to disclose.
    expect((await supervisor.post(`/api/v1/matters/${m.id}/actions`, { action: 'approve' })).json().currentStepName).toBe('申请人公示');
    const [notice] = await fromMatter(m.id);
    expect(notice).toMatchObject({ kind: 'matter', status: 'draft', title: '申请人公示：王小明低保申请', dueOn: chinaDate(), sourceId: `${m.id}:notice` });
    const detail = (await secretary.get(`/api/v1/disclosures/${notice!.id}`)).json();
    const text = JSON.stringify(detail.draft);
    expect(text).toContain('王小明'); // the flow discloses the applicant's name
    expect(text).toContain(m.matterNo);
    expect(text).toContain('1860.00');
    expect(text).not.toContain('33029919800101123X');
    expect(hasUnmaskedIdNumber(text)).toBe(false);
    // It passes the privacy guard and is published as any item.
    expect((await secretary.post(`/api/v1/disclosures/${notice!.id}/publish`)).statusCode).toBe(200);

    // The notice runs its course; the result step opens and gets its own item, due with the step.
    await audited(ctx.platform.deps.db, systemActor(), (x) => x.tx.execute(sql`update matters set step_started_at = step_started_at - make_interval(days => 8) where id = ${m.id}`));
    const closed = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'close_notice' });
    expect(closed.json().currentStepName, closed.body).toBe('保障结果公开');
    const both = await fromMatter(m.id);
    expect(both).toHaveLength(2);
    const result = both.find((d) => d.sourceId === `${m.id}:result`)!;
    expect(result).toMatchObject({ kind: 'matter', status: 'draft', title: '保障结果公开：王小明低保申请', dueOn: closed.json().stepDueOn });
    // The secretary was told.
    const inbox = (await secretary.get('/api/v1/notifications?pageSize=50')).json().data as { title: string }[];
    expect(inbox.some((n) => n.title.includes('待公开：保障结果公开'))).toBe(true);
  });

  it('makes one item per step, and none for a matter kept off the portal', async () => {
    const item = await createItem(ctx.platform.deps.db, systemActor(), { code: 'MS-DY', content: content('低保申请（二）'), regionCode: w.district });
    const m = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: w.villageA1, title: '李某低保申请', applicantName: '李四' })).json();
    await supervisor.post(`/api/v1/matters/${m.id}/actions`, { action: 'approve' });
    expect(await fromMatter(m.id)).toHaveLength(1);
    const hidden = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: w.villageA1, title: '不公开的事项', applicantName: '赵六', isPublic: false })).json();
    await supervisor.post(`/api/v1/matters/${hidden.id}/actions`, { action: 'approve' });
    expect(await fromMatter(hidden.id)).toEqual([]);
  });
});
