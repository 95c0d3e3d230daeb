import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { queryRows } from '@mpw/db';
import { chinaDate } from '../../lib/time.js';
import { incrementUsage } from '../dashboards/dashboards.repository.js';
import { createTestContext, login, makeUser, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { createItem } from '../power/power.service.js';
import { itemContent } from '../power/power.authz.js';
import { createUsageCounter } from './portal-usage.js';

let ctx: TestContext;
let w: World;
beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
}, 60_000);
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;
const stored = async (village: string) =>
  (await queryRows<{ n: number }>(db(), sql`select coalesce(sum(count), 0)::int as n from usage_counters where region_code = ${village} and day = ${chinaDate()}::date and metric = 'portal_view'`))[0]!.n;

describe('portal usage counter', () => {
  it('stores every visit before answering it, merging visits that arrive during a write into one write', async () => {
    const writes: number[] = [];
    const counter = createUsageCounter(db(), pino({ level: 'silent' }), async (d, village, day, metric, by = 1) => {
      writes.push(by);
      await incrementUsage(d, village, day, metric, by);
    });
    await counter.count(w.villageA1, 'portal_view');
    expect(await stored(w.villageA1)).toBe(1);

    await Promise.all(Array.from({ length: 40 }, () => counter.count(w.villageA1, 'portal_view')));
    expect(await stored(w.villageA1)).toBe(41);
    // The first of the burst writes alone, the other 39 wait for it and go in one write.
    expect(writes).toEqual([1, 1, 39]);

    await Promise.all([counter.count(w.villageA2, 'portal_view'), counter.count(w.villageB1, 'portal_view'), counter.count(w.villageA2, 'portal_view')]);
    expect([await stored(w.villageA2), await stored(w.villageB1)]).toEqual([2, 1]);
    await counter.drain();
  });

  it('never fails a visit when the write fails: it is logged and the next visits are counted', async () => {
    const logged: unknown[] = [];
    let fail = true;
    const log = pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const counter = createUsageCounter(db(), log, async (d, village, day, metric, by) => {
      if (fail) throw new Error('database unavailable');
      await incrementUsage(d, village, day, metric, by);
    });
    const before = await stored(w.villageB1);
    await expect(counter.count(w.villageB1, 'portal_view')).resolves.toBeUndefined();
    expect(logged).toEqual([expect.objectContaining({ msg: 'usage counter not updated', metric: 'portal_view', visits: 1 })]);
    fail = false;
    await counter.count(w.villageB1, 'portal_view');
    expect(await stored(w.villageB1)).toBe(before + 1);
  });
});

describe('published power items, cached by version', () => {
  it('shows a new version at once in the public list and flowchart, and keeps old versions by number', async () => {
    const item = await createItem(db(), systemActor(), { code: 'PL-1', content: itemContent('集体资产出租'), regionCode: w.district });
    const list = `/api/v1/public/power/items?village=${w.villageA1}`;
    const svg = `/api/v1/public/power/items/${item.id}/flowchart.svg`;
    const get = (url: string) => ctx.app.inject({ method: 'GET', url });
    const inList = async () => (await get(list)).json().data.find((x: { id: string }) => x.id === item.id);
    expect(await inList()).toMatchObject({ version: 1, content: { name: '集体资产出租' } });
    expect((await get(svg)).body).toContain('集体资产出租');
    const first = await get(list);
    const etag = String(first.headers.etag);
    const again = await get(list);
    expect([again.headers.etag, again.body]).toEqual([etag, first.body]);
    expect((await ctx.app.inject({ method: 'GET', url: list, headers: { 'if-none-match': etag } })).statusCode).toBe(304);

    const admin = await login(ctx.app, (await makeUser(ctx, w.district, ['district_admin'])).username);
    const put = await admin.put(`/api/v1/power/items/${item.id}`, { content: itemContent('村集体资产出租'), changeNote: '更名' });
    expect(put.statusCode, put.body).toBe(200);

    expect(await inList()).toMatchObject({ version: 2, content: { name: '村集体资产出租' } });
    expect((await get(svg)).body).toContain('村集体资产出租');
    expect((await get(`${svg}?version=1`)).body).not.toContain('村集体资产出租');
    const changed = await ctx.app.inject({ method: 'GET', url: list, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    // A version that does not exist is still 404, cached or not.
    expect((await get(`${svg}?version=9`)).statusCode).toBe(404);
  });
});
