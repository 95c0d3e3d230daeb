/**
 * Privacy of the portal: after real data with identity numbers has gone through every module,
 * no public API response carries an unmasked identity number (GB 11643 shape) or the raw
 * numbers that were entered. Every public GET route of the OpenAPI document is called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, login, makeUser, makeWorld, type TestContext, type World } from './helpers.js';
import { systemActor } from '../src/lib/actor.js';
import { seedDefaultCatalogue, findItems } from '../src/modules/power/power.service.js';

const RAW_IDS = ['330299198001011234', '330299197505052318', '11010519491231002X'];
const UNMASKED_ID = /(?<![\d*])\d{17}[\dXx](?![\d])/;

let ctx: TestContext;
let world: World;
const ids = { item: [] as string[], matter: [] as string[], decision: [] as string[], entry: [] as string[], contract: [] as string[], disclosure: [] as string[] };

beforeAll(async () => {
  ctx = await createTestContext();
  world = await makeWorld(ctx);
  const db = ctx.platform.deps.db;
  await seedDefaultCatalogue(db, systemActor(), world.district);
  const secretary = await login(ctx.app, (await makeUser(ctx, world.villageA1, ['village_secretary'])).username);
  const accountant = await login(ctx.app, (await makeUser(ctx, world.villageA1, ['village_accountant'])).username);
  const supervisor = await login(ctx.app, (await makeUser(ctx, world.villageA1, ['village_supervisor'])).username);
  const items = (await findItems(db, systemActor(), { current: 1, pageSize: 200, applicableTo: world.villageA1 })).data;
  ids.item = items.slice(0, 5).map((i) => i.id);
  const dibao = items.find((i) => i.content.name.includes('低保'))!;
  const m = await secretary.post('/api/v1/matters', { itemId: dibao.id, regionCode: world.villageA1, title: '低保申请', applicantName: '王小明', applicantIdNumber: RAW_IDS[0] });
  expect(m.statusCode, m.body).toBe(201);
  ids.matter.push(m.json().id);
  if (m.json().decisionId) ids.decision.push(m.json().decisionId);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const e = await accountant.post('/api/v1/books/entries', { regionCode: world.villageA1, entryDate: today, direction: 'expense', amountFen: 120_000, accountCode: '541', counterpartyName: '张三', counterpartyId: RAW_IDS[1], description: '误工补贴' });
  expect(e.statusCode, e.body).toBe(201);
  ids.entry.push(e.json().id);
  await accountant.post(`/api/v1/books/entries/${e.json().id}/submit`, {});
  await supervisor.post(`/api/v1/books/entries/${e.json().id}/approve`, {});
  const c = await secretary.post('/api/v1/assets/contracts', { regionCode: world.villageA1, contractType: '土地承包', title: '鱼塘承包', counterpartyName: '李四', counterpartyId: RAW_IDS[2], amountFen: 500_000, signedDate: today, procurementMethod: '公开竞价' });
  expect(c.statusCode, c.body).toBe(201);
  ids.contract.push(c.json().id);
  const d = await secretary.post('/api/v1/disclosures', { regionCode: world.villageA1, kind: 'other', title: '低保对象公示', content: { summary: '本月新增低保对象1户', sections: [{ heading: '名单', table: { columns: ['姓名', '身份证号'], rows: [['王小明', '3302**********1234']] } }] } });
  expect(d.statusCode, d.body).toBe(201);
  expect((await secretary.post(`/api/v1/disclosures/${d.json().id}/publish`, {})).statusCode).toBe(200);
  ids.disclosure.push(d.json().id);
}, 180_000);
afterAll(() => ctx.close());

describe('public responses never carry identity numbers', () => {
  it('holds for every public GET route', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).filter(([p, m]) => p.startsWith('/api/v1/public/') && 'get' in m).map(([p]) => p);
    expect(routes.length).toBeGreaterThan(15);
    const allIds = Object.values(ids).flat();
    const period = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    let calls = 0;
    let ok = 0;
    const bodies: string[] = [];
    for (const route of routes) {
      const fills = route.includes('{id}') ? allIds : [''];
      for (const id of fills) {
        const path = route.replace('{id}', id).replace('{code}', world.villageA1).replace(/\{[^}]+\}/g, '1');
        const url = `${path}?village=${world.villageA1}&period=${period}&regionCode=${world.villageA1}&from=${period}-01&days=3`;
        const res = await ctx.app.inject({ method: 'GET', url });
        calls++;
        if (res.statusCode === 200) {
          ok++;
          bodies.push(res.body);
        }
        expect(res.statusCode, url).toBeLessThan(500);
        for (const raw of RAW_IDS) expect(res.body, url).not.toContain(raw);
        if (!res.headers['content-type']?.toString().includes('pdf')) expect(res.body.match(UNMASKED_ID)?.[0] ?? null, url).toBeNull();
      }
    }
    expect(calls).toBeGreaterThan(routes.length);
    // The data was really there, masked: not a pass made of 404s.
    expect(ok).toBeGreaterThan(routes.length / 2);
    expect(bodies.some((b) => b.includes('3302**********2318'))).toBe(true);
    expect(bodies.some((b) => b.includes('王*明'))).toBe(true);
  });
});
