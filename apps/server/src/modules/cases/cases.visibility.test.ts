/**
 * Case files are visible only to the handling level and above, and every read of a case file is
 * audited (a 'case.case.read' audit event and a 'read' entry in the case's history); lists are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { ROLES, ROLE_DEFINITIONS, type TRole } from '@mpw/contracts';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { storeAttachment } from '../attachments/attachments.service.js';
import { tinyPng } from '../attachments/attachments.test-support.js';
import { actorOf } from '../reports/reports.staff.test-support.js';
import { newCase } from './cases.test-support.js';

let ctx: TestContext;
let w: World;
const db = () => ctx.platform.deps.db;
const clients = new Map<string, Client>();

async function client(role: TRole, region: string): Promise<Client> {
  const key = `${role}@${region}`;
  if (!clients.has(key)) clients.set(key, await login(ctx.app, (await makeUser(ctx, region, [role])).username));
  return clients.get(key)!;
}

let townshipCase: { id: string; number: string };
let districtCase: { id: string; number: string };
let fileId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  townshipCase = await newCase(db(), w.villageA1, w.townshipA);
  // A case about a township official, handled by the district.
  districtCase = await newCase(db(), w.townshipA, w.district);
  const officer = await makeUser(ctx, w.townshipA, ['township_discipline']);
  fileId = (await storeAttachment(db(), actorOf(officer), { regionCode: w.townshipA, entityType: 'case', entityId: townshipCase.id, fileName: '谈话笔录.png', data: tinyPng({ seed: 7 }) })).id;
}, 120_000);
afterAll(() => ctx.close());

const listIds = async (c: Client) => {
  const res = await c.get('/api/v1/cases?pageSize=200');
  return res.statusCode === 200 ? (res.json().data as { id: string }[]).map((r) => r.id) : [];
};

describe('who sees a case file', () => {
  it('shows a township case to its township and to the district', async () => {
    for (const c of [await client('township_discipline', w.townshipA), await client('district_inspector', w.district), await client('district_admin', w.district)]) {
      expect(await listIds(c)).toContain(townshipCase.id);
      const res = await c.get(`/api/v1/cases/${townshipCase.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().attachmentIds).toEqual([fileId]);
      expect((await c.get(`/api/v1/attachments/${fileId}`)).statusCode).toBe(200);
    }
  });

  it('hides it from another township and from every village and non-discipline role', async () => {
    const other = await client('township_discipline', w.townshipB);
    expect(await listIds(other)).not.toContain(townshipCase.id);
    expect((await other.get(`/api/v1/cases/${townshipCase.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/cases/${townshipCase.id}/file`, {})).statusCode).toBe(404);
    expect((await other.get(`/api/v1/attachments/${fileId}`)).statusCode).toBe(404);
    for (const role of ROLES.filter((r) => ROLE_DEFINITIONS[r].level === 'village')) {
      const c = await client(role, w.villageA1);
      expect((await c.get('/api/v1/cases')).statusCode, role).toBe(403);
      expect((await c.get(`/api/v1/cases/${townshipCase.id}`)).statusCode, role).toBe(403);
      expect([403, 404], role).toContain((await c.get(`/api/v1/attachments/${fileId}`)).statusCode);
    }
    const staff = await client('township_staff', w.townshipA);
    expect((await staff.get(`/api/v1/cases/${townshipCase.id}`)).statusCode).toBe(403);
    expect([403, 404]).toContain((await staff.get(`/api/v1/attachments/${fileId}`)).statusCode);
  });

  it('hides a district case from the township where it happened', async () => {
    const t = await client('township_discipline', w.townshipA);
    expect(await listIds(t)).not.toContain(districtCase.id);
    expect((await t.get(`/api/v1/cases/${districtCase.id}`)).statusCode).toBe(404);
    expect((await t.get(`/api/v1/cases/tolerance?pageSize=200`)).json().data.map((c: { id: string }) => c.id)).not.toContain(districtCase.id);
    const d = await client('district_inspector', w.district);
    expect(await listIds(d)).toContain(districtCase.id);
    expect((await d.get(`/api/v1/cases/${districtCase.id}`)).json()).toMatchObject({ handlingRegionCode: w.district, regionCode: w.townshipA });
  });

  it('audits every read of a case file, and not the list', async () => {
    const d = await client('district_inspector', w.district);
    const count = async () => {
      const [a] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where action = 'case.case.read' and entity_id = ${districtCase.id}`);
      const [e] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from case_events where kind = 'read' and case_id = ${districtCase.id}`);
      return { audit: Number(a!.n), events: Number(e!.n) };
    };
    const before = await count();
    await listIds(d);
    await d.get(`/api/v1/cases?q=${encodeURIComponent(districtCase.number)}`);
    expect(await count()).toEqual(before);
    const first = await d.get(`/api/v1/cases/${districtCase.id}`);
    await d.get(`/api/v1/cases/${districtCase.id}`);
    expect(await count()).toEqual({ audit: before.audit + 2, events: before.events + 2 });
    // The reader and the time are in the history and the audit log.
    const reads = (first.json().events as { kind: string; actorName: string | null; at: string }[]).filter((e) => e.kind === 'read');
    expect(reads.at(-1)!.actorName).toMatch(/^测试用户/);
    const [audit] = await queryRows<{ actor_id: string; region_code: string }>(db(), sql`select actor_id, region_code from audit_events where action = 'case.case.read' and entity_id = ${districtCase.id} order by seq desc limit 1`);
    expect(audit!.region_code).toBe(w.district);
    expect(audit!.actor_id).toBeTruthy();
    // A refused read (out of scope) records nothing.
    const t = await client('township_discipline', w.townshipA);
    await t.get(`/api/v1/cases/${districtCase.id}`);
    expect(await count()).toEqual({ audit: before.audit + 2, events: before.events + 2 });
  });
});
