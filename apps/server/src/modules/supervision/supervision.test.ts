import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TSupervisionMember, TSupervisionMemberInput, TSupervisionStructure } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { formatCsv, type CsvCell } from '../../lib/csv.js';
import { chinaDate } from '../../lib/time.js';
import { importDataset } from '../datasets/datasets.import.js';
import { newIdNumber } from '../households/households.test-support.js';
import { createTraining } from '../training/training.service.js';
import { createUser } from '../users/users.service.js';
import { ROSTER_HEADERS } from './supervision.export.js';
import { createMember } from './supervision.service.js';

/**
 * 监督队伍: the roster (CRUD, scope, bad input), replacement with a reason, the structure against
 * direct counts, vacancies, and the art. 32 conflict check against cadres, the registry and kinship.
 * One world; department data goes in through the real import.
 */

let ctx: TestContext;
let w: World;
let district: Client;
let townshipA: Client;
let villageA1: Client;
const db = () => ctx.platform.deps.db;
const today = chinaDate();
const daysAgo = (n: number) => chinaDate(new Date(Date.now() - n * 86_400_000));

async function importCsv(dataset: string, header: string[], rows: CsvCell[][]) {
  const r = await importDataset(ctx.platform.deps, systemActor(), dataset as never, Buffer.from(formatCsv(header, rows)), { fileName: `${dataset}.csv`, via: 'cli', strict: true, districtCode: w.district });
  if (r.status !== 'committed') throw new Error(`${dataset}: ${r.message ?? JSON.stringify(r.rejectedRows.slice(0, 3))}`);
}

const ids = {
  director: newIdNumber(), directorSpouse: newIdNumber(), directorSister: newIdNumber(),
  formerCadre: newIdNumber(), formerSpouse: newIdNumber(),
  otherCadre: newIdNumber(), otherBrother: newIdNumber(),
  secretaryAccount: newIdNumber(), secretarySon: newIdNumber(),
  clean: newIdNumber(),
};
const members: Record<string, TSupervisionMember> = {};

const input = (over: Partial<TSupervisionMemberInput> = {}): TSupervisionMemberInput => ({
  regionCode: w.villageA1, name: '王监督', idNumber: newIdNumber(), role: 'member', termStart: '2024-01-01', termEnd: '2028-12-31', electedOn: '2023-12-20',
  electionRecord: '2023年12月20日村民代表会议选举产生，应到45人，实到41人', education: 'senior_high', backgrounds: ['finance'], isPartyMember: true, ...over,
});
const add = (name: string, over: Partial<TSupervisionMemberInput>) => createMember(db(), systemActor(), input({ name, ...over })).then((m) => (members[name] = m));

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const hh = (v: string, n: number) => `${v}-SV${n}`;
  await importCsv('residents', ['id_number', 'name', 'household_id', 'relation_to_head', 'village_code'], [
    [ids.director, '赵主任', hh(w.villageA1, 1), '户主', w.villageA1],
    [ids.directorSpouse, '钱配偶', hh(w.villageA1, 1), '配偶', w.villageA1],
    [ids.directorSister, '赵妹妹', hh(w.villageA1, 2), '户主', w.villageA1],
    [ids.formerCadre, '孙前任', hh(w.villageA1, 3), '户主', w.villageA1],
    [ids.formerSpouse, '李配偶', hh(w.villageA1, 3), '配偶', w.villageA1],
    [ids.otherCadre, '周委员', hh(w.villageB1, 1), '户主', w.villageB1],
    [ids.otherBrother, '周弟弟', hh(w.villageA1, 4), '户主', w.villageA1],
    [ids.secretaryAccount, '吴书记', hh(w.villageA1, 5), '户主', w.villageA1],
    [ids.secretarySon, '吴儿子', hh(w.villageA1, 5), '子', w.villageA1],
    [ids.clean, '郑清白', hh(w.villageA1, 6), '户主', w.villageA1],
  ]);
  await importCsv('cadres', ['id_number', 'name', 'region_code', 'position', 'start_date', 'end_date'], [
    [ids.director, '赵主任', w.villageA1, '村委会主任', daysAgo(800), ''],
    [ids.formerCadre, '孙前任', w.villageA1, '村委会委员', daysAgo(2000), daysAgo(200)],
    [ids.otherCadre, '周委员', w.villageB1, '村委会委员', daysAgo(800), ''],
    // Not on the villagers' committee: the accountant's relatives may serve.
    [ids.clean, '郑清白', w.villageA1, '报账员', daysAgo(800), ''],
  ]);
  await importCsv('kinship', ['id_number_a', 'id_number_b', 'relation'], [
    [ids.director, ids.directorSister, '兄弟姐妹'],
    [ids.otherCadre, ids.otherBrother, '兄弟姐妹'],
  ]);
  // The village's 村书记/主任 account with its identity number.
  await createUser(db(), systemActor(), { username: `sv_sec_${Date.now()}`, displayName: '吴书记', regionCode: w.villageA1, roles: ['village_secretary'], password: 'Test-pass-2026', idNumber: ids.secretaryAccount });

  await add('赵主任', { idNumber: ids.director, role: 'chair' });
  await add('钱配偶', { idNumber: ids.directorSpouse });
  await add('赵妹妹', { idNumber: ids.directorSister });
  await add('李配偶', { idNumber: ids.formerSpouse });
  await add('周弟弟', { idNumber: ids.otherBrother, education: 'bachelor', backgrounds: ['works', 'law'] });
  await add('吴儿子', { idNumber: ids.secretarySon, role: 'discipline', education: undefined, backgrounds: [] });
  await add('郑清白', { idNumber: ids.clean, regionCode: w.villageA2, role: 'chair' });

  district = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
  townshipA = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  villageA1 = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_supervisor'])).username);
});
afterAll(() => ctx.close());

describe('conflicts (村民委员会组织法 art. 32)', () => {
  const conflictsOf = async (name: string) => (await district.get(`/api/v1/supervision/members?pageSize=200`)).json().data.find((m: TSupervisionMember) => m.name === name).conflicts;

  it('flags a committee member, a spouse in the same household, a kinship-linked relative and a relative of the secretary account', async () => {
    expect(await conflictsOf('赵主任')).toEqual([{ kind: 'is_committee_member', detail: '本人现任本村村委会主任' }]);
    const spouse = await conflictsOf('钱配偶');
    expect(spouse).toHaveLength(1);
    expect(spouse[0].kind).toBe('relative_of_committee_member');
    expect(spouse[0].detail).toBe(`同户家庭成员赵主任（身份证号尾号${ids.director.slice(-4)}）现任本村村委会主任`);
    expect((await conflictsOf('赵妹妹'))[0].detail).toContain('亲属（兄弟姐妹）赵主任');
    expect((await conflictsOf('吴儿子'))[0].detail).toContain('村书记/主任（平台账号）');
  });

  it('does not flag a relative of a cadre who left office, of another village, or of a cadre off the committee', async () => {
    expect(await conflictsOf('李配偶')).toEqual([]);
    expect(await conflictsOf('周弟弟')).toEqual([]);
    expect(await conflictsOf('郑清白')).toEqual([]);
  });

  it('lists only the members with conflicts when asked, and counts them in the structure', async () => {
    const only = (await townshipA.get('/api/v1/supervision/members?conflictsOnly=true&pageSize=200')).json();
    expect(only.data.map((m: TSupervisionMember) => m.name).sort()).toEqual(['吴儿子', '赵主任', '赵妹妹', '钱配偶'].sort());
    expect(only.total).toBe(4);
    expect((await district.get(`/api/v1/supervision/structure?regionCode=${w.district}`)).json().conflicts).toBe(4);
    expect((await district.get(`/api/v1/supervision/structure?regionCode=${w.villageA2}`)).json().conflicts).toBe(0);
  });
});

describe('the roster (监督队伍名册)', () => {
  it('adds and corrects a member: masked id, age and gender from the identity number, training hours of the last 12 months', async () => {
    const id = newIdNumber();
    const res = await townshipA.post('/api/v1/supervision/members', input({ regionCode: w.villageA2, name: '冯新人', idNumber: id, role: 'discipline' }));
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json() as TSupervisionMember;
    expect(m.idMasked).toBe(`${id.slice(0, 4)}**********${id.slice(14)}`);
    expect(JSON.stringify(m)).not.toContain(id);
    const birth = Number(id.slice(6, 14));
    expect(m.age).toBe(Math.floor((Number(today.replaceAll('-', '')) - birth) / 10000));
    expect(m.gender).toBe(Number(id[16]) % 2 ? '男' : '女');
    expect(m).toMatchObject({ status: 'serving', villageName: '甲二村', trainingHours: 0, conflicts: [] });

    await createTraining(db(), systemActor(), { regionCode: w.townshipA, title: '监委会履职培训', kind: 'training', heldOn: daysAgo(5), hours: 3.5, organiser: '甲镇纪委', attendees: [{ kind: 'supervision_member', memberId: m.id, name: m.name, regionCode: w.villageA2 }] });
    await createTraining(db(), systemActor(), { regionCode: w.townshipA, title: '往年培训', kind: 'training', heldOn: daysAgo(400), hours: 2, organiser: '甲镇纪委', attendees: [{ kind: 'supervision_member', memberId: m.id, name: m.name, regionCode: w.villageA2 }] });
    const put = await townshipA.put(`/api/v1/supervision/members/${m.id}`, input({ regionCode: w.villageA2, name: '冯新人', idNumber: id, role: 'discipline', education: 'bachelor' }));
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ education: 'bachelor', trainingHours: 3.5 });
  });

  it('keeps the stored identity number when a correction sends none or the masked form it was shown', async () => {
    const id = newIdNumber();
    const m = (await townshipA.post('/api/v1/supervision/members', input({ regionCode: w.villageA2, name: '郑保留', idNumber: id, role: 'member' }))).json() as TSupervisionMember;
    const stored = async () => (await queryRows<{ id_number: string }>(db(), sql`select id_number from supervision_members where id = ${m.id}`))[0]!.id_number;
    const { idNumber: _omit, ...withoutId } = input({ regionCode: w.villageA2, name: '郑保留', role: 'member' });
    const none = await townshipA.put(`/api/v1/supervision/members/${m.id}`, { ...withoutId, education: 'senior_high' });
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json()).toMatchObject({ education: 'senior_high', idMasked: m.idMasked });
    const masked = await townshipA.put(`/api/v1/supervision/members/${m.id}`, { ...withoutId, idNumber: m.idMasked, name: '郑保留二' });
    expect(masked.statusCode, masked.body).toBe(200);
    expect(masked.json()).toMatchObject({ name: '郑保留二', idMasked: m.idMasked });
    const empty = await townshipA.put(`/api/v1/supervision/members/${m.id}`, { ...withoutId, idNumber: '' });
    expect(empty.statusCode, empty.body).toBe(200);
    expect(await stored()).toBe(id);
    // A full new number replaces it; a malformed one is still refused, naming the field.
    const other = newIdNumber();
    expect((await townshipA.put(`/api/v1/supervision/members/${m.id}`, { ...withoutId, idNumber: other })).statusCode).toBe(200);
    expect(await stored()).toBe(other);
    const bad = await townshipA.put(`/api/v1/supervision/members/${m.id}`, { ...withoutId, idNumber: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('idNumber');
  });

  it('keeps to the scope and answers bad input with 400 naming the fields', async () => {
    expect((await townshipA.post('/api/v1/supervision/members', input({ regionCode: w.villageB1 }))).statusCode).toBe(404);
    const outside = await createMember(db(), systemActor(), input({ regionCode: w.villageB1, name: '乙村成员', role: 'chair' }));
    expect((await townshipA.put(`/api/v1/supervision/members/${outside.id}`, input())).statusCode).toBe(404);
    expect((await townshipA.post(`/api/v1/supervision/members/${outside.id}/replace`, { reason: '调动', leftOn: today })).statusCode).toBe(404);
    expect((await villageA1.get(`/api/v1/supervision/structure?regionCode=${w.villageA2}`)).statusCode).toBe(404);
    expect((await villageA1.get('/api/v1/supervision/members?pageSize=200')).json().data.every((m: TSupervisionMember) => m.regionCode === w.villageA1)).toBe(true);
    expect((await villageA1.post('/api/v1/supervision/members', input())).statusCode).toBe(403);

    const bad = await townshipA.post('/api/v1/supervision/members', { regionCode: w.villageA1, name: '', idNumber: '12345', role: 'boss', termStart: '2024-01-01', electedOn: '2023-12-20' });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json().details as { path: string }[]).map((d) => d.path);
    for (const f of ['name', 'idNumber', 'role', 'electionRecord']) expect(paths.some((p) => p.includes(f)), `${f} in ${paths}`).toBe(true);
    const check = await townshipA.post('/api/v1/supervision/members', input({ idNumber: `${ids.clean.slice(0, 17)}${ids.clean[17] === '1' ? '2' : '1'}` }));
    expect(check.json().details[0].path).toBe('idNumber');
    expect((await townshipA.post('/api/v1/supervision/members', input({ termEnd: '2023-06-30' }))).json().details[0].path).toBe('termEnd');
    expect((await townshipA.post('/api/v1/supervision/members', input({ regionCode: w.townshipA }))).json().details[0].path).toBe('regionCode');
    expect((await townshipA.post('/api/v1/supervision/members', input({ idNumber: ids.director }))).json().details[0].path).toBe('idNumber');
  });

  it('replaces a member with a recorded reason in one audited step: the old entry stays as left, the successor points back', async () => {
    const old = members['周弟弟']!;
    const succId = newIdNumber();
    const { regionCode: _r, ...succ } = input({ name: '陈接任', idNumber: succId });
    const res = await townshipA.post(`/api/v1/supervision/members/${old.id}/replace`, { reason: '本人因外出务工辞去职务', leftOn: daysAgo(2), successor: succ });
    expect(res.statusCode, res.body).toBe(200);
    const { left, successor } = res.json() as { left: TSupervisionMember; successor: TSupervisionMember };
    expect(left).toMatchObject({ id: old.id, status: 'left', leftOn: daysAgo(2), leftReason: '本人因外出务工辞去职务' });
    expect(successor).toMatchObject({ name: '陈接任', status: 'serving', regionCode: w.villageA1, replacesMemberId: old.id });
    const events = await queryRows<{ action: string; request_id: string | null }>(db(), sql`select action, request_id from audit_events where entity_id in (${old.id}, ${successor.id}) order by seq desc limit 2`);
    expect(events.map((e) => e.action).sort()).toEqual(['supervision.member.create', 'supervision.member.leave']);
    expect(events[0]!.request_id).toBe(events[1]!.request_id);

    const history = (await townshipA.get(`/api/v1/supervision/members?status=left&regionCode=${w.villageA1}`)).json();
    expect(history.data.map((m: TSupervisionMember) => m.id)).toContain(old.id);
    expect((await townshipA.post(`/api/v1/supervision/members/${old.id}/replace`, { reason: '再次更换', leftOn: today })).statusCode).toBe(409);
    const noReason = await townshipA.post(`/api/v1/supervision/members/${successor.id}/replace`, { leftOn: today });
    expect(noReason.json().details.map((d: { path: string }) => d.path).join()).toContain('reason');
    // A successor whose own data is wrong is named under successor.
    const badSucc = await townshipA.post(`/api/v1/supervision/members/${successor.id}/replace`, { reason: '调动', leftOn: today, successor: { ...succ, idNumber: succId, termEnd: '2020-01-01' } });
    expect(badSucc.json().details[0].path).toBe('successor.termEnd');
    // The failed replacement left nothing behind.
    expect((await townshipA.get(`/api/v1/supervision/members?status=serving&regionCode=${w.villageA1}&pageSize=200`)).json().data.map((m: TSupervisionMember) => m.id)).toContain(successor.id);
  });

  it('computes the structure of the teams against direct counts, with vacancies', async () => {
    const s = (await district.get(`/api/v1/supervision/structure?regionCode=${w.district}`)).json() as TSupervisionStructure;
    const rows = await queryRows<{ id_number: string; education: string | null; backgrounds: string[]; region_code: string; role: string }>(db(), sql`
      select id_number, education, backgrounds, region_code, role from supervision_members where status = 'serving' and deleted_at is null and region_code like ${w.district.slice(0, 6) + '%'}`);
    expect(s.villages).toBe(3);
    expect(s.serving).toBe(rows.length);
    const ageOf = (id: string) => Math.floor((Number(today.replaceAll('-', '')) - Number(id.slice(6, 14))) / 10000);
    const band = (a: number) => (a < 35 ? 'under_35' : a < 45 ? '35_44' : a < 55 ? '45_54' : a < 60 ? '55_59' : '60_plus');
    for (const b of s.ageBands) expect(b.count, b.band).toBe(rows.filter((r) => band(ageOf(r.id_number)) === b.band).length);
    for (const e of s.education) expect(e.count, e.level).toBe(rows.filter((r) => (r.education ?? 'unknown') === e.level).length);
    for (const g of s.backgrounds) expect(g.count, g.background).toBe(rows.filter((r) => r.backgrounds.includes(g.background)).length);
    expect(s.ageBands.reduce((n, b) => n + b.count, 0)).toBe(s.serving);

    // 甲一村: a chair, 4 members and a discipline member — complete. 甲二村: a chair and a discipline member; 乙一村: a chair only.
    const committee = (v: string) => rows.filter((r) => r.region_code === v && r.role !== 'discipline').length;
    expect(s.vacancies.map((v) => v.regionCode)).toEqual([w.villageA2, w.villageB1]);
    expect(s.vacancies[0]).toMatchObject({ members: committee(w.villageA2), hasChair: true, hasDiscipline: true });
    expect(s.vacancies[1]).toMatchObject({ members: committee(w.villageB1), hasChair: true, hasDiscipline: false });
    const a = (await townshipA.get('/api/v1/supervision/structure')).json() as TSupervisionStructure;
    expect(a.villages).toBe(2);
    expect(a.vacancies.map((v) => v.regionCode)).toEqual([w.villageA2]);
  });

  it('exports the roster to .xlsx with Chinese headers, masked ids and the conflicts', async () => {
    const res = await townshipA.get(`/api/v1/supervision/members/export.xlsx?regionCode=${w.villageA1}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...ROSTER_HEADERS]);
    const list = (await townshipA.get(`/api/v1/supervision/members?regionCode=${w.villageA1}&pageSize=200`)).json();
    expect(ws.rowCount - 1).toBe(list.total);
    const byName = new Map(Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2)).map((r) => [String(r.getCell(3).value), r]));
    const director = byName.get('赵主任')!;
    expect(director.getCell(4).value).toBe(`${ids.director.slice(0, 4)}**********${ids.director.slice(14)}`);
    expect(director.getCell(5).value).toBe('监委会主任');
    expect(String(director.getCell(19).value)).toContain('村委会主任');
    expect(byName.get('周弟弟')!.getCell(15).value).toBe('已离任');
    expect(JSON.stringify(ws.getSheetValues())).not.toContain(ids.director);
  });
});
