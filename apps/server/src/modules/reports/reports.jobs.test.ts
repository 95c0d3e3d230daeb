import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { alerts, auditEvents, jobs, notifications, reportEvents, reports } from '@mpw/db';
import { anonymousActor, systemActor } from '../../lib/actor.js';
import { addCalendarDays } from '../../lib/calendar/index.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { runDueJobs, scheduleDueJobs } from '../jobs/jobs.worker.js';
import { createTestContext, makeUser, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { createReport, type NewReportInput } from './reports.intake.js';
import { DIGEST_HOUR, eraseExpiredIdentities, sendIntakeDigest, sweepOverdueReports } from './reports.jobs.js';

let ctx: TestContext;
let w: World;
let townshipOfficer: string;
let districtOfficer: string;
let villageSecretary: string;
beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  townshipOfficer = (await makeUser(ctx, w.townshipA, ['township_discipline'])).id;
  districtOfficer = (await makeUser(ctx, w.district, ['district_inspector'])).id;
  villageSecretary = (await makeUser(ctx, w.villageA1, ['village_secretary', 'village_discipline'])).id;
}, 180_000);
afterAll(() => ctx.close());
const db = () => ctx.platform.deps.db;
const today = chinaDate();

async function newReport(over: Partial<NewReportInput> = {}) {
  const input: NewReportInput = {
    category: 'subsistence',
    regionCode: w.villageA1,
    subjectName: '赵某',
    subjectPosition: '村委会委员',
    subjectKind: 'village_cadre',
    content: '低保名单里有村干部的亲戚。',
    anonymous: true,
    channel: 'portal',
    ...over,
  };
  return audited(db(), anonymousActor(null), (x) => createReport(x, ctx.platform.deps.secrets, input));
}

const setReport = (id: string, patch: Partial<typeof reports.$inferInsert>) => audited(db(), systemActor(), (x) => x.tx.update(reports).set(patch).where(eq(reports.id, id)));
const alertOf = async (id: string) => (await db().select().from(alerts).where(and(eq(alerts.rule, 'REPORT_OVERDUE'), eq(alerts.subjectId, id))))[0];
const inbox = (userId: string) => db().select().from(notifications).where(eq(notifications.userId, userId));

describe('overdue reports', () => {
  it('raises REPORT_OVERDUE in the handling unit, naming only the number, and resolves it once no longer overdue', async () => {
    const r = await newReport({ receivedOn: addCalendarDays(today, -60) });
    const fresh = await newReport();
    const result = await sweepOverdueReports(db(), systemActor(), today);
    expect(result.raised).toBeGreaterThanOrEqual(1);
    const alert = await alertOf(r.id);
    expect(alert).toMatchObject({ subjectType: 'report', regionCode: w.townshipA, status: 'open', resolvedByDataAt: null });
    expect(alert!.summary).toContain(r.number);
    expect(alert!.summary).toContain('受理逾期');
    expect(alert!.summary).not.toContain('赵某');
    expect(alert!.summary).not.toContain('低保');
    expect(await alertOf(fresh.id)).toBeUndefined();
    expect((await inbox(townshipOfficer)).some((n) => n.entityId === r.id && n.kind === 'overdue')).toBe(true);
    // Nobody in the reported village hears of it.
    expect((await inbox(villageSecretary)).filter((n) => n.entityType === 'report')).toEqual([]);

    // A second sweep sees it again without a second message.
    const before = (await inbox(townshipOfficer)).length;
    expect((await sweepOverdueReports(db(), systemActor(), today)).raised).toBe(0);
    expect((await inbox(townshipOfficer)).length).toBe(before);

    await setReport(r.id, { status: 'accepted', dueOn: addCalendarDays(today, 5) });
    const after = await sweepOverdueReports(db(), systemActor(), today);
    expect(after.resolved).toBeGreaterThanOrEqual(1);
    expect((await alertOf(r.id))!.resolvedByDataAt).not.toBeNull();
  });

  it('files the alert of a township official report under the district, and ignores finished reports', async () => {
    const r = await newReport({ subjectKind: 'township_official', regionCode: w.townshipA, receivedOn: addCalendarDays(today, -60) });
    const done = await newReport({ receivedOn: addCalendarDays(today, -60) });
    await setReport(done.id, { status: 'feedback_given' });
    await sweepOverdueReports(db(), systemActor(), today);
    expect(await alertOf(r.id)).toMatchObject({ regionCode: w.district });
    expect((await inbox(districtOfficer)).some((n) => n.entityId === r.id)).toBe(true);
    expect(await alertOf(done.id)).toBeUndefined();
  });
});

describe('identity retention', () => {
  it('erases the sealed identity of reports archived longer than the retention, with an event and an audit entry', async () => {
    const reporter = { name: '孙实名', phone: '13700000000', wantsProtection: false };
    const old = await newReport({ anonymous: false, reporter, channel: 'phone' });
    const recent = await newReport({ anonymous: false, reporter, channel: 'phone' });
    await setReport(old.id, { status: 'archived', archivedAt: new Date(Date.now() - 1826 * 86_400_000) });
    await setReport(recent.id, { status: 'archived', archivedAt: new Date(Date.now() - 1000 * 86_400_000) });
    expect(await eraseExpiredIdentities(db(), systemActor())).toBe(1);
    const [o] = await db().select().from(reports).where(eq(reports.id, old.id));
    expect(o).toMatchObject({ reporterSealed: null, status: 'archived' });
    expect(o!.reporterErasedAt).not.toBeNull();
    expect(o!.content).toBe('低保名单里有村干部的亲戚。');
    const [r] = await db().select().from(reports).where(eq(reports.id, recent.id));
    expect(r!.reporterSealed).not.toBeNull();
    const events = await db().select().from(reportEvents).where(eq(reportEvents.reportId, old.id));
    expect(events.map((e) => e.kind)).toContain('identity_erased');
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'report.identity.erase'), eq(auditEvents.entityId, old.id)));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('孙实名');
    // Nothing left to erase the second time.
    expect(await eraseExpiredIdentities(db(), systemActor())).toBe(0);
  });
});

describe('morning digest', () => {
  it('tells the handling unit of reports from earlier days waiting for acceptance, never of today\'s', async () => {
    const w2 = await makeWorld(ctx);
    const officer = (await makeUser(ctx, w2.townshipB, ['township_discipline'])).id;
    const yesterday = await newReport({ regionCode: w2.villageB1, receivedOn: addCalendarDays(today, -1) });
    await newReport({ regionCode: w2.villageB1 });
    const accepted = await newReport({ regionCode: w2.villageB1, receivedOn: addCalendarDays(today, -2) });
    await setReport(accepted.id, { status: 'accepted' });
    expect(await sendIntakeDigest(db(), systemActor(), today)).toBeGreaterThanOrEqual(1);
    const mine = (await inbox(officer)).filter((n) => n.entityType === 'report');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title).toBe('有1件举报待受理');
    expect(mine[0]!.body).toContain(yesterday.number);
    expect(mine[0]!.body).not.toContain(accepted.number);
    expect(mine[0]!.entityId).toBe(yesterday.id);
  });

  it('is scheduled once a day, the digest only from the morning hour, and runs through the worker', async () => {
    const overdue = await newReport({ receivedOn: addCalendarDays(today, -60) });
    const tomorrow = addCalendarDays(today, 1);
    await scheduleDueJobs(ctx.platform.deps, new Date(`${tomorrow}T0${DIGEST_HOUR - 2}:00:00+08:00`));
    const queued = async () => (await db().select({ key: jobs.dedupeKey, status: jobs.status }).from(jobs).where(like(jobs.kind, 'reports.%'))).map((j) => j.key);
    expect(await queued()).toContain(`reports.daily:${tomorrow}`);
    expect(await queued()).not.toContain(`reports.digest:${tomorrow}`);
    await scheduleDueJobs(ctx.platform.deps, new Date(`${tomorrow}T0${DIGEST_HOUR}:30:00+08:00`));
    expect(await queued()).toContain(`reports.digest:${tomorrow}`);
    await runDueJobs(ctx.platform.deps);
    const done = await db().select().from(jobs).where(like(jobs.kind, 'reports.%'));
    expect(done.map((j) => [j.kind, j.status]).sort()).toEqual([['reports.daily', 'done'], ['reports.digest', 'done']]);
    expect(await alertOf(overdue.id)).toMatchObject({ regionCode: w.townshipA });
  });
});
