import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { raiseAlert, type RaiseAlertInput } from './alerts.service.js';

/** A red alert steps down only when its rectification is verified (销号) or a case is linked. */
let ctx: TestContext;
let w: World;
let officer: Client;
let villager: Client;
let n = 0;

const db = () => ctx.platform.deps.db;
const raise = (over: Partial<RaiseAlertInput> = {}) =>
  audited(db(), systemActor(), (tx) => {
    const subjectId = `${w.villageA1}-2026-${String(++n).padStart(4, '0')}`;
    return raiseAlert(tx, { rule: 'DECISION_QUORUM', subjectType: 'decision', subjectId, regionCode: w.villageA1, summary: '到会人数不足', evidence: `decisions:${subjectId}/m`, ...over });
  });
const confirmed = async (over: Partial<RaiseAlertInput> = {}) => {
  const { id } = await raise(over);
  expect((await officer.post(`/api/v1/alerts/${id}/confirm`, { reason: '属实' })).statusCode).toBe(200);
  return id;
};

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  officer = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  villager = await login(ctx.app, (await makeUser(ctx, w.villageA1, ['village_secretary'])).username);
}, 120_000);
afterAll(() => ctx.close());

describe('closing an alert with a link', () => {
  it('refuses a red confirmed alert closed with no link, allows a yellow one and a dismissed red one', async () => {
    const red = await confirmed();
    for (const body of [{ note: '已处理' }, { note: '已处理', linkType: 'none' }]) {
      const res = await officer.post(`/api/v1/alerts/${red}/close`, body);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'CONFLICT', details: [{ path: 'linkType' }] });
    }
    expect((await queryRows<{ status: string }>(db(), sql`select status from alerts where id = ${red}`))[0]!.status).toBe('confirmed');

    const yellow = await confirmed({ rule: 'LATE_RECORD', summary: '晚录入' });
    expect((await officer.post(`/api/v1/alerts/${yellow}/close`, { note: '已规范' })).json()).toMatchObject({ status: 'closed', linkType: 'none' });

    const { id: dismissed } = await raise();
    await officer.post(`/api/v1/alerts/${dismissed}/dismiss`, { reason: '规则误判', falsePositive: true });
    expect((await officer.post(`/api/v1/alerts/${dismissed}/close`, { note: '误报' })).statusCode).toBe(200);
  });

  it('a rectification link needs the notice to hold the alert\'s items, all closed', async () => {
    const { id } = await raise();
    const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const notice = (await officer.post('/api/v1/rectification/notices', {
      regionCode: w.villageA1, title: '整改', requirement: '整改', deadline, responsibleName: '王书记',
      items: [{ problem: '到会人数不足', requirement: '重开会议', sourceType: 'alert', sourceId: id }, { problem: '其他', requirement: '整改' }],
    })).json();
    const [fromAlert, other] = notice.items as { id: string }[];
    // Confirmed after the notice: acceptance below must not close it by itself (it was open then).
    const unrelated = (await officer.post('/api/v1/rectification/notices', { regionCode: w.villageA1, title: '另案', requirement: '整改', deadline, responsibleName: '王书记', items: [{ problem: '无关', requirement: '整改' }] })).json();

    await officer.post(`/api/v1/alerts/${id}/confirm`, { reason: '属实' });
    const missing = await officer.post(`/api/v1/alerts/${id}/close`, { note: '已整改', linkType: 'rectification', linkId: '不存在纪整改〔2026〕9号' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details[0].path).toBe('linkId');
    const wrong = await officer.post(`/api/v1/alerts/${id}/close`, { note: '已整改', linkType: 'rectification', linkId: unrelated.id });
    expect(wrong.statusCode).toBe(400);
    const open = await officer.post(`/api/v1/alerts/${id}/close`, { note: '已整改', linkType: 'rectification', linkId: notice.number });
    expect(open.statusCode).toBe(409);

    // Accepting the alert's item closes the confirmed alert, linked to the notice (the other item does not matter).
    await villager.post(`/api/v1/rectification/items/${fromAlert!.id}/answers`, { measures: '已重开会议' });
    expect((await officer.post(`/api/v1/rectification/items/${fromAlert!.id}/accept`, {})).json()).toMatchObject({ status: 'closed', closedOn: chinaDate() });
    expect((await officer.get(`/api/v1/alerts/${id}`)).json()).toMatchObject({ status: 'closed', linkType: 'rectification', linkId: notice.number, closingNote: '整改已验收销号' });
    expect((await officer.get(`/api/v1/rectification/items/${other!.id}`)).json().status).toBe('open');

    // Reopened by a person, it may be closed by hand with the notice (id or number) since its items are closed.
    await officer.post(`/api/v1/alerts/${id}/reopen`, { reason: '复查' });
    await officer.post(`/api/v1/alerts/${id}/confirm`, { reason: '属实' });
    const byId = await officer.post(`/api/v1/alerts/${id}/close`, { note: '整改已验收', linkType: 'rectification', linkId: notice.id });
    expect(byId.statusCode, byId.body).toBe(200);
    expect(byId.json()).toMatchObject({ linkType: 'rectification', linkId: notice.number });
  });

  it('a case link needs the case to exist', async () => {
    const id = await confirmed();
    const none = await officer.post(`/api/v1/alerts/${id}/close`, { note: '已立案', linkType: 'case', linkId: 'AJ000000-2026-00001' });
    expect(none.statusCode).toBe(400);
    expect(none.json().details[0].path).toBe('linkId');
    const caseId = randomUUID();
    const number = `AJ${w.district.slice(0, 6)}-2026-00001`;
    await audited(db(), systemActor(), (tx) => tx.tx.execute(sql`
      insert into cases (id, number, kind, title, source_type, source_id, subject_name, subject_position, handling_region_code, status, summary, region_code)
      values (${caseId}, ${number}, 'main', '测试案件', 'alert', ${id}, '某某', '村主任', ${w.townshipA}, 'preliminary', '线索', ${w.villageA1})`));
    const ok = await officer.post(`/api/v1/alerts/${id}/close`, { note: '已立案', linkType: 'case', linkId: number });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'closed', linkType: 'case', linkId: number });
  });
});
