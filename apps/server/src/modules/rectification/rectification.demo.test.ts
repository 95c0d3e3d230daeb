import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { importRegions } from '../regions/regions.service.js';
import { createUser } from '../users/users.service.js';
import { DEMO_ACCOUNTS, DEMO_REGIONS_CSV } from '../demo/demo.data.js';
import { seedDemoRectification } from '../demo/demo.rectification.js';

/** The demo's inspections and rectification, seeded on the demo district and its accounts (without the rest of the demo). */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.deps.db;
  await importRegions(db, systemActor(), DEMO_REGIONS_CSV, { strict: true, isDemo: true });
  const accounts = [];
  for (const a of DEMO_ACCOUNTS) accounts.push(await createUser(db, systemActor(), { ...a, password: 'Demo-pass-2026' }, { mustChangePassword: false }));
  await seedDemoRectification(ctx.platform.deps, accounts);
}, 120_000);
afterAll(() => ctx.close());

describe('demo rectification', () => {
  it('seeds an active special inspection with findings, a notice in three states and a township self-check', async () => {
    const db = ctx.platform.deps.db;
    const plans = await queryRows<{ kind: string; status: string; region_code: string }>(db, sql`select kind, status, region_code from inspection_plans order by kind`);
    expect(plans).toEqual([{ kind: 'self_check', status: 'draft', region_code: '330299101000' }, { kind: 'special', status: 'active', region_code: '330299000000' }]);
    expect((await queryRows(db, sql`select 1 from inspection_findings`)).length).toBe(3);
    const items = await queryRows<{ seq: number; status: string; escalated_to: string | null; closed_on: string | null }>(db, sql`select seq, status, escalated_to, closed_on::text from rectification_items order by seq`);
    expect(items.map((i) => i.status)).toEqual(['answered', 'closed', 'open']);
    expect(items[1]!.closed_on).toBe(chinaDate());
    expect(items[2]!.escalated_to).toBe('330299101000');
    const [notice] = await queryRows<{ number: string; status: string }>(db, sql`select number, status from rectification_notices`);
    expect(notice).toEqual({ number: `凤岭镇纪整改〔${chinaDate().slice(0, 4)}〕1号`, status: 'open' });
    expect((await queryRows(db, sql`select 1 from alerts where rule = 'RECTIFICATION_OVERDUE'`)).length).toBe(1);
  });
});
