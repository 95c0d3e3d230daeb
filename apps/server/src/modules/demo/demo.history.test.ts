import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { changeSchemeStatus, computeResults, createScheme } from '../assessment/assessment.service.js';
import { defaultSchemeTemplate, previousQuarter } from '../assessment/assessment.policy.js';
import { getDashboard } from '../dashboards/dashboards.service.js';
import { seedDefaultCatalogue } from '../power/power.service.js';
import { importRegions } from '../regions/regions.service.js';
import { createUser } from '../users/users.service.js';
import { DEMO_ACCOUNTS, DEMO_DISTRICT, DEMO_REGIONS_CSV } from './demo.data.js';
import { historyQuarters, seedDemoHistory } from './demo.history.js';

/**
 * The demo's history: on the demo district, its accounts and catalogue (without the rest of the
 * demo), last quarter's default scheme gives every village a score from records, and the scores differ.
 */
let ctx: TestContext;
let inspector: Actor;
const today = chinaDate();

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.deps.db;
  await importRegions(db, systemActor(), DEMO_REGIONS_CSV, { strict: true, isDemo: true });
  const accounts = [];
  // Only the accounts the history acts as (account creation hashes a password: slow).
  for (const a of DEMO_ACCOUNTS.filter((x) => ['inspector', 'fl.jiwei', 'hn.jiwei'].includes(x.username))) accounts.push(await createUser(db, systemActor(), { ...a, password: 'Demo-pass-2026' }, { mustChangePassword: false }));
  await seedDefaultCatalogue(db, systemActor(), DEMO_DISTRICT);
  await seedDemoHistory(ctx.platform.deps, accounts, today);
  const i = accounts.find((a) => a.username === 'inspector')!;
  inspector = { kind: 'user', userId: i.id, username: i.username, roles: i.roles, regionCode: i.regionCode, requestId: null };
}, 120_000);
afterAll(() => ctx.close());

describe('the demo history', () => {
  it('gives last quarter differentiated, non-zero scores for most indicators', async () => {
    const db = ctx.platform.deps.db;
    const scheme = await createScheme(db, inspector, { ...defaultSchemeTemplate(), name: '演示考核', regionCode: DEMO_DISTRICT });
    await changeSchemeStatus(db, inspector, scheme.id, 'activate');
    const { data } = await computeResults(db, inspector, scheme.id, previousQuarter(today), today);
    expect(data).toHaveLength(12);
    // The villages differ: nearly every one has its own score.
    expect(new Set(data.map((r) => r.computedScore)).size).toBeGreaterThanOrEqual(8);
    expect(data.every((r) => r.computedScore > 0)).toBe(true);
    // For most indicators, most villages earn points from records.
    const keys = scheme.indicators.map((i) => i.key);
    const scored = keys.filter((k) => data.filter((r) => r.items.find((i) => i.key === k)!.points > 0).length >= 8);
    expect(scored.length, `indicators scored in most villages: ${scored.join(', ')}`).toBeGreaterThanOrEqual(5);
    // Every indicator rests on records in most villages.
    for (const k of keys) expect(data.filter((r) => r.items.find((i) => i.key === k)!.records > 0).length, k).toBeGreaterThanOrEqual(8);
  });

  it('fills the monthly trends of the two quarters before this one', async () => {
    const [first, last] = historyQuarters(today).map((q) => q);
    const from = `${first!.slice(0, 4)}-${String((Number(first!.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`;
    const d = await getDashboard(ctx.platform.deps.db, inspector, { regionCode: DEMO_DISTRICT, from, to: today });
    const started = d.trends.series.find((s) => s.key === 'matters_started')!;
    expect(started.values.slice(0, 6).every((n) => n > 0), `${last}: ${started.values.join(',')}`).toBe(true);
    const closed = d.trends.series.find((s) => s.key === 'rectification_closed')!;
    expect(closed.values.slice(0, 6).filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
  });
});
