import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { TFlowStep, TPowerItemContent } from '@mpw/contracts';
import type { TestContext, World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { createItem } from '../power/power.service.js';
import { quartersBetween } from './dashboards.service.js';

const ITEM_CONTENT: TPowerItemContent = {
  name: '测试事项',
  category: '民生保障',
  gbClass: '',
  legalBasis: ['社会救助暂行办法'],
  responsibilities: [{ subject: '村党组织书记', duty: '第一责任人' }],
  flow: { steps: [{ id: 'apply', name: '提出申请', kind: 'application', role: 'village_secretary', deadlineDays: 5, materials: [], disclose: '' } as TFlowStep] },
  riskPoints: [],
  disclosure: [],
  timeLimitDays: 30,
  materials: [],
  isService: false,
  summary: '',
};

export const T = chinaDate();
export const D = (days: number) => new Date(Date.parse(`${T}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** A moment on a China day. */
export const at = (day: string) => `${day}T10:00:00+08:00`;
export const FROM = D(-60);
let n = 0;
const uid = () => randomUUID();

export type Row = Record<string, string | number | boolean | null>;
export function insert(table: string, row: Row): SQL {
  const cols = Object.keys(row);
  return sql`insert into ${sql.raw(table)} (${sql.raw(cols.join(', '))}) values (${sql.join(cols.map((c) => sql`${row[c]}`), sql`, `)})`;
}

/**
 * One world for the dashboards' tests: in a district with townships 甲镇 (甲一村, 甲二村) and 乙镇
 * (乙一村), records of every kind written with known dates, inside and outside the window (the last
 * 60 days) and the region. Matters run on a real power item, so the matters list shows them.
 */
export async function seedDashboardWorld(ctx: TestContext, w: World): Promise<void> {
  const db = ctx.platform.deps.db;
  const powerItem = await createItem(db, systemActor(), { code: `DT-${uid().slice(0, 8)}`, content: ITEM_CONTENT, regionCode: w.district });
  const matter = (region: string, status: string, created: string, stepDue: string | null, completed: string | null = null): Row => ({
    id: uid(), matter_no: `${region}-T-${++n}`, item_id: powerItem.id, item_version: 1, title: `测试事项${n}`, status, current_step: 0, step_due_on: stepDue,
    completed_at: completed ? at(completed) : null, region_code: region, created_at: at(created),
  });
  const disclosure = (region: string, due: string, published: string | null, status = published ? 'published' : 'draft'): Row => ({
    id: uid(), kind: 'other', title: `测试公开${++n}`, period: null, due_on: due, status, first_published_at: published ? at(published) : null, region_code: region, created_at: at(D(-59)),
  });
  const d1 = disclosure(w.villageA1, D(-20), D(-22));
  const report = (region: string, category: string, status: string, extra: Row = {}): Row => ({
    id: uid(), number: `JBT-${++n}-${uid().slice(0, 6)}`, channel: 'phone', category, subject_name: '王某某', subject_position: '村委会主任', subject_kind: 'village_cadre',
    content: '测试举报内容', is_anonymous: true, received_on: D(-12), status, handling_level: 'township', handling_region_code: `${region.slice(0, 9)}000`, region_code: region, ...extra,
  });
  const alert = (region: string, rule: string, status: string, raised: string): Row => ({
    id: uid(), rule, subject_type: 'decision', subject_id: `T-${++n}`, severity: 'red', status, summary: `测试预警${n}`, first_raised_at: at(raised), last_seen_at: at(raised), region_code: region,
  });
  const n1 = uid();
  const n2 = uid();
  const item = (notice: string, region: string, seq: number, deadline: string, status: string, closed: string | null = null): Row => ({
    id: uid(), notice_id: notice, seq, problem: `测试问题${seq}`, requirement: '整改', deadline, responsible_name: '责任人', source_type: 'direct', status, closed_on: closed, region_code: region,
  });
  const c1 = uid();
  const c2 = uid();
  const dGone = uid();
  const rows: SQL[] = [
    // Matters: started in the window in 甲镇: three; overdue today: m1 and an old one.
    insert('matters', matter(w.villageA1, 'running', D(-10), D(-3))),
    insert('matters', matter(w.villageA1, 'completed', D(-20), null, D(-5))),
    insert('matters', matter(w.villageA2, 'running', D(-15), D(5))),
    insert('matters', matter(w.villageB1, 'running', D(-10), D(-2))),
    insert('matters', matter(w.villageA1, 'running', D(-200), D(-150))),
    insert('decisions', { id: uid(), decision_no: `DT-${uid().slice(0, 8)}`, title: '测试决策', status: 'in_progress', region_code: w.villageA1, created_at: at(D(-7)) }),
    insert('ledger_entries', { id: uid(), entry_no: `LT-${uid().slice(0, 8)}`, entry_date: D(-4), period: D(-4).slice(0, 7), direction: 'expense', amount_fen: 1000, category: '办公费', status: 'final', region_code: w.villageA1 }),
    // Disclosures: on time, late, overdue draft, not yet due; one in 乙镇.
    insert('disclosures', d1),
    insert('disclosures', disclosure(w.villageA1, D(-10), D(-5))),
    insert('disclosures', disclosure(w.villageA1, D(-3), null)),
    insert('disclosures', disclosure(w.villageA1, D(10), null)),
    insert('disclosures', disclosure(w.villageB1, D(-10), null)),
    // Questions: on a disclosure (on time; overdue) and to the village (late; hidden; not yet due).
    insert('disclosure_questions', { id: uid(), disclosure_id: String(d1.id), content: '测试提问一', due_on: D(-5), answer: '已答复', answered_at: at(D(-6)), region_code: w.villageA1, created_at: at(D(-9)) }),
    insert('disclosure_questions', { id: uid(), disclosure_id: String(d1.id), content: '测试提问二', due_on: D(-2), region_code: w.villageA1, created_at: at(D(-8)) }),
    insert('village_questions', { id: uid(), content: '测试村民提问一', is_anonymous: true, due_on: D(-8), status: 'answered', answer: '答复', answered_at: at(D(-4)), region_code: w.villageA1, created_at: at(D(-14)) }),
    insert('village_questions', { id: uid(), content: '测试村民提问二', is_anonymous: true, due_on: D(-8), status: 'hidden', hide_reason: '含个人信息', region_code: w.villageA1, created_at: at(D(-14)) }),
    insert('village_questions', { id: uid(), content: '测试村民提问三', is_anonymous: true, due_on: D(3), status: 'open', region_code: w.villageA1, created_at: at(D(-1)) }),
    // Reports: two 甲镇 can see; one about a 甲镇 official (barred to 甲镇, handled by the district); one in 乙镇.
    insert('reports', report(w.villageA1, 'subsistence', 'concluded', { accepted_at: at(D(-11)), concluded_at: at(D(-3)), conclusion: 'true' })),
    insert('reports', report(w.villageA1, 'conduct', 'received')),
    insert('reports', report(w.villageA2, 'works', 'accepted', { subject_kind: 'township_official', barred_region_code: w.townshipA, handling_level: 'district', handling_region_code: w.district, accepted_at: at(D(-10)) })),
    insert('reports', report(w.villageB1, 'finance', 'received')),
    // Alerts: raised in the window (open, confirmed), one old and still open, one in 乙镇.
    insert('alerts', alert(w.villageA1, 'DECISION_QUORUM', 'open', D(-5))),
    insert('alerts', alert(w.villageA2, 'KIN_BENEFIT', 'confirmed', D(-30))),
    insert('alerts', alert(w.villageA1, 'KIN_BENEFIT', 'open', D(-100))),
    insert('alerts', alert(w.villageB1, 'DECISION_QUORUM', 'open', D(-5))),
    // Rectification: closed on time, closed late, overdue, answered (waiting), returned (due); one in 乙镇.
    insert('rectification_notices', { id: n1, number: `甲镇纪整改〔测试〕${++n}号`, issuer_region_code: w.townshipA, title: '测试整改', requirement: '整改', issued_on: D(-40), deadline: D(10), responsible_name: '责任人', status: 'open', region_code: w.villageA1 }),
    insert('rectification_items', item(n1, w.villageA1, 1, D(-10), 'closed', D(-12))),
    insert('rectification_items', item(n1, w.villageA1, 2, D(-5), 'closed', D(-2))),
    insert('rectification_items', item(n1, w.villageA1, 3, D(-3), 'open')),
    insert('rectification_items', item(n1, w.villageA1, 4, D(10), 'answered')),
    insert('rectification_items', item(n1, w.villageA1, 5, D(4), 'returned')),
    insert('rectification_notices', { id: n2, number: `乙镇纪整改〔测试〕${++n}号`, issuer_region_code: w.townshipB, title: '测试整改', requirement: '整改', issued_on: D(-40), deadline: D(10), responsible_name: '责任人', status: 'open', region_code: w.villageB1 }),
    insert('rectification_items', item(n2, w.villageB1, 1, D(-3), 'open')),
    // Cases: one of 甲镇 (executed, two sanctions), one of 乙镇, one in 甲镇 handled by the district.
    insert('cases', { id: c1, number: `AJT-${++n}`, kind: 'main', title: '测试案件', source_type: 'direct', subject_name: '王某某', subject_position: '村委会主任', handling_region_code: w.townshipA, status: 'executed', summary: '测试', filed_on: D(-9), executed_on: D(-2), region_code: w.villageA1, created_at: at(D(-10)) }),
    insert('case_sanctions', { id: uid(), case_id: c1, category: 'party', measure: 'warning', decided_on: D(-3), region_code: w.villageA1 }),
    insert('case_sanctions', { id: uid(), case_id: c1, category: 'recovery', measure: 'recovery', amount_fen: 123456, decided_on: D(-3), region_code: w.villageA1 }),
    insert('cases', { id: uid(), number: `AJT-${++n}`, kind: 'main', title: '测试案件', source_type: 'direct', subject_name: '李某', subject_position: '会计', handling_region_code: w.townshipB, status: 'filed', summary: '测试', filed_on: D(-9), region_code: w.villageB1, created_at: at(D(-10)) }),
    insert('cases', { id: uid(), number: `AJT-${++n}`, kind: 'main', title: '测试案件', source_type: 'direct', subject_name: '赵某', subject_position: '镇干部', handling_region_code: w.district, status: 'filed', summary: '测试', filed_on: D(-8), region_code: w.villageA2, created_at: at(D(-8)) }),
    // A 甲镇 case opened and filed before the window, with a sanction decided in it and another before it.
    insert('cases', { id: c2, number: `AJT-${++n}`, kind: 'main', title: '测试案件', source_type: 'direct', subject_name: '钱某', subject_position: '报账员', handling_region_code: w.townshipA, status: 'decided', summary: '测试', filed_on: D(-70), region_code: w.villageA2, created_at: at(D(-90)) }),
    insert('case_sanctions', { id: uid(), case_id: c2, category: 'government', measure: 'warning', decided_on: D(-20), region_code: w.villageA2 }),
    insert('case_sanctions', { id: uid(), case_id: c2, category: 'party', measure: 'warning', decided_on: D(-80), region_code: w.villageA2 }),
    // Before the window: a report received and concluded, a question asked and answered.
    insert('reports', report(w.villageA1, 'works', 'concluded', { received_on: D(-100), accepted_at: at(D(-99)), concluded_at: at(D(-90)), conclusion: 'partly_true' })),
    insert('disclosure_questions', { id: uid(), disclosure_id: String(d1.id), content: '测试提问三', due_on: D(-90), answer: '已答复', answered_at: at(D(-95)), region_code: w.villageA1, created_at: at(D(-100)) }),
    // A deleted item: its question counts nowhere.
    insert('disclosures', { ...disclosure(w.villageA2, D(-10), null), id: dGone, deleted_at: at(D(-1)) }),
    insert('disclosure_questions', { id: uid(), disclosure_id: dGone, content: '已删除公开事项的提问', due_on: D(-5), region_code: w.villageA2, created_at: at(D(-9)) }),
    // Satisfaction: two answers in 甲一村 this quarter (points 260 and 160).
    insert('satisfaction_responses', { id: uid(), quarter: quartersBetween(T, T)[0]!, household_digest: uid(), disclosure: 'satisfied', services: 'satisfied', integrity: 'basically_satisfied', region_code: w.villageA1 }),
    insert('satisfaction_responses', { id: uid(), quarter: quartersBetween(T, T)[0]!, household_digest: uid(), disclosure: 'dissatisfied', services: 'basically_satisfied', integrity: 'satisfied', region_code: w.villageA1 }),
  ];
  await audited(db, systemActor(), async (a) => {
    for (const q of rows) await a.tx.execute(q);
  });
  // Portal use counted earlier (and outside the window, and in 乙镇).
  await db.execute(sql`insert into usage_counters (region_code, day, metric, count) values
    (${w.villageA1}, ${D(-1)}::date, 'portal_view', 5), (${w.villageA2}, ${D(-100)}::date, 'portal_view', 4), (${w.villageB1}, ${D(-1)}::date, 'portal_view', 9)`);
}
