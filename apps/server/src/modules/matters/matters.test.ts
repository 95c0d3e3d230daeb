import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TFlowStep, TPowerItemContent } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { createItem, updateItem } from '../power/power.service.js';
import { sweepOverdue } from './matters.service.js';

let ctx: TestContext;
let world: World;
let secretary: Client;
let supervisor: Client;
let township: Client;
let accountant: Client;

const step = (s: Partial<TFlowStep> & Pick<TFlowStep, 'id' | 'name' | 'kind' | 'role'>): TFlowStep => ({ deadlineDays: 5, materials: [], disclose: '', ...s }) as TFlowStep;

function content(name: string, steps: TFlowStep[]): TPowerItemContent {
  return {
    name,
    category: '民生保障',
    gbClass: '',
    legalBasis: ['社会救助暂行办法'],
    responsibilities: [{ subject: '村党组织书记', duty: '第一责任人' }],
    flow: { steps },
    riskPoints: [],
    disclosure: [],
    timeLimitDays: 30,
    materials: [],
    isService: false,
    summary: '',
  };
}

const DIBAO_STEPS: TFlowStep[] = [
  step({ id: 'apply', name: '提出申请', kind: 'application', role: 'village_secretary' }),
  step({ id: 'village_review', name: '村级民主评议', kind: 'review', role: 'village_supervisor', canReturn: true } as Partial<TFlowStep> as TFlowStep),
  step({ id: 'notice', name: '公示', kind: 'notice', role: 'village_secretary', days: 7, disclose: '申请人姓名、保障人数' } as Partial<TFlowStep> as TFlowStep),
  step({ id: 'township_review', name: '乡镇审核确认', kind: 'review', role: 'township_staff', deadlineDays: 10 } as Partial<TFlowStep> as TFlowStep),
  step({ id: 'filing', name: '乡镇备案', kind: 'filing', role: 'township_staff' }),
  step({ id: 'result', name: '结果公开', kind: 'disclosure', role: 'village_secretary' }),
];

const WORKS_STEPS: TFlowStep[] = [
  step({ id: 'proposal', name: '党组织提议', kind: 'meeting', role: 'village_secretary', stage: 'proposal' } as Partial<TFlowStep> as TFlowStep),
  step({ id: 'consultation', name: '两委会商议', kind: 'meeting', role: 'village_secretary', stage: 'consultation' } as Partial<TFlowStep> as TFlowStep),
  step({ id: 'review', name: '党员大会审议', kind: 'meeting', role: 'village_secretary', stage: 'review' } as Partial<TFlowStep> as TFlowStep),
  step({ id: 'resolution', name: '村民代表会议决议', kind: 'meeting', role: 'village_secretary', stage: 'resolution' } as Partial<TFlowStep> as TFlowStep),
  step({ id: 'resolution_published', name: '决议公开', kind: 'meeting', role: 'village_secretary', stage: 'resolution_published' } as Partial<TFlowStep> as TFlowStep),
  step({ id: 'build', name: '组织实施', kind: 'execution', role: 'village_secretary', requiresVouchers: true } as Partial<TFlowStep> as TFlowStep),
  step({ id: 'result_published', name: '实施结果公开', kind: 'meeting', role: 'village_secretary', stage: 'result_published' } as Partial<TFlowStep> as TFlowStep),
];

async function makeItem(code: string, name: string, steps: TFlowStep[]) {
  return createItem(ctx.platform.deps.db, systemActor(), { code, content: content(name, steps), regionCode: world.district });
}

/** Moves the open step's start back in time (as if days had passed). */
async function age(matterId: string, days: number) {
  await audited(ctx.platform.deps.db, systemActor(), (w) =>
    w.tx.execute(sql`update matters set step_started_at = step_started_at - make_interval(days => ${days}), step_due_on = step_due_on - ${days}::int where id = ${matterId}`),
  );
}

beforeAll(async () => {
  ctx = await createTestContext();
  world = await makeWorld(ctx);
  secretary = await login(ctx.app, (await makeUser(ctx, world.villageA1, ['village_secretary'])).username);
  supervisor = await login(ctx.app, (await makeUser(ctx, world.villageA1, ['village_supervisor'])).username);
  accountant = await login(ctx.app, (await makeUser(ctx, world.villageA1, ['village_accountant'])).username);
  township = await login(ctx.app, (await makeUser(ctx, world.townshipA, ['township_staff'])).username);
});
afterAll(() => ctx.close());

describe('a 低保 application from start to result, with an objection during the public notice', () => {
  it('runs every step by its role, pauses on an objection and resumes after the answer', async () => {
    const item = await makeItem('MS-91', '低保申请', DIBAO_STEPS);
    const start = await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '王某某低保申请', applicantName: '王小明', applicantIdNumber: '33029919800101123X', note: '因病致贫' });
    expect(start.statusCode, start.body).toBe(201);
    const m = start.json();
    expect(m.matterNo).toMatch(new RegExp(`^${world.villageA1}-\\d{4}-0001$`));
    expect(m.currentStepName).toBe('村级民主评议');
    expect(m.applicantIdMasked).toBe('3302**********123X');
    expect(m.steps.map((s: { state: string }) => s.state)).toEqual(['done', 'current', 'pending', 'pending', 'pending', 'pending']);

    // The secretary cannot do the supervisor's review.
    const wrongRole = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'approve' });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().message).toContain('村务监督委员会');
    // A township account cannot act on a village step either (it has act permission, not the role).
    expect((await township.post(`/api/v1/matters/${m.id}/actions`, { action: 'approve' })).statusCode).toBe(403);

    // Return to the applicant needs a reason, then the application is resubmitted.
    expect((await supervisor.post(`/api/v1/matters/${m.id}/actions`, { action: 'return' })).statusCode).toBe(400);
    const returned = await supervisor.post(`/api/v1/matters/${m.id}/actions`, { action: 'return', note: '缺少收入证明' });
    expect(returned.json().currentStepName).toBe('提出申请');
    const secretaryInbox = (await secretary.get('/api/v1/notifications?unread=true')).json();
    expect(secretaryInbox.data.find((n: { kind: string }) => n.kind === 'returned')?.body).toContain('缺少收入证明');
    expect((await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'submit', note: '已补收入证明' })).json().currentStepName).toBe('村级民主评议');
    const approved = await supervisor.post(`/api/v1/matters/${m.id}/actions`, { action: 'approve', note: '评议通过' });
    expect(approved.json().currentStepName).toBe('公示');
    expect(approved.json().noticeEndsOn).toBeTruthy();

    // The notice cannot be closed before it ends.
    const early = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'close_notice' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('公示期至');

    // A villager objects from the portal: the matter pauses.
    const pub = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/matters/${m.id}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().applicantName).toBe('王*明');
    expect(pub.body).not.toContain('33029919800101123X');
    expect(pub.body).not.toContain('3302**');
    const objection = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/matters/${m.id}/objections`, payload: { content: '申请人家中有一辆小轿车，不符合条件' } });
    expect(objection.statusCode, objection.body).toBe(201);
    let detail = (await secretary.get(`/api/v1/matters/${m.id}`)).json();
    expect(detail.status).toBe('paused');
    expect(detail.objections).toHaveLength(1);
    await age(m.id, 8);
    const blocked = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'close_notice' });
    expect(blocked.statusCode).toBe(409);
    const answered = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'answer_objection', objectionId: detail.objections[0].id, note: '经核实车辆已于2024年转让，异议不成立', upheld: false });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().status).toBe('running');
    const closed = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'close_notice', note: '公示期满' });
    expect(closed.json().currentStepName).toBe('乡镇审核确认');

    expect((await township.post(`/api/v1/matters/${m.id}/actions`, { action: 'approve', note: '审核确认' })).json().currentStepName).toBe('乡镇备案');
    const inbox = (await township.get('/api/v1/matters/filings')).json();
    expect(inbox.pending.map((p: { id: string }) => p.id)).toContain(m.id);
    const back = await township.post(`/api/v1/matters/${m.id}/actions`, { action: 'file_return', note: '缺少入户调查表' });
    expect(back.json().currentStepName).toBe('乡镇审核确认');
    await township.post(`/api/v1/matters/${m.id}/actions`, { action: 'approve', note: '已补调查表' });
    expect((await township.post(`/api/v1/matters/${m.id}/actions`, { action: 'file_accept' })).json().currentStepName).toBe('结果公开');
    const svg = await secretary.get(`/api/v1/matters/${m.id}/flowchart.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('当前办理');
    const done = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'disclose', note: '已在公开栏张贴' });
    expect(done.json().status).toBe('completed');

    detail = (await supervisor.get(`/api/v1/matters/${m.id}`)).json();
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual([
      'start', 'submit', 'return', 'submit', 'approve', 'object', 'answer_objection', 'close_notice', 'approve', 'file_return', 'approve', 'file_accept', 'disclose', 'complete',
    ]);
    const stats = (await township.get('/api/v1/matters/filings')).json();
    const village = stats.byVillage.find((v: { regionCode: string }) => v.regionCode === world.villageA1);
    expect(village).toMatchObject({ accepted: 1, returned: 1 });
    // Every transition is in the audit log.
    const audit = await queryRows<{ n: number }>(ctx.platform.deps.db, sql`select count(*)::int as n from audit_events where entity_type = 'matter' and entity_id = ${m.id}`);
    expect(audit[0]!.n).toBe(12); // one audit event per request that changed the matter
    // The public page shows the answer but not the objector or the internal notes.
    const pubAfter = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/matters/${m.id}` })).json();
    expect(pubAfter.objections[0].answer).toContain('异议不成立');
    expect(JSON.stringify(pubAfter)).not.toContain('缺少收入证明');
  });
});

describe('a major works decision through all six stages of 四议两公开', () => {
  it('records each meeting in order, needs vouchers to execute, and completes', async () => {
    const item = await makeItem('GC-91', '村道硬化工程', WORKS_STEPS);
    const m = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '三组村道硬化', amountFen: 38_000_000 })).json();
    expect(m.decisionId).toBeTruthy();
    const meeting = (heldOn: string, extra: object = {}) => ({ heldOn, place: '村委会议室', minutes: '同意', ...extra });
    const today = new Date().toISOString().slice(0, 10);
    for (const [stepId, extra] of [
      ['proposal', {}],
      ['consultation', { eligible: 7, attendees: 7, votesFor: 7 }],
      ['review', { eligible: 30, attendees: 25, votesFor: 22, votesAgainst: 2, abstentions: 1 }],
      ['resolution', { body: '村民代表会议', eligible: 45, attendees: 40, votesFor: 35, votesAgainst: 3, abstentions: 2 }],
      ['resolution_published', {}],
    ] as const) {
      const res = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'record_meeting', meeting: meeting(today, extra) });
      expect(res.statusCode, `${stepId}: ${res.body}`).toBe(200);
    }
    const noVoucher = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'execute' });
    expect(noVoucher.statusCode).toBe(400);
    expect(noVoucher.json().message).toContain('凭证');
    await audited(ctx.platform.deps.db, systemActor(), (w) =>
      w.tx.execute(sql`insert into attachments (id, sha256, size_bytes, mime_type, file_name, entity_type, entity_id, purpose, region_code) values (gen_random_uuid(), ${'a'.repeat(64)}, 10, 'application/pdf', '验收单.pdf', 'matter', ${m.id}, 'voucher', ${world.villageA1})`),
    );
    expect((await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'execute', note: '已完工验收' })).statusCode).toBe(200);
    const done = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'record_meeting', meeting: meeting(today) });
    expect(done.json().status).toBe('completed');
    const d = await queryRows<{ status: string; n: number }>(ctx.platform.deps.db, sql`select d.status, (select count(*)::int from decision_stages s where s.decision_id = d.id) as n from decisions d where d.id = ${m.decisionId}`);
    expect(d[0]).toMatchObject({ status: 'completed', n: 6 });
  });

  it('publishes the implementation result of the decision when the matter finishes', async () => {
    const steps = [
      ...WORKS_STEPS.slice(0, 5),
      step({ id: 'result', name: '结果公开', kind: 'disclosure', role: 'village_secretary' }),
    ];
    const item = await makeItem('GC-93', '村级采购（大额）', steps as TFlowStep[]);
    const m = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '采购收割机', amountFen: 12_000_000 })).json();
    const today = new Date().toISOString().slice(0, 10);
    for (const extra of [{}, { eligible: 7, attendees: 7, votesFor: 7 }, { eligible: 30, attendees: 25, votesFor: 22 }, { body: '村民会议', eligible: 300, attendees: 160, votesFor: 120 }, {}]) {
      const r = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'record_meeting', meeting: { heldOn: today, ...extra } });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect((await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'disclose' })).json().status).toBe('completed');
    const d = await queryRows<{ status: string }>(ctx.platform.deps.db, sql`select status from decisions where id = ${m.decisionId}`);
    expect(d[0]!.status).toBe('completed');
  });

  it('a resolution without quorum fails the matter', async () => {
    const item = await makeItem('GC-92', '村集体资产出租', WORKS_STEPS);
    const m = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '仓库出租', amountFen: 9_000_000 })).json();
    const today = new Date().toISOString().slice(0, 10);
    for (const extra of [{}, { eligible: 7, attendees: 7, votesFor: 7 }, { eligible: 30, attendees: 25, votesFor: 22 }]) {
      expect((await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'record_meeting', meeting: { heldOn: today, ...extra } })).statusCode).toBe(200);
    }
    // 村民代表会议 needs two thirds of 45 = 30 present; 29 came.
    const res = await secretary.post(`/api/v1/matters/${m.id}/actions`, { action: 'record_meeting', meeting: { heldOn: today, body: '村民代表会议', eligible: 45, attendees: 29, votesFor: 29 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('rejected');
  });
});

describe('the default catalogue', () => {
  it('every item can be started in a village, below and above the thresholds', async () => {
    const { seedDefaultCatalogue, findItems } = await import('../power/power.service.js');
    const { startMatter } = await import('./matters.service.js');
    const w2 = await makeWorld(ctx);
    const added = await seedDefaultCatalogue(ctx.platform.deps.db, systemActor(), w2.district);
    expect(added).toBeGreaterThanOrEqual(32);
    const { data } = await findItems(ctx.platform.deps.db, systemActor(), { current: 1, pageSize: 200, applicableTo: w2.villageA1 });
    expect(data.length).toBe(added);
    for (const item of data) {
      for (const amountFen of [100_000, 50_000_000]) {
        const m = await startMatter(ctx.platform.deps.db, systemActor(), ctx.platform.deps.secrets, { itemId: item.id, regionCode: w2.villageA1, title: `${item.content.name}测试`, amountFen, isPublic: true });
        expect(m.status, item.code).toBe('running');
      }
    }
  });
});

describe('conditions, versions, overdue and scope', () => {
  it('skips the meetings below the major-matter threshold (a district setting)', async () => {
    const steps = [
      step({ id: 'apply', name: '申请', kind: 'application', role: 'village_secretary' }),
      ...WORKS_STEPS.slice(0, 4).map((s) => ({ ...s, when: { amountAtLeastSetting: 'decisions.majorMatterThresholdFen' } })),
      step({ id: 'result', name: '结果公开', kind: 'disclosure', role: 'village_secretary' }),
    ];
    const item = await makeItem('CG-91', '村级采购', steps as TFlowStep[]);
    const small = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '购买办公用品', amountFen: 120_000 })).json();
    expect(small.currentStepName).toBe('结果公开');
    expect(small.steps.filter((s: { state: string }) => s.state === 'skipped')).toHaveLength(4);
    expect(small.decisionId).toBeNull();
    const big = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '购买农机', amountFen: 8_000_000 })).json();
    expect(big.currentStepName).toBe('党组织提议');
    expect(big.decisionId).toBeTruthy();
  });

  it('keeps a running matter on the version it started on after the item changes', async () => {
    const item = await makeItem('FW-91', '证明出具', [
      step({ id: 'apply', name: '申请', kind: 'application', role: 'village_secretary' }),
      step({ id: 'check', name: '核实', kind: 'review', role: 'village_supervisor' } as Partial<TFlowStep> as TFlowStep),
      step({ id: 'issue', name: '出具', kind: 'disclosure', role: 'village_secretary' }),
    ]);
    const before = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '开具居住证明' })).json();
    await updateItem(ctx.platform.deps.db, systemActor(), item.id, {
      content: content('证明出具', [
        step({ id: 'apply', name: '申请', kind: 'application', role: 'village_secretary' }),
        step({ id: 'issue', name: '直接出具', kind: 'disclosure', role: 'village_secretary' }),
      ]),
      changeNote: '简化流程',
    });
    const after = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '开具收入证明' })).json();
    expect(after.itemVersion).toBe(2);
    expect(after.currentStepName).toBe('直接出具');
    const old = (await secretary.get(`/api/v1/matters/${before.id}`)).json();
    expect(old.itemVersion).toBe(1);
    expect(old.currentStepName).toBe('核实');
    expect((await supervisor.post(`/api/v1/matters/${before.id}/actions`, { action: 'approve' })).json().currentStepName).toBe('出具');
    const versions = (await secretary.get(`/api/v1/power/items/${item.id}/versions`)).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('raises OVERDUE_STEP once when a step passes its deadline', async () => {
    const item = await makeItem('FW-92', '用印申请', [
      step({ id: 'apply', name: '申请用印', kind: 'application', role: 'village_secretary' }),
      step({ id: 'approve', name: '审批', kind: 'review', role: 'village_supervisor', deadlineDays: 2 } as Partial<TFlowStep> as TFlowStep),
    ]);
    const m = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '合同用印' })).json();
    await age(m.id, 10);
    expect(await sweepOverdue(ctx.platform.deps.db, systemActor())).toBeGreaterThanOrEqual(1);
    await sweepOverdue(ctx.platform.deps.db, systemActor());
    const alerts = await queryRows<{ n: number }>(ctx.platform.deps.db, sql`select count(*)::int as n from alerts where rule = 'OVERDUE_STEP' and subject_id like ${m.matterNo + ':%'}`);
    expect(alerts[0]!.n).toBe(1);
    const overdue = (await supervisor.get('/api/v1/matters?overdue=true')).json();
    expect(overdue.data.map((x: { id: string }) => x.id)).toContain(m.id);
    const events = (await supervisor.get(`/api/v1/matters/${m.id}`)).json().events.filter((e: { action: string }) => e.action === 'overdue');
    expect(events).toHaveLength(1);
  });

  it('reminds the acting role once, the working day before a step falls due', async () => {
    const { remindDueSoon } = await import('./matters.service.js');
    const item = await makeItem('FW-94', '证明开具', [
      step({ id: 'apply', name: '申请', kind: 'application', role: 'village_secretary' }),
      step({ id: 'check', name: '核实', kind: 'review', role: 'village_supervisor', deadlineDays: 1 } as Partial<TFlowStep> as TFlowStep),
    ]);
    const m = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '开具证明' })).json();
    expect(await remindDueSoon(ctx.platform.deps.db, systemActor())).toBeGreaterThanOrEqual(1);
    await remindDueSoon(ctx.platform.deps.db, systemActor());
    const events = (await supervisor.get(`/api/v1/matters/${m.id}`)).json().events.filter((e: { action: string }) => e.action === 'due_soon');
    expect(events).toHaveLength(1);
    const inbox = (await supervisor.get('/api/v1/notifications?unread=true')).json();
    expect(inbox.data.some((n: { title: string }) => n.title.includes('即将到期'))).toBe(true);
  });

  it('hides matters of other villages (404) and refuses to start outside scope', async () => {
    const item = await makeItem('FW-93', '困难救助', DIBAO_STEPS);
    const other = await login(ctx.app, (await makeUser(ctx, world.villageA2, ['village_secretary'])).username);
    const m = (await secretary.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: '救助' })).json();
    expect((await other.get(`/api/v1/matters/${m.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/matters/${m.id}/actions`, { action: 'approve' })).statusCode).toBe(404);
    expect((await other.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: 'x' })).statusCode).toBe(404);
    // An accountant holds matter:matter:start but the flow says the secretary applies.
    expect((await accountant.post('/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: 'x' })).statusCode).toBe(403);
  });
});
