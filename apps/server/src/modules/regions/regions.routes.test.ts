import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { queryRows } from '@mpw/db';
import type { TRegionTreeNode } from '@mpw/contracts';
import { systemActor } from '../../lib/actor.js';
import { importRegions } from './regions.service.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const SPEC_REGIONS_CSV = path.resolve(repoRoot, '../shared/spec/examples/en/regions.csv');

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const d6 = (w: World) => w.district.slice(0, 6);

async function adminOf(w: World): Promise<Client> {
  const admin = await makeUser(ctx, w.district, ['district_admin']);
  return login(ctx.app, admin.username);
}

function importCsv(c: Client, body: string | Buffer, query = '') {
  return c.inject({ method: 'POST', url: `/api/v1/regions/import${query}`, headers: { 'content-type': 'text/csv' }, payload: body });
}

async function regionRow(code: string) {
  const rows = await queryRows<{ code: string; name: string; level: string; parent_code: string | null; deleted_at: unknown }>(
    ctx.platform.deps.db,
    sql`select code, name, level, parent_code, deleted_at from regions where code = ${code}`,
  );
  return rows[0] ?? null;
}

async function auditEvents(action: string, entityId: string) {
  return queryRows<{ before: unknown; after: unknown; actor_name: string | null }>(
    ctx.platform.deps.db,
    sql`select before, after, actor_name from audit_events where action = ${action} and entity_id = ${entityId} order by seq`,
  );
}

function flatten(nodes: TRegionTreeNode[]): TRegionTreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

async function listTotal(c: Client, query: string) {
  const res = await c.get(`/api/v1/regions?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json().total as number;
}

describe('region tree', () => {
  it('shows the account its own subtree, with village and account counts that add up', async () => {
    const w = await makeWorld(ctx);
    const admin = await makeUser(ctx, w.district, ['district_admin']);
    const officer = await makeUser(ctx, w.townshipA, ['township_discipline']);
    const secretary = await makeUser(ctx, w.villageA1, ['village_secretary']);
    await makeUser(ctx, w.villageA1, ['village_accountant']);

    const tree = (await (await login(ctx.app, admin.username)).get('/api/v1/regions/tree')).json() as TRegionTreeNode[];
    expect(tree.map((n) => n.code)).toEqual([w.district]);
    const root = tree[0]!;
    expect(root).toMatchObject({ level: 'district', villageCount: 3, userCount: 4 });
    expect(root.children.map((n) => n.code)).toEqual([w.townshipA, w.townshipB]);
    const a = root.children[0]!;
    expect(a).toMatchObject({ name: '甲镇', villageCount: 2, userCount: 3 });
    expect(a.children.map((n) => [n.code, n.userCount, n.villageCount])).toEqual([
      [w.villageA1, 2, 1],
      [w.villageA2, 0, 1],
    ]);
    expect(root.children[1]).toMatchObject({ code: w.townshipB, villageCount: 1, userCount: 0 });

    const townshipTree = (await (await login(ctx.app, officer.username)).get('/api/v1/regions/tree')).json() as TRegionTreeNode[];
    expect(townshipTree.map((n) => n.code)).toEqual([w.townshipA]);
    expect(flatten(townshipTree).map((n) => n.code).sort()).toEqual([w.townshipA, w.villageA1, w.villageA2].sort());
    expect(townshipTree[0]).toMatchObject({ villageCount: 2, userCount: 3 });

    const villageTree = (await (await login(ctx.app, secretary.username)).get('/api/v1/regions/tree')).json() as TRegionTreeNode[];
    expect(villageTree).toEqual([{ code: w.villageA1, name: '甲一村', level: 'village', userCount: 2, villageCount: 1, children: [] }]);
  });

  it('is refused without a session', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/regions/tree' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });
});

describe('region list and detail', () => {
  let w: World;
  let admin: Client;
  beforeAll(async () => {
    w = await makeWorld(ctx);
    admin = await adminOf(w);
  });

  it('filters by parentCode and by q (name or code prefix)', async () => {
    const children = (await admin.get(`/api/v1/regions?parentCode=${w.townshipA}`)).json();
    expect(children.total).toBe(2);
    expect(children.data.map((r: { code: string }) => r.code)).toEqual([w.villageA1, w.villageA2]);
    expect(children.data[0]).toMatchObject({ name: '甲一村', level: 'village', parentCode: w.townshipA, isDemo: false });

    const byName = (await admin.get(`/api/v1/regions?q=${encodeURIComponent('甲')}`)).json();
    expect(byName.data.map((r: { name: string }) => r.name)).toEqual(['甲镇', '甲一村', '甲二村']);
    expect(byName.total).toBe(3);

    const byCode = (await admin.get(`/api/v1/regions?q=${w.townshipB.slice(0, 9)}`)).json();
    expect(byCode.data.map((r: { code: string }) => r.code)).toEqual([w.townshipB, w.villageB1]);

    const villages = (await admin.get('/api/v1/regions?level=village')).json();
    expect(villages.data.map((r: { code: string }) => r.code)).toEqual([w.villageA1, w.villageA2, w.villageB1]);
  });

  it('pages with current and pageSize and answers { data, total }', async () => {
    const pages = [];
    for (let current = 1; current <= 4; current++) {
      const res = await admin.get(`/api/v1/regions?pageSize=2&current=${current}`);
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json()).sort()).toEqual(['data', 'total']);
      expect(res.json().total).toBe(6);
      pages.push(res.json().data.map((r: { code: string }) => r.code));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 0]);
    expect(pages.flat()).toEqual([w.district, w.townshipA, w.villageA1, w.villageA2, w.townshipB, w.villageB1].sort());
    const bad = await admin.get('/api/v1/regions?pageSize=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('lists only the township subtree for a township officer, and hides other regions as 404', async () => {
    const officer = await makeUser(ctx, w.townshipA, ['township_staff']);
    const c = await login(ctx.app, officer.username);
    const all = (await c.get('/api/v1/regions?pageSize=200')).json();
    expect(all.total).toBe(3);
    expect(all.data.map((r: { code: string }) => r.code)).toEqual([w.townshipA, w.villageA1, w.villageA2]);
    expect((await c.get(`/api/v1/regions?parentCode=${w.district}`)).json()).toEqual({
      data: [expect.objectContaining({ code: w.townshipA })],
      total: 1,
    });

    expect((await c.get(`/api/v1/regions/${w.villageA1}`)).json()).toMatchObject({ code: w.villageA1, name: '甲一村' });
    for (const code of [w.townshipB, w.villageB1, w.district]) {
      const res = await c.get(`/api/v1/regions/${code}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });

  it('answers 404 for another district and for an unknown code, alike', async () => {
    const other = await makeWorld(ctx);
    const outside = await admin.get(`/api/v1/regions/${other.villageA1}`);
    const unknown = await admin.get(`/api/v1/regions/${d6(w)}199000`);
    expect(outside.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(outside.json().message).toBe(unknown.json().message);
    expect((await admin.get(`/api/v1/regions?parentCode=${other.townshipA}`)).json()).toEqual({ data: [], total: 0 });
  });
});

describe('creating and renaming regions', () => {
  let w: World;
  let admin: Client;
  beforeAll(async () => {
    w = await makeWorld(ctx);
    admin = await adminOf(w);
  });

  it('creates a township and a village under existing parents, audited', async () => {
    const res = await admin.post('/api/v1/regions', { code: `${d6(w)}103000`, name: ' 丙镇 ' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: `${d6(w)}103000`, name: '丙镇', level: 'township', parentCode: w.district });
    const village = await admin.post('/api/v1/regions', { code: `${d6(w)}103201`, name: '丙一村' });
    expect(village.statusCode).toBe(201);
    expect(village.json()).toMatchObject({ level: 'village', parentCode: `${d6(w)}103000` });
    expect((await admin.get(`/api/v1/regions?parentCode=${d6(w)}103000`)).json().total).toBe(1);
    const events = await auditEvents('region.region.create', `${d6(w)}103201`);
    expect(events).toHaveLength(1);
    expect(events[0]!.after).toMatchObject({ name: '丙一村', parentCode: `${d6(w)}103000` });
  });

  it('refuses a code outside the admin district (404) and does not create it', async () => {
    const other = await makeWorld(ctx);
    const code = `${d6(other)}108000`;
    const res = await admin.post('/api/v1/regions', { code, name: '越界镇' });
    expect(res.statusCode).toBe(404);
    expect(await regionRow(code)).toBeNull();
    // The district itself cannot be created again from inside it either.
    expect((await admin.post('/api/v1/regions', { code: w.district, name: '重复区' })).statusCode).toBe(404);
  });

  it('requires the parent to exist', async () => {
    const res = await admin.post('/api/v1/regions', { code: `${d6(w)}109201`, name: '无主村' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().message).toContain(`上级区划 ${d6(w)}109000 不存在`);
    expect(await regionRow(`${d6(w)}109201`)).toBeNull();
  });

  it('answers 409 for a duplicate code', async () => {
    const res = await admin.post('/api/v1/regions', { code: w.townshipA, name: '又一个甲镇' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
    expect((await regionRow(w.townshipA))!.name).toBe('甲镇');
  });

  it('answers a malformed code with 400 problem+json whose Chinese message names the field', async () => {
    const res = await admin.post('/api/v1/regions', { code: '12345', name: '坏代码镇' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toContain('代码');
    expect(body.message).toContain('12位数字');
    expect(body.details).toEqual([expect.objectContaining({ path: 'code' })]);
    expect(body.requestId).toBe(res.headers['x-request-id']);
    const empty = await admin.post('/api/v1/regions', { code: `${d6(w)}104000`, name: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('名称不能为空');
  });

  it('refuses region writes to accounts without region:region:write', async () => {
    const officer = await makeUser(ctx, w.townshipA, ['township_discipline']);
    const c = await login(ctx.app, officer.username);
    const res = await c.post('/api/v1/regions', { code: `${d6(w)}101209`, name: '新村' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect((await c.patch(`/api/v1/regions/${w.villageA1}`, { name: '改名村' })).statusCode).toBe(403);
  });

  it('renames a region and audits the old and new name', async () => {
    const res = await admin.patch(`/api/v1/regions/${w.townshipB}`, { name: '乙镇（新）' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: w.townshipB, name: '乙镇（新）' });
    expect((await admin.get(`/api/v1/regions/${w.townshipB}`)).json().name).toBe('乙镇（新）');
    const events = await auditEvents('region.region.update', w.townshipB);
    expect(events.map((e) => [e.before, e.after])).toEqual([[{ name: '乙镇' }, { name: '乙镇（新）' }]]);
    const other = await makeWorld(ctx);
    expect((await admin.patch(`/api/v1/regions/${other.townshipB}`, { name: '越界' })).statusCode).toBe(404);
    expect((await regionRow(other.townshipB))!.name).toBe('乙镇');
  });
});

describe('deleting regions (soft)', () => {
  it('is refused while there are live children or active accounts, and then leaves the row with deleted_at', async () => {
    const w = await makeWorld(ctx);
    const admin = await adminOf(w);
    const withChildren = await admin.delete(`/api/v1/regions/${w.townshipA}`);
    expect(withChildren.statusCode).toBe(409);
    expect(withChildren.json().message).toContain('下级区划');

    const resident = await makeUser(ctx, w.villageA1, ['village_secretary']);
    const withAccount = await admin.delete(`/api/v1/regions/${w.villageA1}`);
    expect(withAccount.statusCode).toBe(409);
    expect(withAccount.json().message).toContain('在用账号');
    expect((await regionRow(w.villageA1))!.deleted_at).toBeNull();

    expect((await admin.post(`/api/v1/users/${resident.id}/disable`)).statusCode).toBe(200);
    const ok = await admin.delete(`/api/v1/regions/${w.villageA1}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true });

    expect((await admin.get(`/api/v1/regions/${w.villageA1}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/regions?parentCode=${w.townshipA}`)).json().data.map((r: { code: string }) => r.code)).toEqual([w.villageA2]);
    const tree = (await admin.get('/api/v1/regions/tree')).json() as TRegionTreeNode[];
    expect(flatten(tree).map((n) => n.code)).not.toContain(w.villageA1);
    expect(tree[0]!.villageCount).toBe(2);

    const row = await regionRow(w.villageA1);
    expect(row).not.toBeNull();
    expect(row!.deleted_at).not.toBeNull();
    const events = await auditEvents('region.region.delete', w.villageA1);
    expect(events).toHaveLength(1);
    expect(events[0]!.before).toMatchObject({ code: w.villageA1, name: '甲一村' });

    // Once its last village is gone, the township itself may be deleted.
    expect((await admin.delete(`/api/v1/regions/${w.villageA2}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/v1/regions/${w.townshipA}`)).statusCode).toBe(200);
    expect((await admin.get('/api/v1/regions/tree')).json()[0].children.map((n: TRegionTreeNode) => n.code)).toEqual([w.townshipB]);
    // A deleted region is 404 for a second delete, and the admin's own district cannot be deleted.
    expect((await admin.delete(`/api/v1/regions/${w.townshipA}`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/regions/${w.district}`)).statusCode).toBe(404);
  });
});

describe('importing regions.csv', () => {
  let w: World;
  let admin: Client;
  beforeAll(async () => {
    w = await makeWorld(ctx);
    admin = await adminOf(w);
  });

  it('imports English headers, and a re-import changes nothing', async () => {
    const csv = ['code,name,level,parent_code', `${d6(w)}104000,丁镇,township,${w.district}`, `${d6(w)}104201,丁一村,village,${d6(w)}104000`, `${d6(w)}104202,丁二村,village,${d6(w)}104000`, ''].join('\n');
    const res = await importCsv(admin, csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(await regionRow(`${d6(w)}104202`)).toMatchObject({ name: '丁二村', level: 'village', parent_code: `${d6(w)}104000` });
    const total = await listTotal(admin, 'pageSize=200');

    const again = await importCsv(admin, csv);
    expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: [] });
    expect(await listTotal(admin, 'pageSize=200')).toBe(total);
    expect(await auditEvents('region.region.create', `${d6(w)}104201`)).toHaveLength(1);
  });

  it('accepts Chinese headers in another order, Chinese level words, and an extra column', async () => {
    const csv = [
      '上级代码, 名称 ,备注,区划代码,级别',
      `${w.district},戊镇,新设,${d6(w)}105000,乡镇`,
      `${d6(w)}105000,戊一村,,${d6(w)}105201,村`,
      `${d6(w)}105000,戊二社区,城中村,${d6(w)}105202,社区`,
    ].join('\r\n');
    const res = await importCsv(admin, csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(await regionRow(`${d6(w)}105000`)).toMatchObject({ name: '戊镇', level: 'township', parent_code: w.district });
    expect(await regionRow(`${d6(w)}105202`)).toMatchObject({ name: '戊二社区', level: 'village' });
  });

  it('reads a GB18030 file', async () => {
    const csv = ['区划代码,名称,级别,上级代码', `${d6(w)}106000,己镇,乡镇,${w.district}`, `${d6(w)}106201,鑫犇村,村,${d6(w)}106000`].join('\n');
    const body = iconv.encode(csv, 'gb18030');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
    const res = await importCsv(admin, body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: [] });
    expect((await regionRow(`${d6(w)}106201`))!.name).toBe('鑫犇村');
    expect((await admin.get(`/api/v1/regions/${d6(w)}106000`)).json().name).toBe('己镇');
  });

  it('imports the good rows and reports each bad one with its line number and reason', async () => {
    const other = await makeWorld(ctx);
    const lines = [
      'code,name,level,parent_code', // 1
      `${d6(w)}107000,庚镇,township,${w.district}`, // 2 good
      '12345,坏代码村,village,', // 3 bad code
      `${d6(w)}107201,庚一村,village,${d6(w)}107000`, // 4 good
      `${d6(w)}107202,庚二村,township,${d6(w)}107000`, // 5 level does not match the code
      `${d6(other)}101203,外区村,village,${other.townshipA}`, // 6 outside the admin's district
      `${d6(w)}108201,孤村,village,${d6(w)}108000`, // 7 parent does not exist
      `${d6(w)}107203,,village,${d6(w)}107000`, // 8 no name
      `${d6(w)}107204,庚四村,hamlet,${d6(w)}107000`, // 9 unknown level
      `${d6(w)}107205,庚五村,village,${d6(w)}109000`, // 10 wrong parent code
      '', // 11 blank
      `${d6(w)}107206,庚六村,village,${d6(w)}107000`, // 12 good, after a blank line
      `${d6(w)}107207,"庚七村, 新",village,${d6(w)}107000`, // 13 good, quoted comma
      `${d6(w)}10720,短码村,village,`, // 14 bad code
    ];
    const res = await importCsv(admin, lines.join('\n'));
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.created).toBe(4);
    expect(report.rejected.map((r: { line: number }) => r.line)).toEqual([3, 5, 6, 7, 8, 9, 10, 14]);
    const reason = (line: number) => report.rejected.find((r: { line: number }) => r.line === line).reason as string;
    expect(reason(3)).toContain('12位数字');
    expect(reason(5)).toContain('级别与代码不符');
    expect(reason(6)).toContain('管辖范围');
    expect(reason(7)).toContain(`上级区划 ${d6(w)}108000 不存在`);
    expect(reason(8)).toContain('名称不能为空');
    expect(reason(9)).toContain('hamlet');
    expect(reason(10)).toContain(`上级代码应为 ${d6(w)}107000`);
    expect(reason(14)).toContain('12位数字');
    expect(await regionRow(`${d6(w)}107206`)).not.toBeNull();
    expect((await regionRow(`${d6(w)}107207`))!.name).toBe('庚七村, 新');
    for (const code of [`${d6(w)}107202`, `${d6(other)}101203`, `${d6(w)}108201`, `${d6(w)}107205`]) expect(await regionRow(code)).toBeNull();
  });

  it('with strict=true imports nothing when a row is bad', async () => {
    const before = await listTotal(admin, 'pageSize=200');
    const badCode = ['code,name,level,parent_code', `${d6(w)}110000,辛镇,township,${w.district}`, 'abc,坏行,village,', `${d6(w)}114201,孤村,village,`].join('\n');
    const r1 = await importCsv(admin, badCode, '?strict=true');
    expect(r1.statusCode).toBe(200);
    // Every bad row is reported, also in strict mode, so that one round of corrections is enough.
    expect(r1.json()).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: [
        { line: 3, reason: expect.stringContaining('12位数字') },
        { line: 4, reason: expect.stringContaining(`上级区划 ${d6(w)}114000 不存在`) },
      ],
    });
    expect(await regionRow(`${d6(w)}110000`)).toBeNull();

    // A missing parent is only found while applying the rows: the good rows applied before it roll back.
    const noParent = ['code,name,level,parent_code', `${d6(w)}111000,壬镇,township,${w.district}`, `${d6(w)}111201,壬一村,village,${d6(w)}111000`, `${d6(w)}112201,孤村,village,`].join('\n');
    const r2 = await importCsv(admin, noParent, '?strict=true');
    expect(r2.json()).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: [{ line: 4, reason: expect.stringContaining('不存在') }] });
    expect(await regionRow(`${d6(w)}111000`)).toBeNull();
    expect(await regionRow(`${d6(w)}111201`)).toBeNull();
    expect(await listTotal(admin, 'pageSize=200')).toBe(before);

    // Without strict the same file imports its good rows.
    expect((await importCsv(admin, noParent)).json()).toMatchObject({ created: 2, rejected: [{ line: 4 }] });
  });

  it('refuses a file without the required columns, a malformed file, a non-CSV body, and accounts without write permission', async () => {
    const missing = await importCsv(admin, 'code,name\n' + `${d6(w)}113000,癸镇\n`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('level');
    expect(await regionRow(`${d6(w)}113000`)).toBeNull();

    const unclosed = await importCsv(admin, `code,name,level\n${d6(w)}113000,"癸镇,township\n`);
    expect(unclosed.statusCode).toBe(400);
    expect(unclosed.headers['content-type']).toContain('application/problem+json');
    expect(unclosed.json().code).toBe('VALIDATION_FAILED');

    const json = await admin.post('/api/v1/regions/import', { code: `${d6(w)}113000` });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const staff = await makeUser(ctx, w.townshipA, ['township_staff']);
    const c = await login(ctx.app, staff.username);
    expect((await importCsv(c, `code,name,level\n${d6(w)}101299,村,village\n`)).statusCode).toBe(403);
  });

  it.skipIf(!existsSync(SPEC_REGIONS_CSV))(`imports the shared/spec example cleanly (needs ${SPEC_REGIONS_CSV}, which CI copies beside the clone)`, async () => {
    const file = readFileSync(SPEC_REGIONS_CSV);
    const rows = file.toString('utf8').trim().split(/\r?\n/).slice(1);
    const district = rows.map((r) => r.split(',')).find((c) => c[2] === 'district')!;
    // Its district, then an admin of it who imports the whole file through the API.
    const seed = await importRegions(ctx.platform.deps.db, systemActor(), `code,name,level,parent_code\n${district[0]},${district[1]},district,\n`);
    expect(seed.rejected).toEqual([]);
    const specAdmin = await makeUser(ctx, district[0]!, ['district_admin']);
    const c = await login(ctx.app, specAdmin.username);
    const res = await importCsv(c, file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: rows.length - 1, updated: 0, unchanged: 1, rejected: [] });
    expect(await listTotal(c, 'pageSize=200')).toBe(rows.length);
    expect((await importCsv(c, file)).json()).toEqual({ created: 0, updated: 0, unchanged: rows.length, rejected: [] });
  });
});
