import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { systemActor } from '../../lib/actor.js';
import { createTestContext, makeWorld, type TestContext } from '../../../test/helpers.js';
import { audited } from '../audit/audit.log.js';
import { refreshStaleStatistics } from './alerts.sweep.repository.js';
import { villagesAffected } from './alerts.sweep.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;
const statsOf = async (table: string) =>
  (await queryRows<{ relpages: number; reltuples: number }>(db(), sql`select relpages, reltuples::float8 as reltuples from pg_class where relname = ${table} and relkind = 'r'`))[0]!;

describe('planner statistics before a sweep', () => {
  it('analyzes a rule table loaded since its statistics were taken, and only then', async () => {
    const w = await makeWorld(ctx);
    await refreshStaleStatistics(db());
    // 3,000 cadres, as an importer that does not analyze would leave them.
    await audited(db(), systemActor(), (a) =>
      a.tx.execute(sql`
        insert into cadres (id_number, name, position, start_date, region_code)
        select '99' || lpad(g::text, 16, '0'), '干部' || g, '委员', '2021-01-15', ${w.villageA1} from generate_series(1, 3000) g`),
    );
    expect((await statsOf('cadres')).reltuples, 'nothing has counted the new rows yet').toBeLessThan(3000);
    expect(await refreshStaleStatistics(db())).toContain('cadres');
    expect((await statsOf('cadres')).reltuples).toBeGreaterThanOrEqual(3000);
    expect(await refreshStaleStatistics(db()), 'statistics are fresh now').not.toContain('cadres');
  });
});

describe('the villages a bulk import touched', () => {
  it('takes every village and township of the district when more than 20,000 people changed, and looks people up otherwise', async () => {
    const w = await makeWorld(ctx);
    const places = await queryRows<{ code: string }>(
      db(),
      sql`select code from regions where level in ('village', 'township') and deleted_at is null and code like ${`${w.district.slice(0, 6)}%`} order by code`,
    );
    const many = Array.from({ length: 20_001 }, (_, i) => `99${String(i).padStart(16, '0')}`);
    expect(await villagesAffected(ctx.platform.deps, { districtCode: w.district, villages: [], idNumbers: many })).toEqual(places.map((p) => p.code));
    expect(await villagesAffected(ctx.platform.deps, { districtCode: w.district, villages: [w.villageA1], idNumbers: many.slice(0, 100) })).toEqual([w.villageA1]);
  });
});
