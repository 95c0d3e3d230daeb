import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, ROLE_DEFINITIONS, type TRole } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { storeAttachment } from '../attachments/attachments.service.js';
import { tinyPng } from '../attachments/attachments.test-support.js';
import { canSeeReport } from './reports.policy.js';
import * as reports from './reports.service.js';
import { actorOf, handTo, newReport } from './reports.staff.test-support.js';

let ctx: TestContext;
let w: World;
const clients = new Map<string, { client: Client; actor: Actor }>();
const db = () => ctx.platform.deps.db;

/** One account per role and place: role@region. */
async function account(role: TRole, region: string) {
  const key = `${role}@${region}`;
  if (!clients.has(key)) {
    const u = await makeUser(ctx, region, [role]);
    clients.set(key, { client: await login(ctx.app, u.username), actor: actorOf(u) });
  }
  return clients.get(key)!;
}

const listIds = async (c: Client) => ((await c.get('/api/v1/reports?pageSize=200')).json().data as { id: string }[]).map((r) => r.id);
const exportNumbers = async (c: Client) => (await c.get('/api/v1/reports/export.csv')).body;

let cadreReport: { id: string; number: string };
let officialReport: { id: string; number: string };
let otherReport: { id: string; number: string };
let cadreFile: string;
let officialFile: string;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  cadreReport = await newReport(ctx, w.villageA1, { subjectKind: 'village_cadre', subjectName: '赵书记', subjectPosition: '村党支部书记' });
  officialReport = await newReport(ctx, w.villageA2, { subjectKind: 'township_official', subjectName: '钱镇长', subjectPosition: '镇长' });
  otherReport = await newReport(ctx, w.villageA1, { subjectKind: 'other' });
  // Evidence filed by the handling units.
  const township = await makeUser(ctx, w.townshipA, ['township_discipline']);
  const inspector = await makeUser(ctx, w.district, ['district_inspector']);
  cadreFile = (await storeAttachment(db(), actorOf(township), { regionCode: w.townshipA, entityType: 'report', entityId: cadreReport.id, fileName: '证据.png', data: tinyPng({ seed: 1 }) })).id;
  officialFile = (await storeAttachment(db(), actorOf(inspector), { regionCode: w.district, entityType: 'report', entityId: officialReport.id, fileName: '证据.png', data: tinyPng({ seed: 2 }) })).id;
}, 120_000);
afterAll(() => ctx.close());

describe('who sees a report', () => {
  it('hides a village cadre report from every account of that village: list, detail, export, files', async () => {
    for (const role of ROLES.filter((r) => ROLE_DEFINITIONS[r].level === 'village')) {
      const { client } = await account(role, w.villageA1);
      expect(await listIds(client).catch(() => [])).not.toContain(cadreReport.id);
      expect((await client.get(`/api/v1/reports/${cadreReport.id}`)).statusCode, role).toBe(role === 'village_discipline' || role === 'village_supervisor' ? 404 : 403);
      expect(await exportNumbers(client)).not.toContain(cadreReport.number);
      expect((await client.get(`/api/v1/reports/${cadreReport.id}/print`)).statusCode).not.toBe(200);
      expect((await client.get(`/api/v1/attachments/${cadreFile}`)).statusCode, role).toBe(404);
      const files = await client.get(`/api/v1/attachments?entityType=report&entityId=${cadreReport.id}`);
      expect(files.statusCode === 200 ? files.json().data : []).toEqual([]);
    }
    // The township that handles it sees all of it.
    const { client } = await account('township_discipline', w.townshipA);
    expect(await listIds(client)).toContain(cadreReport.id);
    expect((await client.get(`/api/v1/reports/${cadreReport.id}`)).json().attachments.map((a: { id: string }) => a.id)).toEqual([cadreFile]);
    expect(await exportNumbers(client)).toContain(cadreReport.number);
    expect((await client.get(`/api/v1/attachments/${cadreFile}`)).statusCode).toBe(200);
  });

  it('hides a township official report from every account of that township and shows it to the district', async () => {
    const { client: township } = await account('township_discipline', w.townshipA);
    expect(await listIds(township)).not.toContain(officialReport.id);
    expect((await township.get(`/api/v1/reports/${officialReport.id}`)).statusCode).toBe(404);
    expect((await township.get(`/api/v1/reports/${officialReport.id}/print`)).statusCode).toBe(404);
    expect((await township.get(`/api/v1/reports/${officialReport.id}/assignees`)).statusCode).toBe(404);
    expect((await township.post(`/api/v1/reports/${officialReport.id}/accept`, {})).statusCode).toBe(404);
    expect(await exportNumbers(township)).not.toContain(officialReport.number);
    expect((await township.get(`/api/v1/attachments/${officialFile}`)).statusCode).toBe(404);
    for (const role of ['village_discipline', 'village_supervisor'] as const) {
      const { client } = await account(role, w.villageA2);
      expect((await client.get(`/api/v1/reports/${officialReport.id}`)).statusCode).toBe(404);
    }
    const { client: inspector } = await account('district_inspector', w.district);
    expect(await listIds(inspector)).toContain(officialReport.id);
    const d = (await inspector.get(`/api/v1/reports/${officialReport.id}`)).json();
    expect(d).toMatchObject({ handlingLevel: 'district', handlingRegionCode: w.district });
    expect(d.can.accept).toBe(true);
    expect(await exportNumbers(inspector)).toContain(officialReport.number);
    expect((await inspector.get(`/api/v1/attachments/${officialFile}`)).statusCode).toBe(200);
    // The other township sees neither: out of scope.
    const { client: other } = await account('township_discipline', w.townshipB);
    expect(await listIds(other)).toEqual([]);
  });

  it('shows village-level roles only what is handed to their level in their village', async () => {
    const { client: discipline } = await account('village_discipline', w.villageA1);
    const { client: supervisor } = await account('village_supervisor', w.villageA1);
    const { client: neighbour } = await account('village_discipline', w.villageA2);
    expect((await discipline.get(`/api/v1/reports/${otherReport.id}`)).statusCode).toBe(404);
    expect(await listIds(discipline)).toEqual([]);

    await handTo(ctx, otherReport.id, 'village_discipline');
    expect(await listIds(discipline)).toEqual([otherReport.id]);
    expect((await discipline.get(`/api/v1/reports/${otherReport.id}`)).statusCode).toBe(200);
    expect(await exportNumbers(discipline)).toContain(otherReport.number);
    expect((await supervisor.get(`/api/v1/reports/${otherReport.id}`)).statusCode).toBe(404);
    expect(await listIds(supervisor)).toEqual([]);
    expect((await neighbour.get(`/api/v1/reports/${otherReport.id}`)).statusCode).toBe(404);

    // Files follow the handling unit: the village member reaches the file once the report is theirs.
    const file = await storeAttachment(db(), systemActor(), { regionCode: w.villageA1, entityType: 'report', entityId: otherReport.id, fileName: '补充.png', data: tinyPng({ seed: 3 }) });
    expect((await discipline.get(`/api/v1/attachments/${file.id}`)).statusCode).toBe(200);
    await reports.transferReport(db(), systemActor(), otherReport.id, { level: 'village_supervision', reason: '改由村务监督委员会核实' });
    expect((await discipline.get(`/api/v1/reports/${otherReport.id}`)).statusCode).toBe(404);
    expect((await supervisor.get(`/api/v1/reports/${otherReport.id}`)).statusCode).toBe(200);
    // Both village levels share the village's region: the file of a report handed to the committee is not the member's.
    expect((await supervisor.get(`/api/v1/attachments/${file.id}`)).statusCode).toBe(200);
    expect((await discipline.get(`/api/v1/attachments/${file.id}`)).statusCode).toBe(404);
    expect((await discipline.get(`/api/v1/attachments?entityType=report&entityId=${otherReport.id}`)).json().data).toEqual([]);
    expect((await discipline.get('/api/v1/attachments?entityType=report')).json().data).toEqual([]);
    expect((await supervisor.get(`/api/v1/attachments?entityType=report&entityId=${otherReport.id}`)).json().data.map((a: { id: string }) => a.id)).toEqual([file.id]);
    await reports.transferReport(db(), systemActor(), otherReport.id, { level: 'township', reason: '收回乡镇办理' });
    expect((await supervisor.get(`/api/v1/reports/${otherReport.id}`)).statusCode).toBe(404);
    expect((await supervisor.get(`/api/v1/attachments/${file.id}`)).statusCode).toBe(404);
    expect((await discipline.get(`/api/v1/attachments/${file.id}`)).statusCode).toBe(404);
  });

  it('gives the same answer in SQL (lists) and in the pure rule, for every role and place', async () => {
    const places = [w.district, w.townshipA, w.townshipB, w.villageA1, w.villageA2];
    const all = (await reports.findReports(db(), systemActor(), { current: 1, pageSize: 200 })).data;
    const rows = await Promise.all(all.map((r) => reports.getReportById(db(), systemActor(), r.id)));
    const facts = await Promise.all(rows.map(async (r) => {
      const barred = r.subjectKind === 'village_cadre' ? r.regionCode : r.subjectKind === 'township_official' ? r.regionCode.slice(0, 9) + '000' : null;
      return { id: r.id, regionCode: r.regionCode, barredRegionCode: barred, handlingLevel: r.handlingLevel, handlingRegionCode: r.handlingRegionCode };
    }));
    let checked = 0;
    for (const role of ROLES) {
      const level = ROLE_DEFINITIONS[role].level;
      for (const place of places.filter((p) => (level === 'district' ? p === w.district : level === 'township' ? p.endsWith('000') && !p.endsWith('000000') : !p.endsWith('000')))) {
        const { actor } = await account(role, place);
        if (!actor.roles.some((r) => ROLE_DEFINITIONS[r].permissions.includes('report:report:read'))) continue;
        const listed = new Set((await reports.findReports(db(), actor, { current: 1, pageSize: 200 })).data.map((r) => r.id));
        for (const f of facts) {
          expect(listed.has(f.id), `${role}@${place} ${f.id}`).toBe(canSeeReport(actor, f));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
