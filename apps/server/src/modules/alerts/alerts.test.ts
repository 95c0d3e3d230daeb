import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TAlert } from '@mpw/contracts';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { createTestContext, login, makeUser, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { testDbKind } from '../../../test/test-db.js';
import { raiseAlert, resolveAlertByData, type RaiseAlertInput } from './alerts.service.js';
import { exportAlertsCsv } from './alerts.export.js';
import { afterRaise, severityFor } from './alerts.policy.js';

let ctx: TestContext;
let w: World;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
});
afterAll(() => ctx.close());

let n = 0;
const subject = () => `${w.villageA1}-2026-${String(++n).padStart(4, '0')}`;
const raise = (input: RaiseAlertInput) => audited(ctx.platform.deps.db, systemActor(), (tx) => raiseAlert(tx, input));
const resolve = (input: Pick<RaiseAlertInput, 'rule' | 'subjectType' | 'subjectId'>) => audited(ctx.platform.deps.db, systemActor(), (tx) => resolveAlertByData(tx, input));
const late = (subjectId: string, over: Partial<RaiseAlertInput> = {}): RaiseAlertInput => ({
  rule: 'LATE_RECORD', subjectType: 'decision', subjectId, regionCode: w.villageA1, summary: '会议记录晚录入', evidence: `decisions:${subjectId}/proposal`, ...over,
});

async function rowsOf(subjectId: string) {
  return queryRows<{ id: string; status: string; severity: string; evidence: string; summary: string; last_seen_at: string; first_raised_at: string; resolved_by_data_at: string | null }>(
    ctx.platform.deps.db,
    sql`select id, status, severity, evidence, summary, last_seen_at::text, first_raised_at::text, resolved_by_data_at::text from alerts where subject_id = ${subjectId}`,
  );
}

async function eventsOf(alertId: string) {
  const rows = await queryRows<{ action: string }>(ctx.platform.deps.db, sql`select action from audit_events where entity_type = 'alert' and entity_id = ${alertId} order by seq`);
  return rows.map((r) => r.action);
}

async function setStatus(alertId: string, status: string) {
  await audited(ctx.platform.deps.db, systemActor(), (a) => a.tx.execute(sql`update alerts set status = ${status} where id = ${alertId}`));
}

describe('raiseAlert', () => {
  it('is one alert per rule and subject, however often it is raised', async () => {
    const id = subject();
    const first = await raise(late(id));
    const second = await raise(late(id));
    expect(first).toEqual({ id: first.id, change: 'new' });
    expect(second).toEqual({ id: first.id, change: 'seen' });
    const rows = await rowsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'open', severity: 'yellow', evidence: `decisions:${id}/proposal` });
    expect(rows[0]!.last_seen_at > rows[0]!.first_raised_at).toBe(true);
    // An unchanged raise only moves last_seen_at; a changed one is audited with before and after.
    expect(await eventsOf(first.id)).toEqual(['alert.alert.raise']);
    await raise(late(id, { evidence: `decisions:${id}/proposal;decisions:${id}/review`, summary: '两次会议记录晚录入' }));
    expect(await eventsOf(first.id)).toEqual(['alert.alert.raise', 'alert.alert.update']);
    expect((await rowsOf(id))[0]).toMatchObject({ summary: '两次会议记录晚录入', evidence: `decisions:${id}/proposal;decisions:${id}/review` });
  });

  it('grades by rule: DECISION_ORDER and DECISION_QUORUM red, LATE_RECORD and OVERDUE_STEP yellow; others must say', async () => {
    expect(['DECISION_ORDER', 'DECISION_QUORUM', 'LATE_RECORD', 'OVERDUE_STEP'].map((r) => severityFor(r as never))).toEqual(['red', 'red', 'yellow', 'yellow']);
    const id = subject();
    await raise(late(id, { rule: 'DECISION_ORDER' }));
    expect((await rowsOf(id))[0]!.severity).toBe('red');
    await expect(raise(late(subject(), { rule: 'KIN_BENEFIT', subjectType: 'benefit' }))).rejects.toThrow(/no default severity/);
    const kin = subject();
    await raise(late(kin, { rule: 'KIN_BENEFIT', subjectType: 'benefit', severity: 'red' }));
    expect((await rowsOf(kin))[0]!.severity).toBe('red');
    await expect(raise(late(subject(), { regionCode: '3302' }))).rejects.toThrow(/region code/);
  });

  it("keeps a person's judgement while the cause is seen; reopens a closed alert whose cause had gone and came back", async () => {
    const confirmed = subject();
    const c = await raise(late(confirmed));
    await setStatus(c.id, 'confirmed');
    await raise(late(confirmed));
    expect((await rowsOf(confirmed))[0]!.status).toBe('confirmed');

    const closed = subject();
    const k = await raise(late(closed));
    await setStatus(k.id, 'closed');
    expect((await raise(late(closed))).change).toBe('seen');
    expect((await rowsOf(closed))[0]!.status).toBe('closed');

    expect(await resolve(late(closed))).toBe(true);
    expect(await resolve(late(closed))).toBe(false);
    expect((await rowsOf(closed))[0]).toMatchObject({ status: 'closed', resolved_by_data_at: expect.any(String) });
    expect(await raise(late(closed))).toEqual({ id: k.id, change: 'reopened' });
    expect((await rowsOf(closed))[0]).toMatchObject({ status: 'open', resolved_by_data_at: null });
    expect(await eventsOf(k.id)).toEqual(['alert.alert.raise', 'alert.alert.resolve_by_data', 'alert.alert.reopen']);
    expect(await resolve(late(subject()))).toBe(false);
  });

  it('decides reopening by a pure rule', () => {
    expect(afterRaise({ status: 'open', resolvedByDataAt: null })).toEqual({ status: 'open', cameBack: false });
    expect(afterRaise({ status: 'dismissed', resolvedByDataAt: new Date() })).toEqual({ status: 'dismissed', cameBack: true });
    expect(afterRaise({ status: 'closed', resolvedByDataAt: new Date() })).toEqual({ status: 'open', cameBack: true });
  });
});

describe('GET /api/v1/alerts', () => {
  it('lists alerts in scope with filters and paging, and answers 404 outside', async () => {
    const local = await makeWorld(ctx);
    const mk = (village: string, rule: RaiseAlertInput['rule'], subjectId: string) =>
      raise({ rule, subjectType: rule === 'OVERDUE_STEP' ? 'matter' : 'decision', subjectId, regionCode: village, summary: `${rule} ${subjectId}`, evidence: `decisions:${subjectId}/proposal` });
    const a1 = await mk(local.villageA1, 'LATE_RECORD', `${local.villageA1}-2026-0001`);
    const a1b = await mk(local.villageA1, 'DECISION_QUORUM', `${local.villageA1}-2026-0002`);
    const b1 = await mk(local.villageB1, 'OVERDUE_STEP', `${local.villageB1}-M-0001:review`);

    const inspector = await login(ctx.app, (await makeUser(ctx, local.district, ['district_inspector'])).username);
    const all = await inspector.get('/api/v1/alerts?pageSize=200');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(3);
    expect(all.json().data.map((a: TAlert) => a.id).sort()).toEqual([a1.id, a1b.id, b1.id].sort());
    const page = await inspector.get('/api/v1/alerts?pageSize=2&current=2');
    expect(page.json()).toMatchObject({ total: 3, data: [expect.any(Object)] });
    expect((await inspector.get('/api/v1/alerts?severity=red')).json().data.map((a: TAlert) => a.id)).toEqual([a1b.id]);
    expect((await inspector.get('/api/v1/alerts?rule=OVERDUE_STEP')).json().data.map((a: TAlert) => a.id)).toEqual([b1.id]);
    expect((await inspector.get(`/api/v1/alerts?regionCode=${local.townshipA}`)).json().total).toBe(2);
    expect((await inspector.get('/api/v1/alerts?status=closed')).json().total).toBe(0);
    expect((await inspector.get('/api/v1/alerts?rule=NO_SUCH')).statusCode).toBe(400);

    const one = await inspector.get(`/api/v1/alerts/${a1.id}`);
    expect(one.json()).toMatchObject({ id: a1.id, rule: 'LATE_RECORD', subjectType: 'decision', regionCode: local.villageA1, regionName: '甲一村', severity: 'yellow', status: 'open', resolvedByDataAt: null });

    const township = await login(ctx.app, (await makeUser(ctx, local.townshipA, ['township_discipline'])).username);
    expect((await township.get('/api/v1/alerts?pageSize=200')).json().data.map((a: TAlert) => a.id).sort()).toEqual([a1.id, a1b.id].sort());
    const outside = await township.get(`/api/v1/alerts/${b1.id}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('NOT_FOUND');
    const villageSecretary = await login(ctx.app, (await makeUser(ctx, local.villageA1, ['village_secretary'])).username);
    expect((await villageSecretary.get('/api/v1/alerts')).statusCode).toBe(403);
  });
});

describe('alerts.csv', () => {
  it('has the columns of the spec, one row per alert, byte for byte', async () => {
    const local = await makeWorld(ctx);
    await raise({ rule: 'OVERDUE_STEP', subjectType: 'matter', subjectId: `${local.villageB1}-M-0001:review`, regionCode: local.villageB1, summary: '审核超期3个工作日', evidence: `matter:${local.villageB1}-M-0001` });
    const late1 = `${local.villageA1}-2026-0001`;
    await raise({ rule: 'LATE_RECORD', subjectType: 'decision', subjectId: late1, regionCode: local.villageA1, summary: '决策“修路,一期”记录晚录入', evidence: `decisions:${late1}/proposal;decisions:${late1}/review` });
    const quorum = await raise({ rule: 'DECISION_QUORUM', subjectType: 'decision', subjectId: late1, regionCode: local.villageA1, summary: '决议"到会"不足', evidence: `decisions:${late1}/resolution` });
    await setStatus(quorum.id, 'confirmed');

    const expected = [
      'rule,subject_type,subject_id,village_code,severity,status,summary,evidence',
      `DECISION_QUORUM,decision,${late1},${local.villageA1},red,confirmed,"决议""到会""不足",decisions:${late1}/resolution`,
      `LATE_RECORD,decision,${late1},${local.villageA1},yellow,open,"决策“修路,一期”记录晚录入",decisions:${late1}/proposal;decisions:${late1}/review`,
      `OVERDUE_STEP,matter,${local.villageB1}-M-0001:review,${local.villageB1},yellow,open,审核超期3个工作日,matter:${local.villageB1}-M-0001`,
      '',
    ].join('\r\n');
    expect(await exportAlertsCsv(ctx.platform.deps.db, { regionCode: local.district })).toBe(expected);

    const township = await login(ctx.app, (await makeUser(ctx, local.townshipA, ['township_discipline'])).username);
    const res = await township.get('/api/v1/alerts/export.csv?status=confirmed');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.body).toBe(expected.split('\r\n').filter((l, i) => i === 0 || l.startsWith('DECISION_QUORUM') || l === '').join('\r\n'));
  });
});

// Real concurrency needs several connections: PostgreSQL only (PGlite has one).
describe.runIf(testDbKind() === 'postgres')('concurrent raises (PostgreSQL only)', () => {
  it('makes one alert of the same cause raised by several transactions at once', async () => {
    const id = subject();
    const results = await Promise.all([0, 1, 2, 3].map(() => raise(late(id))));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.map((r) => r.change).sort()).toEqual(['new', 'seen', 'seen', 'seen']);
    expect(await rowsOf(id)).toHaveLength(1);
  });
});
