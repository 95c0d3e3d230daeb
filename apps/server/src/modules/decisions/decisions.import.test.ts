import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { queryRows } from '@mpw/db';
import { createTestContext, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { addCalendarDays } from '../../lib/calendar/index.js';
import { exportDecisionsCsv } from './decisions.export.js';
import { importDecisionsCsv, parseRecordedAt } from './decisions.import.js';

let ctx: TestContext;
let w: World;
const db = () => ctx.platform.deps.db;
const HEADER = 'decision_id,village_code,title,amount,stage,body,held_on,eligible,attendees,votes_for,votes_against,recorded_at';
const today = chinaDate();
const daysAgo = (n: number) => addCalendarDays(today, -n);
/** A China-time timestamp on a date. */
const at = (day: string, time = '10:00:00') => `${day}T${time}+08:00`;
let seq = 0;
const nextNo = () => `${w.villageA1}-2025-${String(++seq).padStart(4, '0')}`;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
}, 60_000);
afterAll(() => ctx.close());

function townshipActor(region: string): Actor {
  return { kind: 'user', userId: null, username: 'tester', roles: ['township_staff'], regionCode: region, requestId: null };
}

async function decisionOf(no: string) {
  const [d] = await queryRows<{ id: string; status: string; title: string; amount_fen: number | null; region_code: string }>(db(), sql`select id, status, title, amount_fen, region_code from decisions where decision_no = ${no}`);
  const stages = d ? await queryRows<{ stage: string; is_late: boolean; outcome: string | null; held_on: string; attendees: number | null; recorded_at: Date }>(db(), sql`select stage, is_late, outcome, held_on::text as held_on, attendees, recorded_at from decision_stages where decision_id = ${d.id} order by held_on, created_at`) : [];
  return { decision: d, stages };
}

async function alertsOf(no: string) {
  return queryRows<{ rule: string; evidence: string; summary: string }>(db(), sql`select rule, evidence, summary from alerts where subject_type = 'decision' and subject_id = ${no}`);
}

function fullDecision(no: string, opts: { village?: string; late?: boolean; attendees?: number } = {}) {
  const v = opts.village ?? w.villageA1;
  const rec = (day: string) => at(opts.late ? addCalendarDays(day, 10) : day);
  return [
    `${no},${v},村道硬化工程,"180,000.00",proposal,,${daysAgo(40)},,,,,${rec(daysAgo(40))}`,
    `${no},${v},村道硬化工程,180000,consultation,两委联席会议,${daysAgo(38)},9,9,,,${rec(daysAgo(38))}`,
    `${no},${v},村道硬化工程,180000,review,党员大会,${daysAgo(35)},30,25,22,2,${at(daysAgo(35))}`,
    `${no},${v},村道硬化工程,180000,resolution,村民代表会议,${daysAgo(30)},45,${opts.attendees ?? 40},${Math.min(35, (opts.attendees ?? 40) - 3)},3,${at(daysAgo(30))}`,
  ];
}

describe('parseRecordedAt', () => {
  it('reads ISO 8601 with and without an offset (China time) and plain dates', () => {
    expect(parseRecordedAt('2024-08-24T11:45:22+08:00')?.toISOString()).toBe('2024-08-24T03:45:22.000Z');
    expect(parseRecordedAt('2024-08-24T03:45:22Z')?.toISOString()).toBe('2024-08-24T03:45:22.000Z');
    expect(parseRecordedAt('2024-08-24 11:45')?.toISOString()).toBe('2024-08-24T03:45:00.000Z');
    expect(parseRecordedAt('2024/08/24')?.toISOString()).toBe('2024-08-23T16:00:00.000Z');
    expect(parseRecordedAt('2024-02-30T10:00:00+08:00')).toBeNull();
    expect(parseRecordedAt('yesterday')).toBeNull();
  });
});

describe('importDecisionsCsv', () => {
  it('creates decisions and stages with the form rules, and a re-import changes nothing', async () => {
    const no = nextNo();
    const csv = [HEADER, ...fullDecision(no)].join('\n');
    const first = await importDecisionsCsv(db(), systemActor(), csv, { fileName: 'decisions.csv' });
    expect(first).toEqual({ read: 4, created: 4, updated: 0, unchanged: 0, rejected: [] });
    const { decision, stages } = await decisionOf(no);
    expect(decision).toMatchObject({ status: 'passed', title: '村道硬化工程', amount_fen: 18_000_000, region_code: w.villageA1 });
    expect(stages.map((s) => [s.stage, s.outcome, s.is_late])).toEqual([
      ['proposal', null, false],
      ['consultation', null, false],
      ['review', 'passed', false],
      ['resolution', 'passed', false],
    ]);

    const again = await importDecisionsCsv(db(), systemActor(), csv);
    expect(again).toEqual({ read: 4, created: 0, updated: 0, unchanged: 4, rejected: [] });
    expect((await decisionOf(no)).stages).toHaveLength(4);
    expect(await alertsOf(no)).toEqual([]);

    // Its own export reads back unchanged.
    const exported = await exportDecisionsCsv(db(), { regionCode: w.villageA1 });
    const roundTrip = await importDecisionsCsv(db(), systemActor(), exported);
    expect(roundTrip.rejected).toEqual([]);
    expect(roundTrip.created + roundTrip.updated).toBe(0);
  });

  it('updates a stage whose figures changed, recomputing the outcome and the status', async () => {
    const no = nextNo();
    await importDecisionsCsv(db(), systemActor(), [HEADER, ...fullDecision(no)].join('\n'));
    // Fewer than two thirds of 45 representatives present: the resolution fails, so does the decision.
    const changed = [HEADER, ...fullDecision(no, { attendees: 29 })].join('\n');
    const r = await importDecisionsCsv(db(), systemActor(), changed);
    expect(r).toEqual({ read: 4, created: 0, updated: 1, unchanged: 3, rejected: [] });
    const { decision, stages } = await decisionOf(no);
    expect(decision!.status).toBe('failed');
    expect(stages.find((s) => s.stage === 'resolution')).toMatchObject({ attendees: 29, outcome: 'failed' });
    const events = await queryRows<{ action: string; after: { source?: { file: string; line: number } } }>(db(), sql`select action, after from audit_events where entity_id = ${decision!.id} and action = 'decision.stage.import_update'`);
    expect(events).toHaveLength(1);
    expect(events[0]!.after.source).toEqual({ file: 'decisions.csv', line: 5 });
  });

  it('raises LATE_RECORD for a stage recorded more than 7 days after it was held', async () => {
    const no = nextNo();
    const r = await importDecisionsCsv(db(), systemActor(), [HEADER, ...fullDecision(no, { late: true })].join('\n'));
    expect(r.created).toBe(4);
    const { stages } = await decisionOf(no);
    expect(stages.filter((s) => s.is_late).map((s) => s.stage)).toEqual(['proposal', 'consultation']);
    const alerts = await alertsOf(no);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.rule).toBe('LATE_RECORD');
    expect(alerts[0]!.evidence).toBe(`decisions:${no}/proposal;decisions:${no}/consultation`);

    // Exactly seven days is not late.
    const onTime = nextNo();
    await importDecisionsCsv(db(), systemActor(), [HEADER, `${onTime},${w.villageA1},修缮祠堂,,proposal,,${daysAgo(20)},,,,,${at(daysAgo(13), '23:30:00')}`].join('\n'));
    expect((await decisionOf(onTime)).stages[0]!.is_late).toBe(false);
    expect(await alertsOf(onTime)).toEqual([]);
  });

  it('accepts Chinese headers and stage names in any column order', async () => {
    const no = nextNo();
    const csv = [
      '环节,决策编号,村代码,事项,日期,录入时间,涉及金额',
      `党组织提议,${no},${w.villageA1},购置垃圾清运车,${daysAgo(5)},${at(daysAgo(5))},52000`,
      `两委会商议,${no},${w.villageA1},购置垃圾清运车,${daysAgo(4)},${at(daysAgo(4))},52000`,
    ].join('\n');
    const r = await importDecisionsCsv(db(), systemActor(), Buffer.from(`\uFEFF${csv}`, 'utf8'));
    expect(r).toMatchObject({ created: 2, rejected: [] });
    expect((await decisionOf(no)).decision).toMatchObject({ status: 'in_progress', amount_fen: 5_200_000 });
  });

  it('rejects bad rows with their line and reason and imports the good ones; strict imports nothing', async () => {
    const good = nextNo();
    const newNo = nextNo();
    const rows = [
      HEADER,
      `${good},${w.villageA1},安装路灯,,proposal,,${daysAgo(3)},,,,,${at(daysAgo(3))}`,
      `${good},${w.villageA1},安装路灯,,opening,,${daysAgo(3)},,,,,`,
      `${good},${w.villageA1},安装路灯,,consultation,,2025-02-30,,,,,`,
      `${good},${w.villageA1},安装路灯,,review,党员大会,${daysAgo(2)},20,25,15,,`,
      `${good},${w.villageA1},安装路灯,,proposal,,${daysAgo(3)},,,,,`,
      `${good},${w.villageA2},安装路灯,,consultation,,${daysAgo(2)},,,,,`,
      `${newNo},${w.villageA1},,,proposal,,${daysAgo(2)},,,,,`,
      `${nextNo()},${w.villageA1},修桥,,resolution,,${daysAgo(1)},30,25,20,,`,
      `${nextNo()},${w.villageA1},修桥,,proposal,,${addCalendarDays(today, 3)},,,,,`,
      `${nextNo()},${w.villageA1},修桥,abc,proposal,,${daysAgo(1)},,,,,`,
      `${nextNo()},${w.villageA1},修桥,,proposal,,${daysAgo(5)},,,,,${at(daysAgo(6))}`,
    ];
    const strict = await importDecisionsCsv(db(), systemActor(), rows.join('\n'), { strict: true });
    expect(strict.created).toBe(0);
    expect(strict.rejected.length).toBe(10);
    expect((await decisionOf(good)).decision).toBeUndefined();

    const r = await importDecisionsCsv(db(), systemActor(), rows.join('\n'));
    expect(r.created).toBe(1);
    expect(r.rejected.map((x) => x.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const reasons = Object.fromEntries(r.rejected.map((x) => [x.line, x.reason]));
    expect(reasons[3]).toContain('环节“opening”无法识别');
    expect(reasons[4]).toContain('日期“2025-02-30”无法识别');
    expect(reasons[5]).toContain('实到人数（25）不能超过应到人数（20）');
    expect(reasons[6]).toContain('与第2行重复');
    expect(reasons[7]).toContain('村代码与第2行不一致');
    expect(reasons[8]).toContain('事项（title）不能为空');
    expect(reasons[9]).toContain('村民会议或村民代表会议');
    expect(reasons[10]).toContain('不能晚于今天');
    expect(reasons[11]).toContain('涉及金额“abc”');
    expect(reasons[12]).toContain('不能早于会议日期');
    expect((await decisionOf(good)).stages.map((s) => s.stage)).toEqual(['proposal']);
  });

  it('keeps an account to its own villages and a number to its village', async () => {
    const no = nextNo();
    const r = await importDecisionsCsv(db(), townshipActor(w.townshipB), [HEADER, `${no},${w.villageA1},越权事项,,proposal,,${daysAgo(1)},,,,,`].join('\n'));
    expect(r.rejected).toEqual([{ line: 2, reason: `村代码 ${w.villageA1} 不在本账号管辖范围内` }]);
    expect((await decisionOf(no)).decision).toBeUndefined();

    await importDecisionsCsv(db(), systemActor(), [HEADER, `${no},${w.villageA1},甲村事项,,proposal,,${daysAgo(1)},,,,,`].join('\n'));
    const taken = await importDecisionsCsv(db(), systemActor(), [HEADER, `${no},${w.villageA2},乙村事项,,proposal,,${daysAgo(1)},,,,,`].join('\n'));
    expect(taken.rejected[0]!.reason).toContain('已被其他村的决策使用');
    expect((await decisionOf(no)).decision!.title).toBe('甲村事项');

    const missing = importDecisionsCsv(db(), systemActor(), 'decision_id,village_code\nX,1\n');
    await expect(missing).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('fills the provenance of decisions and stages: import, file, line', async () => {
    const no = nextNo();
    const importId = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
    const r = await importDecisionsCsv(db(), systemActor(), [HEADER, ...fullDecision(no).slice(0, 2)].join('\n'), { fileName: 'dec-2025.csv', importId });
    expect(r.created).toBe(2);
    const [d] = await queryRows<{ id: string; import_id: string; source_file: string; source_line: number }>(db(), sql`select id, import_id, source_file, source_line from decisions where decision_no = ${no}`);
    expect(d).toMatchObject({ import_id: importId, source_file: 'dec-2025.csv', source_line: 2 });
    const stages = await queryRows<{ stage: string; import_id: string; source_file: string; source_line: number }>(db(), sql`select stage, import_id, source_file, source_line from decision_stages where decision_id = ${d!.id} order by source_line`);
    expect(stages).toEqual([
      { stage: 'proposal', import_id: importId, source_file: 'dec-2025.csv', source_line: 2 },
      { stage: 'consultation', import_id: importId, source_file: 'dec-2025.csv', source_line: 3 },
    ]);
    // A changed stage takes the provenance of the import that changed it; an unchanged one keeps its own.
    const rows = fullDecision(no).slice(0, 2);
    rows[1] = rows[1]!.replace(',9,9,', ',9,8,');
    const again = await importDecisionsCsv(db(), systemActor(), [HEADER, rows[1]!, rows[0]!].join('\n'), { fileName: 'dec-2025-fix.csv' });
    expect(again).toMatchObject({ updated: 1, unchanged: 1 });
    const after = await queryRows<{ stage: string; import_id: string; source_file: string; source_line: number }>(db(), sql`select stage, import_id, source_file, source_line from decision_stages where decision_id = ${d!.id} order by stage`);
    expect(after.find((s) => s.stage === 'consultation')).toMatchObject({ source_file: 'dec-2025-fix.csv', source_line: 2 });
    expect(after.find((s) => s.stage === 'consultation')!.import_id).not.toBe(importId);
    expect(after.find((s) => s.stage === 'proposal')).toMatchObject({ import_id: importId, source_file: 'dec-2025.csv', source_line: 2 });
  });

  it('reads a stream in batches: a decision whose rows are far apart is one decision, its columns checked across batches', async () => {
    const a = nextNo();
    const b = nextNo();
    const [pa, ca, ra, rsa] = fullDecision(a);
    const rows = [
      HEADER,
      pa!,
      `${b},${w.villageA1},修缮水渠,,proposal,,${daysAgo(9)},,,,,${at(daysAgo(9))}`,
      ca!,
      `${b},${w.villageA1},另一个名字,,consultation,,${daysAgo(8)},,,,,${at(daysAgo(8))}`,
      ra!,
      rsa!,
    ];
    const r = await importDecisionsCsv(db(), systemActor(), Readable.from([Buffer.from(rows.join('\n'))]), { batchRows: 2 });
    expect(r).toEqual({ read: 6, created: 5, updated: 0, unchanged: 0, rejected: [{ line: 5, reason: `决策 ${b} 的事项与第3行不一致` }] });
    const { decision, stages } = await decisionOf(a);
    expect(decision!.status).toBe('passed');
    expect(stages.map((s) => s.stage)).toEqual(['proposal', 'consultation', 'review', 'resolution']);
    expect((await decisionOf(b)).stages.map((s) => s.stage)).toEqual(['proposal']);
  });

  it('gives the JSON array position and the spreadsheet row as the line of a rejected row', async () => {
    const no = nextNo();
    const json = JSON.stringify([
      { decision_id: no, village_code: w.villageA1, title: '修路', stage: 'proposal', held_on: daysAgo(4), recorded_at: at(daysAgo(4)) },
      { decision_id: no, village_code: w.villageA1, title: '修路', stage: 'opening', held_on: daysAgo(3) },
      { decision_id: no, village_code: w.villageA1, title: '修路', stage: 'consultation', held_on: daysAgo(3), recorded_at: at(daysAgo(3)) },
    ]);
    const fromJson = await importDecisionsCsv(db(), systemActor(), Buffer.from(json), { format: 'json', fileName: 'decisions.json' });
    expect(fromJson).toMatchObject({ read: 3, created: 2, rejected: [{ line: 2, reason: expect.stringContaining('环节“opening”无法识别') }] });
    const [stage] = await queryRows<{ source_line: number }>(db(), sql`select s.source_line from decision_stages s join decisions d on d.id = s.decision_id where d.decision_no = ${no} and s.stage = 'consultation'`);
    expect(stage!.source_line).toBe(3);

    // An empty row between: the sheet's own row numbers, not the rows' positions.
    const xno = nextNo();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('决策');
    sheet.getRow(1).values = HEADER.split(',');
    sheet.getRow(3).values = [xno, w.villageA1, '修桥', '', 'proposal', '', daysAgo(4), '', '', '', '', at(daysAgo(4))];
    sheet.getRow(5).values = [xno, w.villageA1, '修桥', '', 'consultation', '', '2025-02-30', '', '', '', '', ''];
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const fromXlsx = await importDecisionsCsv(db(), systemActor(), xlsx, { format: 'xlsx', fileName: 'decisions.xlsx' });
    expect(fromXlsx).toMatchObject({ read: 2, created: 1, rejected: [{ line: 5, reason: expect.stringContaining('日期“2025-02-30”无法识别') }] });
    const [x] = await queryRows<{ source_line: number; source_file: string }>(db(), sql`select source_line, source_file from decisions where decision_no = ${xno}`);
    expect(x).toEqual({ source_line: 3, source_file: 'decisions.xlsx' });
  });
});

