import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { reportMessages } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { addReportEvent } from './reports.events.js';
import { REPORTS_CSV_COLUMNS } from './reports.export.js';
import { assignedTo, newReport, REPORTER } from './reports.staff.test-support.js';

let ctx: TestContext;
let w: World;
let township: Client;
let report: { id: string; number: string };
const REPLY = '我是住在村口的李举报，电话13800001111';

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const u = await makeUser(ctx, w.townshipA, ['township_discipline']);
  township = await login(ctx.app, u.username);
  report = await newReport(ctx, w.villageA1, {
    subjectName: '=HYPERLINK("http://x")',
    subjectPosition: '村主任, 兼会计',
    content: '<script>alert(1)</script>工程款 & "回扣"',
  });
  await assignedTo(ctx, report.id, u.id);
  // The reporter answered a question: their words must not reach an export or a print.
  await audited(ctx.platform.deps.db, systemActor(), async (x) => {
    const at = new Date();
    await x.tx.insert(reportMessages).values({ id: randomUUID(), reportId: report.id, direction: 'from_reporter', body: REPLY, at, authorId: null, regionCode: w.villageA1 });
    await addReportEvent(x, { reportId: report.id, regionCode: w.villageA1, kind: 'reply', note: REPLY });
  });
}, 120_000);
afterAll(() => ctx.close());

describe('export and print', () => {
  it('exports CSV with Chinese headers and nothing about the reporter; formulas are written as text', async () => {
    const res = await township.get(`/api/v1/reports/export.csv?regionCode=${w.villageA1}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(REPORTS_CSV_COLUMNS.join(','));
    const row = lines.find((l) => l.startsWith(report.number))!;
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(row).toContain('"村主任, 兼会计"');
    expect(row).toContain(',已交办,');
    for (const secret of [REPORTER.name, REPORTER.phone, REPORTER.idNumber, REPORTER.address, '实名', '匿名']) expect(res.body).not.toContain(secret);
    // Outside the account's scope: 404, as for any record.
    expect((await township.get(`/api/v1/reports/export.csv?regionCode=${w.villageB1}`)).statusCode).toBe(404);
  });

  it('prints an escaped page without the reporter, their messages or their words', async () => {
    const res = await township.get(`/api/v1/reports/${report.id}/print`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain(report.number);
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;工程款 &amp; &quot;回扣&quot;');
    expect(res.body).toContain('举报人答复');
    for (const secret of [REPORTER.name, REPORTER.phone, REPORTER.idNumber, REPORTER.address]) expect(res.body).not.toContain(secret);
    // The detail (for staff on screen) does show the reply; the print leaves it out.
    expect(JSON.stringify((await township.get(`/api/v1/reports/${report.id}`)).json().messages)).toContain('村口');
  });
});
