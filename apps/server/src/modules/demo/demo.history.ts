import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  alerts,
  cases,
  disclosures,
  disclosureVersions,
  inspectionFindings,
  matters,
  powerItems,
  powerItemVersions,
  rectificationAnswers,
  rectificationItems,
  rectificationNotices,
  satisfactionResponses,
  supervisionMembers,
  villageQuestions,
} from '@mpw/db';
import { FOCUS_AREAS, type TRole } from '@mpw/contracts';
import type { AppDeps } from '../../types.js';
import type { Actor } from '../../lib/actor.js';
import { nextDistrictYearNumber } from '../../lib/numbering.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { periodRange, previousQuarter } from '../assessment/assessment.policy.js';
import { DEFAULT_CATALOGUE } from '../power/power.catalogue.js';
import { nextNoticeSeq } from '../rectification/rectification.repository.js';
import { createTraining } from '../training/training.service.js';
import { DEMO_DISTRICT } from './demo.data.js';

interface DemoAccount {
  id: string;
  username: string;
  regionCode: string | null;
  roles: TRole[];
}

const actorOf = (a: DemoAccount): Actor => ({ kind: 'user', userId: a.id, username: a.username, roles: a.roles, regionCode: a.regionCode, requestId: null });

/** The demo villages and how well each works (share of things done on time): the history differs village by village. */
const VILLAGES: { code: string; name: string; quality: number }[] = [
  { code: '330299101201', name: '白坑村', quality: 0.7 },
  { code: '330299101202', name: '小家村', quality: 0.9 },
  { code: '330299101203', name: '上坞村', quality: 0.45 },
  { code: '330299101204', name: '桃源村', quality: 0.8 },
  { code: '330299102201', name: '竹畈村', quality: 0.55 },
  { code: '330299102202', name: '黄泥村', quality: 0.85 },
  { code: '330299102203', name: '石门村', quality: 0.6 },
  { code: '330299102204', name: '新塘村', quality: 0.95 },
  { code: '330299103201', name: '茶岭村', quality: 0.5 },
  { code: '330299103202', name: '白沙村', quality: 0.75 },
  { code: '330299103203', name: '溪口村', quality: 0.65 },
  { code: '330299103204', name: '枫树湾村', quality: 0.4 },
];
const TOWNSHIPS: Record<string, { name: string; account: string }> = {
  '330299101000': { name: '凤岭镇', account: 'fl.jiwei' },
  '330299102000': { name: '黄泥镇', account: 'hn.jiwei' },
  '330299103000': { name: '白沙镇', account: 'inspector' },
};
const MATTER_ITEMS = ['MS-01', 'MS-05', 'FW-03', 'CW-01'];
const DISCLOSURE_KINDS = ['benefits', 'works', 'decisions', 'assets_contracts', 'other'] as const;

/** A fixed pseudo-random sequence, so every demo has the same history. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const minDay = (a: string, b: string) => (a < b ? a : b);
/** A moment on a China day. */
const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const stamp = (region: string, day: string, by: string | null) => ({ regionCode: region, createdBy: by, updatedBy: by, createdAt: at(day), updatedAt: at(day) });

/** The quarters of history: the two before the one `today` falls in, oldest first. */
export function historyQuarters(today: string): string[] {
  const last = previousQuarter(today);
  const before = previousQuarter(periodRange(last, 'quarter')!.from);
  return [before, last];
}

/**
 * Two quarters of history for the demo district (演示历史数据), so the assessment of last quarter
 * and the dashboards' trends rest on records: in every village, matters started and finished (some
 * late, with their OVERDUE_STEP alerts confirmed or dismissed by the township), disclosures published
 * on time, late or not at all, villagers' questions answered on time or late, inspection findings
 * with rectification notices whose items were accepted on time or late (one still awaiting
 * acceptance where the village works worst), satisfaction answers, local power-list items (revised
 * or stale, one awaiting approval), a concluded case, and each township's training sessions
 * with its villages' supervision members attending. How well each village does follows its
 * `quality`, so the scores differ.
 *
 * Why written dated rather than through every service: the services stamp the system's clock on the
 * moments the assessment counts — first publication, public answers, acceptance (销号), the alerts a
 * sweep raises, when a record was created — so records made through them today could not stand in
 * last quarter. The history is therefore written as it stands today, with its historical dates, in
 * one audited transaction (`demo.history.seed`, with what it wrote) — the explicit backdating step.
 * Training goes through the training service, which takes the day a session was held. Nothing the
 * other demo seeds wrote is changed. Call after them and before the assessment.
 */
export async function seedDemoHistory(deps: AppDeps, accounts: DemoAccount[], today = chinaDate()): Promise<Record<string, number>> {
  const byName = (username: string) => {
    const a = accounts.find((x) => x.username === username);
    if (!a) throw new Error(`demo account ${username} is missing`);
    return a;
  };
  const inspector = byName('inspector');
  const quarters = historyQuarters(today).map((q) => periodRange(q, 'quarter')!);
  const counts: Record<string, number> = {};
  /** No history after yesterday, whatever day of the quarter the demo is seeded on. */
  const past = (day: string) => minDay(day, addDays(today, -1));
  const add = (what: string, n = 1) => (counts[what] = (counts[what] ?? 0) + n);

  await audited(deps.db, actorOf(inspector), async (w) => {
    const tx = w.tx;
    // Collected per table and written in a few multi-row inserts (notices go one by one: their numbering reads the table).
    const rows = {
      powerItems: [] as (typeof powerItems.$inferInsert)[],
      powerItemVersions: [] as (typeof powerItemVersions.$inferInsert)[],
      alerts: [] as (typeof alerts.$inferInsert)[],
      matters: [] as (typeof matters.$inferInsert)[],
      disclosures: [] as (typeof disclosures.$inferInsert)[],
      disclosureVersions: [] as (typeof disclosureVersions.$inferInsert)[],
      villageQuestions: [] as (typeof villageQuestions.$inferInsert)[],
      satisfactionResponses: [] as (typeof satisfactionResponses.$inferInsert)[],
      inspectionFindings: [] as (typeof inspectionFindings.$inferInsert)[],
      rectificationItems: [] as (typeof rectificationItems.$inferInsert)[],
      rectificationAnswers: [] as (typeof rectificationAnswers.$inferInsert)[],
    };
    const items = await tx.select({ id: powerItems.id, code: powerItems.code, name: powerItems.name, version: powerItems.currentVersion }).from(powerItems)
      .where(and(eq(powerItems.regionCode, DEMO_DISTRICT), inArray(powerItems.code, MATTER_ITEMS), isNull(powerItems.deletedAt)));
    if (items.length === 0) throw new Error('the demo catalogue must be seeded before its history');

    for (const [vi, v] of VILLAGES.entries()) {
      const township = `${v.code.slice(0, 9)}000`;
      const issuer = TOWNSHIPS[township]!;
      const issuerId = byName(issuer.account).id;
      const r = rng(7919 * (vi + 1));
      const good = () => r() < v.quality;
      const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;

      // 权力清单: a local item adopted over a year before last quarter ended; the better villages revised it since.
      const lastEnd = quarters[1]!.to;
      const local = DEFAULT_CATALOGUE.find((c) => c.code === 'QT-01')!;
      const adopted = addDays(lastEnd, -420);
      const revised = v.quality >= 0.6 ? addDays(lastEnd, -90 - Math.floor(r() * 60)) : null;
      const localId = randomUUID();
      rows.powerItems.push({ id: localId, code: 'CZ-01', scopeLevel: 'village', status: 'active', currentVersion: revised ? 2 : 1, name: `${v.name}公章使用管理细则`, category: local.content.category, ...stamp(v.code, adopted, null) });
      const versions = [adopted, ...(revised ? [revised] : [])].map((day, i) => ({
        id: randomUUID(), itemId: localId, version: i + 1, content: { ...local.content, name: `${v.name}公章使用管理细则` }, changeNote: i === 0 ? '本村个性化权力事项（演示）' : '年度修订（演示）', ...stamp(v.code, day, null),
      }));
      rows.powerItemVersions.push(...versions);
      add('powerItems');
      if (v.quality < 0.5) {
        const pendingId = randomUUID();
        const proposed = addDays(lastEnd, -30);
        rows.powerItems.push({ id: pendingId, code: 'CZ-02', scopeLevel: 'village', status: 'pending_approval', currentVersion: 1, name: `${v.name}集体山林管护`, category: local.content.category, ...stamp(v.code, proposed, null) });
        rows.powerItemVersions.push({ id: randomUUID(), itemId: pendingId, version: 1, content: { ...local.content, name: `${v.name}集体山林管护` }, changeNote: '待区审批（演示）', ...stamp(v.code, proposed, null) });
        add('powerItems');
      }

      /**
       * A system alert on something late: the township confirms it and, where the village works well,
       * closes it after talking to the village; a quarter of them it dismisses as a false positive.
       */
      const lateAlert = async (a: { rule: string; subjectType: string; subjectId: string; summary: string; raised: string; resolved: string | null }) => {
        const state = r() < 0.25 ? 'dismissed' : good() ? 'closed' : 'confirmed';
        const handled = past(addDays(a.raised, 2));
        rows.alerts.push({
          id: randomUUID(), rule: a.rule, subjectType: a.subjectType, subjectId: a.subjectId, severity: 'yellow', status: state, summary: a.summary,
          firstRaisedAt: at(a.raised, 2), lastSeenAt: at(a.resolved ?? handled, 2), resolvedByDataAt: a.resolved ? at(a.resolved, 17) : null,
          handledBy: issuerId, handledAt: at(handled, 15), handlingReason: state === 'dismissed' ? '经核实有正当理由，不属违规（演示）' : '经核实属实（演示）', falsePositive: state === 'dismissed' ? true : null,
          closedBy: state === 'closed' ? issuerId : null, closedAt: state === 'closed' ? at(past(addDays(handled, 5)), 15) : null, closingNote: state === 'closed' ? '已约谈提醒，问题已纠正（演示）' : null, linkType: state === 'closed' ? 'none' : null,
          ...stamp(v.code, a.raised, null),
        });
        add('alerts');
      };

      for (const [qi, q] of quarters.entries()) {
        const months = [0, 1, 2].map((m) => addDays(q.from, m * 31).slice(0, 7));
        let seq = 0;

        // 事项办理: two or three a month, finished in 10–25 days; a late one raises OVERDUE_STEP, which the township confirms and closes or dismisses.
        for (const month of months) {
          const n = 2 + Math.floor(r() * 2);
          for (let k = 0; k < n; k++) {
            const item = pick(items);
            const started = `${month}-${String(2 + Math.floor(r() * 20)).padStart(2, '0')}`;
            const onTime = good();
            const finished = past(addDays(started, onTime ? 8 + Math.floor(r() * 10) : 22 + Math.floor(r() * 12)));
            const matterNo = `${v.code}-${started.slice(0, 4)}-H${qi}${String(++seq).padStart(3, '0')}`;
            rows.matters.push({
              id: randomUUID(), matterNo, itemId: item.id, itemVersion: item.version, title: `${item.name}（${v.name}，演示）`, status: 'completed', currentStep: 0, completedAt: at(finished, 16),
              ...stamp(v.code, started, null),
            });
            add('matters');
            if (!onTime) {
              await lateAlert({ rule: 'OVERDUE_STEP', subjectType: 'matter', subjectId: matterNo, summary: `${matterNo} ${item.name}办理超过时限（演示）`, raised: past(addDays(started, 15)), resolved: finished });
            }
          }
        }

        // 村务公开: one a month, due on the 10th of the month after; published early, late, or (rarely) never.
        for (const [mi, month] of months.entries()) {
          const due = `${month}-10`;
          const onTime = good();
          const never = !onTime && v.quality < 0.5 && r() < 0.4;
          const published = never ? null : onTime ? addDays(due, -1 - Math.floor(r() * 5)) : past(addDays(due, 2 + Math.floor(r() * 8)));
          const id = randomUUID();
          const kind = DISCLOSURE_KINDS[(qi * 3 + mi) % DISCLOSURE_KINDS.length]!;
          const title = `${month.replace('-', '年')}月${{ benefits: '惠民资金发放', works: '工程项目进度', decisions: '重大事项决策', assets_contracts: '集体资产出租', other: '村务' }[kind]}公开（演示）`;
          rows.disclosures.push({ id, kind, title, period: null, dueOn: due, status: published ? 'published' : 'draft', currentVersion: published ? 1 : 0, firstPublishedAt: published ? at(published, 9) : null, ...stamp(v.code, addDays(due, -12), null) });
          if (published) {
            rows.disclosureVersions.push({ id: randomUUID(), disclosureId: id, version: 1, content: { summary: `${v.name}${title.replace('（演示）', '')}情况，详见公开栏。（演示数据）`, sections: [] }, publishedAt: at(published, 9), ...stamp(v.code, published, null) });
          }
          add('disclosures');
          if (!onTime) await lateAlert({ rule: 'DISCLOSURE_OVERDUE', subjectType: 'disclosure', subjectId: id, summary: `${v.name}${title}逾期未公开`, raised: addDays(due, 1), resolved: published });
        }

        // 村民问政: four questions a quarter, answered in public on time, late, or not yet.
        for (let k = 0; k < 4; k++) {
          const asked = addDays(q.from, 5 + k * 20 + Math.floor(r() * 10));
          const due = addDays(asked, 10);
          const onTime = good();
          const answered = onTime ? addDays(asked, 2 + Math.floor(r() * 6)) : r() < 0.7 ? past(addDays(due, 3 + Math.floor(r() * 10))) : null;
          rows.villageQuestions.push({
            id: randomUUID(), content: pick(['村道路灯什么时候修好？', '今年的低保名单什么时候公示？', '集体山林承包费怎么分配？', '村里的污水管网工程进度如何？', '高龄津贴发放标准是多少？']) + '（演示）',
            isAnonymous: true, dueOn: due, status: answered ? 'answered' : 'open', answer: answered ? '已在村务公开栏和本平台公开答复，欢迎监督。（演示）' : null, answeredAt: answered ? at(answered, 15) : null,
            ...stamp(v.code, asked, null),
          });
          add('questions');
        }

        // 满意度测评: 12–19 households of the village answered this quarter's survey.
        const responses = 12 + Math.floor(r() * 8);
        const level = () => (good() ? 'satisfied' : r() < 0.6 ? 'basically_satisfied' : 'dissatisfied');
        rows.satisfactionResponses.push(...Array.from({ length: responses }, (_, k) => ({
          id: randomUUID(), quarter: q.period, householdDigest: `demo-history-${v.code}-${q.period}-${k}`, disclosure: level(), services: level(), integrity: level(), ...stamp(v.code, addDays(q.to, -20 + k), null),
        })));
        add('satisfaction', responses);

        // 监督检查 and 整改: a finding, and the township's notice with two or three items accepted on time or late.
        const found = addDays(q.from, 8 + Math.floor(r() * 10));
        const findingId = randomUUID();
        const area = pick(FOCUS_AREAS);
        const finding: typeof inspectionFindings.$inferInsert = { id: findingId, focusArea: area, description: `${pick(['报销凭证缺少经手人签字', '公开栏未按月更新', '工程变更未经村民代表会议', '集体资产台账与实物不符', '低保评议记录不完整'])}。（演示数据）`, sourceType: null, status: 'rectifying', ...stamp(v.code, found, issuerId) };
        rows.inspectionFindings.push(finding);
        const prefix = `${issuer.name}纪整改〔${found.slice(0, 4)}〕`;
        const number = `${prefix}${await nextNoticeSeq(tx, prefix)}号`;
        const issued = addDays(found, 3);
        const noticeId = randomUUID();
        const n = 2 + Math.floor(r() * 2);
        const ledger = Array.from({ length: n }, (_, k) => {
          const deadline = addDays(issued, 20 + k * 12);
          const onTime = good();
          const waiting = !onTime && v.quality < 0.5 && k === n - 1 && qi === 1;
          const closedOn = waiting ? null : past(onTime ? addDays(deadline, -1 - Math.floor(r() * 8)) : addDays(deadline, 3 + Math.floor(r() * 15)));
          return { k, deadline, closedOn };
        });
        const allClosed = ledger.every((x) => x.closedOn);
        await tx.insert(rectificationNotices).values({
          id: noticeId, number, issuerRegionCode: township, title: `关于${v.name}${qi === 0 ? '上半' : '近期'}监督检查发现问题的整改通知（演示）`, requirement: '逐项整改，按期书面回复并附佐证材料。',
          issuedOn: issued, deadline: ledger[ledger.length - 1]!.deadline, responsibleName: '村党组织书记', status: allClosed ? 'closed' : 'open', ...stamp(v.code, issued, issuerId),
        });
        for (const x of ledger) {
          const itemId = randomUUID();
          rows.rectificationItems.push({
            id: itemId, noticeId, seq: x.k + 1, problem: x.k === 0 ? '监督检查发现的问题（见检查记录）。（演示数据）' : `${pick(['三资台账登记不及时', '会议记录不规范', '公开内容不完整', '合同未经监委会审核'])}。（演示数据）`,
            requirement: '立行立改，建立长效机制。', deadline: x.deadline, responsibleName: '村党组织书记', sourceType: x.k === 0 ? 'finding' : 'direct', sourceId: x.k === 0 ? findingId : null,
            status: x.closedOn ? 'closed' : 'answered', closedOn: x.closedOn, closedBy: x.closedOn ? issuerId : null, ...stamp(v.code, issued, issuerId),
          });
          const answered = x.closedOn ? addDays(x.closedOn, -2) : past(addDays(x.deadline, 5));
          rows.rectificationAnswers.push({
            id: randomUUID(), itemId, measures: '已按要求整改，相关材料已补齐并在村务公开栏公示。（演示数据）', decision: x.closedOn ? 'accepted' : null, decidedBy: x.closedOn ? issuerId : null, decidedAt: x.closedOn ? at(x.closedOn, 16) : null,
            ...stamp(v.code, answered, null),
          });
          add('rectificationItems');
        }
        if (allClosed) Object.assign(finding, { status: 'resolved', statusNote: '整改已验收销号（演示）' });
        add('findings');
      }
    }

    const tables = { powerItems, powerItemVersions, alerts, matters, disclosures, disclosureVersions, villageQuestions, satisfactionResponses, inspectionFindings, rectificationItems, rectificationAnswers };
    for (const [name, list] of Object.entries(rows) as [keyof typeof rows, object[]][]) {
      for (let i = 0; i < list.length; i += 200) await tx.insert(tables[name]).values(list.slice(i, i + 200) as never);
    }

    // 案件: one case of the first history quarter, concluded and executed.
    const q0 = quarters[0]!;
    const caseNo = await nextDistrictYearNumber(tx, { table: 'cases', code: 'AJ', lock: 7321014 }, DEMO_DISTRICT, Number(q0.from.slice(0, 4)));
    await tx.insert(cases).values({
      id: randomUUID(), number: caseNo, kind: 'main', title: '枫树湾村报账员虚报误工补贴案（演示）', sourceType: 'direct', subjectName: '钱某某', subjectPosition: '枫树湾村报账员', handlingRegionCode: '330299103000',
      status: 'executed', summary: '经查，钱某某虚报误工补贴3笔共计2400元，已全部退缴，给予党内警告处分。（演示数据）', filedOn: addDays(q0.from, 20), decidedOn: addDays(q0.from, 60), executedOn: addDays(q0.from, 70), recoveredFen: 240000,
      ...stamp('330299103204', addDays(q0.from, 12), inspector.id),
    });
    add('cases');

    await w.record({ action: 'demo.history.seed', entityType: 'region', entityId: DEMO_DISTRICT, regionCode: DEMO_DISTRICT, after: { quarters: quarters.map((q) => q.period), ...counts } });
  });

  // 教育培训: each township trained its villages' supervision members once a quarter; the better villages sent more of them.
  const members = await deps.db.select({ id: supervisionMembers.id, name: supervisionMembers.name, regionCode: supervisionMembers.regionCode }).from(supervisionMembers)
    .where(and(eq(supervisionMembers.status, 'serving'), isNull(supervisionMembers.deletedAt)));
  for (const [township, t] of Object.entries(TOWNSHIPS)) {
    for (const [qi, q] of quarters.entries()) {
      const r = rng(104729 + qi * 31 + Number(township.slice(6, 9)));
      const attendees = members
        .filter((m) => m.regionCode.startsWith(township.slice(0, 9)) && r() < (VILLAGES.find((v) => v.code === m.regionCode)?.quality ?? 0.5))
        .map((m) => ({ kind: 'supervision_member' as const, memberId: m.id, name: m.name, regionCode: m.regionCode }));
      await createTraining(deps.db, actorOf(byName(t.account)), {
        regionCode: township, title: `${t.name}${q.period.replace('-Q', '年第')}季度村务监督委员会履职培训（演示）`, kind: qi === 0 ? 'training' : 'policy_study',
        heldOn: addDays(q.from, 40), hours: 3, organiser: `${t.name}纪委`, place: `${t.name}会议室`, attendees,
      });
      add('trainingSessions');
    }
  }
  return counts;
}
