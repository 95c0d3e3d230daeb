import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TAlertSweep } from '@mpw/contracts';
import { systemActor } from '../../lib/actor.js';
import { createTestContext, login, makeUser, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { audited } from '../audit/audit.log.js';
import { verifyAuditLog } from '../audit/audit.service.js';
import { emitDatasetImported } from '../datasets/datasets.events.js';
import { runDueJobs } from '../jobs/jobs.worker.js';
import { runSweep, villagesAffected, SWEEP_JOB } from './alerts.sweep.js';
import { fixtures, newIdNumber } from './rules/people.fixtures.js';

let ctx: TestContext;
const AS_OF = '2026-06-30';

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;
const sweep = (w: World, over: Partial<Parameters<typeof runSweep>[2]> = {}) => runSweep(ctx.platform.deps, systemActor(), { districtCode: w.district, asOf: AS_OF, ...over });

interface AlertRow { id: string; status: string; severity: string; summary: string; evidence: string; region_code: string; last_seen_at: string; resolved_by_data_at: string | null; last_sweep_id: string | null }
async function alertOf(rule: string, subjectId: string): Promise<AlertRow[]> {
  return queryRows<AlertRow & Record<string, unknown>>(db(), sql`
    select id, status, severity, summary, evidence, region_code, last_seen_at::text, resolved_by_data_at::text, last_sweep_id::text
    from alerts where rule = ${rule} and subject_id = ${subjectId}`);
}
async function eventsOf(alertId: string) {
  const rows = await queryRows<{ action: string }>(db(), sql`select action from audit_events where entity_type = 'alert' and entity_id = ${alertId} order by seq`);
  return rows.map((r) => r.action);
}
const setAlert = (id: string, patch: ReturnType<typeof sql>) => audited(db(), systemActor(), (w) => w.tx.execute(sql`update alerts set ${patch} where id = ${id}`));
const setSetting = (district: string, key: string, value: unknown) =>
  audited(db(), systemActor(), (w) =>
    w.tx.execute(sql`insert into setting_values (id, key, value, effective_from, region_code) values (gen_random_uuid(), ${key}, ${JSON.stringify(value)}::jsonb, '2000-01-01', ${district})`),
  );

/** A payment to a dead person in `village`: a DECEASED_PAYMENT hit, and a way to remove its cause. */
async function deadPaid(w: World, village: string) {
  const fx = fixtures(db(), w.district);
  const id = newIdNumber();
  await fx.death(id, '王某', '2026-02-10');
  const paymentNo = await fx.payment({ idNumber: id, name: '王某', village, program: '低保金', amountFen: 52000, paid: '2026-04-10' });
  return {
    paymentNo,
    removeCause: () => fx.exec(sql`update deaths set deleted_at = now() where id_number = ${id}`),
    restoreCause: () => fx.exec(sql`update deaths set deleted_at = null where id_number = ${id}`),
    changeAmount: (fen: number) => fx.exec(sql`update subsidy_payments set amount_fen = ${fen} where payment_no = ${paymentNo}`),
  };
}

describe('runSweep', () => {
  it('raises an alert once; a second sweep moves last_seen_at and writes no audit event when nothing changed', async () => {
    const w = await makeWorld(ctx);
    const { paymentNo, changeAmount } = await deadPaid(w, w.villageA1);
    const first = await sweep(w);
    expect(first.perRule.DECEASED_PAYMENT).toEqual({ new: 1, open: 0, resolved: 0, reopened: 0 });
    const [a1] = await alertOf('DECEASED_PAYMENT', paymentNo);
    expect(a1).toMatchObject({ status: 'open', severity: 'red', region_code: w.villageA1, last_sweep_id: first.sweepId, resolved_by_data_at: null });
    expect(a1!.summary).toContain('仍发放低保金520.00元');

    const second = await sweep(w);
    expect(second.perRule.DECEASED_PAYMENT).toEqual({ new: 0, open: 1, resolved: 0, reopened: 0 });
    const rows = await alertOf('DECEASED_PAYMENT', paymentNo);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.last_seen_at > a1!.last_seen_at).toBe(true);
    expect(rows[0]!.last_sweep_id).toBe(second.sweepId);
    expect(await eventsOf(a1!.id)).toEqual(['alert.alert.raise']);

    // A changed summary is an update, audited with before and after.
    await changeAmount(60000);
    await sweep(w);
    expect((await alertOf('DECEASED_PAYMENT', paymentNo))[0]!.summary).toContain('600.00元');
    expect(await eventsOf(a1!.id)).toEqual(['alert.alert.raise', 'alert.alert.update']);
  });

  it('marks an alert resolved by data when its cause is gone, keeps its status, and reopens it when the cause comes back', async () => {
    const w = await makeWorld(ctx);
    const { paymentNo, removeCause, restoreCause } = await deadPaid(w, w.villageA1);
    await sweep(w);
    const [a] = await alertOf('DECEASED_PAYMENT', paymentNo);
    await setAlert(a!.id, sql`status = 'confirmed'`);

    await removeCause();
    const r = await sweep(w);
    expect(r.perRule.DECEASED_PAYMENT).toMatchObject({ new: 0, open: 0, resolved: 1 });
    const [gone] = await alertOf('DECEASED_PAYMENT', paymentNo);
    expect(gone!.resolved_by_data_at).not.toBeNull();
    expect(gone!.status).toBe('confirmed');
    // Resolved once: a further sweep does not mark it again.
    expect((await sweep(w)).perRule.DECEASED_PAYMENT).toMatchObject({ resolved: 0 });

    await setAlert(a!.id, sql`status = 'closed', closed_at = now(), closing_note = '已整改'`);
    await restoreCause();
    const back = await sweep(w);
    expect(back.perRule.DECEASED_PAYMENT).toEqual({ new: 0, open: 1, resolved: 0, reopened: 1 });
    const [reopened] = await queryRows<{ status: string; resolved_by_data_at: string | null; closing_note: string | null }>(
      db(),
      sql`select status, resolved_by_data_at::text, closing_note from alerts where id = ${a!.id}`,
    );
    expect(reopened).toEqual({ status: 'open', resolved_by_data_at: null, closing_note: null });
    expect(await eventsOf(a!.id)).toEqual(['alert.alert.raise', 'alert.alert.resolve_by_data', 'alert.alert.reopen']);
  });

  it('does not step a red alert down while it is not closed; a closed one takes the new grade', async () => {
    const w = await makeWorld(ctx);
    const { paymentNo } = await deadPaid(w, w.villageA1);
    await sweep(w);
    await setSetting(w.district, 'alerts.rule.DECEASED_PAYMENT.severity', 'yellow');
    await sweep(w);
    const [a] = await alertOf('DECEASED_PAYMENT', paymentNo);
    expect(a!.severity).toBe('red');
    await setAlert(a!.id, sql`status = 'closed'`);
    await sweep(w);
    expect((await alertOf('DECEASED_PAYMENT', paymentNo))[0]).toMatchObject({ severity: 'yellow', status: 'closed' });
    // A new alert of the rule is raised with the district's grade.
    const other = await deadPaid(w, w.villageA2);
    await sweep(w);
    expect((await alertOf('DECEASED_PAYMENT', other.paymentNo))[0]!.severity).toBe('yellow');
  });

  it('does not evaluate a rule the district switched off (its alerts stay as they are)', async () => {
    const w = await makeWorld(ctx);
    const { paymentNo, removeCause } = await deadPaid(w, w.villageA1);
    await sweep(w);
    await setSetting(w.district, 'alerts.rule.DECEASED_PAYMENT.enabled', false);
    await removeCause();
    const r = await sweep(w);
    expect(r.perRule.DECEASED_PAYMENT).toBeUndefined();
    expect(r.perRule.NO_ENTITLEMENT_PAYMENT).toBeDefined();
    expect((await alertOf('DECEASED_PAYMENT', paymentNo))[0]!.resolved_by_data_at).toBeNull();
  });

  it('an incremental sweep re-checks only the given villages and only the rules reading the dataset', async () => {
    const w = await makeWorld(ctx);
    const inA = await deadPaid(w, w.villageA1);
    const inB = await deadPaid(w, w.villageB1);
    const full = await sweep(w);
    await inA.removeCause();
    await inB.removeCause();
    const inc = await sweep(w, { kind: 'incremental', villages: [w.villageB1], dataset: 'deaths' });
    expect(Object.keys(inc.perRule)).toEqual(['DECEASED_PAYMENT']);
    expect(inc.perRule.DECEASED_PAYMENT).toEqual({ new: 0, open: 0, resolved: 1, reopened: 0 });
    expect((await alertOf('DECEASED_PAYMENT', inA.paymentNo))[0]).toMatchObject({ resolved_by_data_at: null, last_sweep_id: full.sweepId });
    expect((await alertOf('DECEASED_PAYMENT', inB.paymentNo))[0]!.resolved_by_data_at).not.toBeNull();
  });

  it('records the sweep (running → done with counts) and leaves an audit log that verifies', async () => {
    const w = await makeWorld(ctx);
    for (let i = 0; i < 30; i++) await deadPaid(w, i % 2 ? w.villageA1 : w.villageA2);
    const progress: string[] = [];
    const r = await sweep(w, { onProgress: (rule, done, total) => progress.push(`${rule}:${done}/${total}`) });
    expect(r.perRule.DECEASED_PAYMENT?.new).toBe(30);
    expect(progress.at(-1)).toMatch(/\/(\d+)$/);
    expect(progress.some((p) => p.startsWith('DECEASED_PAYMENT:'))).toBe(true);
    const [row] = await queryRows<{ status: string; kind: string; counts: { rules: Record<string, { new: number }> }; finished_at: string | null }>(
      db(),
      sql`select status, kind, counts, finished_at::text from alert_sweeps where id = ${r.sweepId}`,
    );
    expect(row).toMatchObject({ status: 'done', kind: 'full' });
    expect(row!.counts.rules.DECEASED_PAYMENT!.new).toBe(30);
    expect(row!.finished_at).not.toBeNull();
    const verify = await verifyAuditLog(db());
    expect(verify.ok).toBe(true);
  });
});

describe('batch audit append', () => {
  it('appends many events in order, across several multi-row inserts, and the log still verifies', async () => {
    const leaves = await audited(db(), systemActor(), async (w) => {
      const one = await w.record({ action: 'test.batch.before', entityType: 'test', regionCode: null });
      const many = await w.recordMany(Array.from({ length: 1201 }, (_, i) => ({ action: 'test.batch.item', entityType: 'test', entityId: String(i), regionCode: null, after: { i } })));
      return [one, ...many];
    });
    expect(leaves.map((l) => l.seq)).toEqual(leaves.map((_, i) => leaves[0]!.seq + i));
    const [n] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where action = 'test.batch.item'`);
    expect(n!.n).toBe(1201);
    expect(await audited(db(), systemActor(), (w) => w.recordMany([]))).toEqual([]);
    expect((await verifyAuditLog(db())).ok).toBe(true);
  });
});

describe('after an import', () => {
  it('maps person-level changes to villages through entitlements, payments and households', async () => {
    const w = await makeWorld(ctx);
    const fx = fixtures(db(), w.district);
    const holder = newIdNumber();
    const spouse = newIdNumber();
    await fx.resident({ idNumber: holder, name: '甲', village: w.villageA2, household: `H-${holder}` });
    await fx.resident({ idNumber: spouse, name: '乙', village: w.villageA2, household: `H-${holder}` });
    await fx.benefit({ idNumber: holder, name: '甲', village: w.villageB1, program: '低保', start: '2026-01-01' });
    const villages = await villagesAffected(ctx.platform.deps, { districtCode: w.district, villages: [], idNumbers: [spouse] });
    expect(villages).toEqual([w.villageA2, w.villageB1].sort());
  });

  it('sweeps inline for the command line, and through the job queue otherwise', async () => {
    const w = await makeWorld(ctx);
    const fx = fixtures(db(), w.district);
    const id = newIdNumber();
    const paymentNo = await fx.payment({ idNumber: id, name: '丙', village: w.villageA1, program: '高龄津贴', amountFen: 10000, paid: '2026-03-01' });
    await fx.death(id, '丙', '2026-01-01');
    await emitDatasetImported(ctx.platform.deps, { importId: crypto.randomUUID(), dataset: 'deaths', districtCode: w.district, villages: [], idNumbers: [id], inline: true });
    expect(await alertOf('DECEASED_PAYMENT', paymentNo)).toHaveLength(1);

    const id2 = newIdNumber();
    const paymentNo2 = await fx.payment({ idNumber: id2, name: '丁', village: w.villageA2, program: '高龄津贴', amountFen: 10000, paid: '2026-03-01' });
    await fx.death(id2, '丁', '2026-01-01');
    await emitDatasetImported(ctx.platform.deps, { importId: crypto.randomUUID(), dataset: 'deaths', districtCode: w.district, villages: [], idNumbers: [id2], inline: false });
    expect(await alertOf('DECEASED_PAYMENT', paymentNo2)).toHaveLength(0);
    const jobs = await queryRows<{ payload: { villages: string[] } }>(db(), sql`select payload from jobs where kind = ${SWEEP_JOB} and status = 'queued'`);
    expect(jobs.map((j) => j.payload.villages)).toContainEqual([w.villageA2]);
    await runDueJobs(ctx.platform.deps);
    expect(await alertOf('DECEASED_PAYMENT', paymentNo2)).toHaveLength(1);
  });
});

describe('sweep API', () => {
  it('runs a full sweep of the account’s district and lists it; another district is not found; bad input is a 400', async () => {
    const w = await makeWorld(ctx);
    const other = await makeWorld(ctx);
    await deadPaid(w, w.villageA1);
    const admin = await makeUser(ctx, w.district, ['district_inspector']);
    const c = await login(ctx.app, admin.username);
    const res = await c.post('/api/v1/alerts/sweeps', { asOf: AS_OF });
    expect(res.statusCode).toBe(200);
    const body = res.json() as TAlertSweep;
    expect(body).toMatchObject({ kind: 'full', asOf: AS_OF, regionCode: w.district, status: 'done' });
    expect(body.counts.DECEASED_PAYMENT).toEqual({ new: 1, open: 0, resolved: 0, reopened: 0 });

    const list = await c.get('/api/v1/alerts/sweeps');
    expect(list.statusCode).toBe(200);
    const page = list.json() as { data: TAlertSweep[]; total: number };
    expect(page.data[0]!.id).toBe(body.id);
    expect(page.data.every((s) => s.regionCode === w.district)).toBe(true);

    expect((await c.post('/api/v1/alerts/sweeps', { regionCode: other.district })).statusCode).toBe(404);
    const bad = await c.post('/api/v1/alerts/sweeps', { regionCode: w.villageA1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('regionCode');
    expect((await c.post('/api/v1/alerts/sweeps', { asOf: '2026-02-30' })).statusCode).toBe(400);
  });
});
