import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { queryRows } from '@mpw/db';
import type { TRole } from '@mpw/contracts';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { runDueJobs } from '../jobs/jobs.worker.js';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { notify, notifyRole, registerChannel, unregisterChannel, type Channel, type OutboundMessage, type Recipient } from './index.js';
import { DELIVER_JOB } from './notifications.outbox.js';
import { contactOf, enabledChannels } from './notifications.channels.js';
import { configureOutboundChannels, loadNotificationConfig } from './notifications.config.js';
import { createEmailChannel, emailText } from './notifications.email.js';
import { createLoggingSmsGateway, createSmsChannel, smsText } from './notifications.sms.js';

let ctx: TestContext;
let w: World;
const db = () => ctx.platform.deps.db;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
});
afterAll(() => ctx.close());

type JobView = { id: number; status: string; attempts: number; last_error: string | null; payload: { notificationId: string; channel: string } };

async function deliveryJobs(notificationIds: string[]): Promise<JobView[]> {
  const rows = await queryRows<JobView>(db(), sql`select id, status, attempts, last_error, payload from jobs where kind = ${DELIVER_JOB} order by id`);
  return rows.filter((r) => notificationIds.includes(r.payload.notificationId)).map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
}

async function makeDue() {
  await db().execute(sql`update jobs set run_after = now() - interval '1 second' where kind = ${DELIVER_JOB} and status = 'queued'`);
}

const send = (userIds: string[], over: Partial<Parameters<typeof notify>[1]> = {}) =>
  audited(db(), systemActor(), (tx) => notify(tx, { userIds, kind: 'assigned', title: '有一项待办事项', body: '白坑村有一项低保申请等待您审核。', link: '/matters/1', ...over }));

async function person(region: string, roles: TRole[], username?: string) {
  const u = await makeUser(ctx, region, roles, username ? { username } : {});
  return { ...u, client: await login(ctx.app, u.username) };
}

describe('the inbox', () => {
  let alice: Awaited<ReturnType<typeof person>>;
  let bob: Awaited<ReturnType<typeof person>>;
  let aliceIds: string[];

  beforeAll(async () => {
    alice = await person(w.villageA1, ['village_secretary']);
    bob = await person(w.villageA1, ['village_accountant']);
    await send([alice.id], { title: '第一条' });
    await send([alice.id], { title: '第二条', kind: 'due_soon' });
    await send([alice.id, bob.id], { title: '第三条', kind: 'overdue', entityType: 'matter', entityId: 'm-3' });
    aliceIds = (await queryRows<{ id: string }>(db(), sql`select id from notifications where user_id = ${alice.id}`)).map((r) => r.id);
    expect(aliceIds).toHaveLength(3);
  });

  it('lists my messages, newest first, with the unread count', async () => {
    const res = await alice.client.get('/api/v1/notifications');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.unread).toBe(3);
    expect(body.data.map((n: { title: string }) => n.title)).toEqual(['第三条', '第二条', '第一条']);
    expect(body.data[0]).toMatchObject({ kind: 'overdue', body: '白坑村有一项低保申请等待您审核。', link: '/matters/1', entityType: 'matter', entityId: 'm-3', readAt: null });
    expect(Object.keys(body.data[0]).sort()).toEqual(['body', 'createdAt', 'entityId', 'entityType', 'id', 'kind', 'link', 'readAt', 'title']);
  });

  it('marks one read, filters unread, pages, and marks all read', async () => {
    const [first] = await queryRows<{ id: string }>(db(), sql`select id from notifications where user_id = ${alice.id} and title = '第一条'`);
    const read = await alice.client.post(`/api/v1/notifications/${first!.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toEqual(expect.any(String));
    // Reading again keeps the first reading time.
    const again = await alice.client.post(`/api/v1/notifications/${first!.id}/read`);
    expect(again.json().readAt).toBe(read.json().readAt);

    const unread = await alice.client.get('/api/v1/notifications?unread=true');
    expect(unread.json()).toMatchObject({ total: 2, unread: 2 });
    expect(unread.json().data.map((n: { title: string }) => n.title)).toEqual(['第三条', '第二条']);
    const all = await alice.client.get('/api/v1/notifications?unread=false&pageSize=1&current=3');
    expect(all.json()).toMatchObject({ total: 3, unread: 2 });
    expect(all.json().data.map((n: { title: string }) => n.title)).toEqual(['第一条']);
    expect((await alice.client.get('/api/v1/notifications?unread=yes')).statusCode).toBe(400);

    const readAll = await alice.client.post('/api/v1/notifications/read-all');
    expect(readAll.statusCode).toBe(200);
    expect(readAll.json()).toEqual({ updated: 2 });
    expect((await alice.client.get('/api/v1/notifications')).json()).toMatchObject({ total: 3, unread: 0 });
    expect((await alice.client.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 0 });
  });

  it('is private: another account neither sees nor marks my messages (404)', async () => {
    const bobs = await bob.client.get('/api/v1/notifications');
    expect(bobs.json()).toMatchObject({ total: 1, unread: 1 });
    const bobsOwn = bobs.json().data[0].id as string;
    expect(aliceIds).not.toContain(bobsOwn);
    for (const id of aliceIds) {
      const res = await bob.client.post(`/api/v1/notifications/${id}/read`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    // A district admin has no access to others' inboxes either.
    const admin = await person(w.district, ['district_admin']);
    expect((await admin.client.post(`/api/v1/notifications/${bobsOwn}/read`)).statusCode).toBe(404);
    expect((await admin.client.get('/api/v1/notifications')).json()).toEqual({ data: [], total: 0, unread: 0 });
    // Bob's read-all touches only his.
    expect((await bob.client.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 1 });
    const [aliceUnread] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from notifications where user_id = ${alice.id} and read_at is null`);
    expect(Number(aliceUnread!.n)).toBe(0);
    expect((await bob.client.post('/api/v1/notifications/not-a-uuid/read')).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });
});

describe('notify', () => {
  it('writes in the caller transaction: a rolled-back change leaves no message and no delivery', async () => {
    const u = await makeUser(ctx, w.villageA2, ['village_secretary']);
    const fake: Channel = { name: 'test-rollback', canReach: () => true, send: async () => {} };
    registerChannel(fake);
    try {
      await expect(
        audited(db(), systemActor(), async (tx) => {
          await notify(tx, { userIds: [u.id], kind: 'info', title: '不会送达', body: '' });
          throw new Error('business change failed');
        }),
      ).rejects.toThrow('business change failed');
      const rows = await queryRows(db(), sql`select 1 from notifications where user_id = ${u.id}`);
      expect(rows).toEqual([]);
      const jobs = await queryRows(db(), sql`select 1 from jobs where kind = ${DELIVER_JOB} and payload->>'channel' = 'test-rollback'`);
      expect(jobs).toEqual([]);
    } finally {
      unregisterChannel('test-rollback');
    }
  });

  it('refuses long bodies, multi-line titles, outside links and unknown kinds', async () => {
    const u = await makeUser(ctx, w.villageA2, ['village_secretary']);
    const cases: [Partial<Parameters<typeof notify>[1]>, string][] = [
      [{ body: '举'.repeat(501) }, '不能超过500个字'],
      [{ title: '第一行\n第二行' }, '不能换行'],
      [{ title: '' }, '标题不能为空'],
      [{ link: 'https://evil.example/phish' }, '平台内路径'],
      [{ link: '//evil.example/x' }, '平台内路径'],
      [{ kind: 'gossip' as never }, '未知的消息类型'],
    ];
    for (const [over, message] of cases) {
      await expect(send([u.id], over), JSON.stringify(over)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(message) });
    }
    expect(await send([u.id], { body: '举'.repeat(500) })).toHaveLength(1);
  });

  it('skips disabled and unknown accounts and sends one message per person', async () => {
    const a = await makeUser(ctx, w.villageA2, ['village_accountant']);
    const off = await makeUser(ctx, w.villageA2, ['village_accountant']);
    await audited(db(), systemActor(), (tx) => tx.tx.execute(sql`update users set status = 'disabled' where id = ${off.id}`));
    const ids = await send([a.id, a.id, off.id, '00000000-0000-4000-8000-000000000000']);
    expect(ids).toHaveLength(1);
    const rows = await queryRows<{ user_id: string; region_code: string; created_by: string | null }>(db(), sql`select user_id, region_code, created_by from notifications where id = ${ids[0]}`);
    expect(rows).toEqual([{ user_id: a.id, region_code: w.villageA2, created_by: null }]);
  });

  it('notifyRole reaches the active holders of the roles in exactly that region', async () => {
    const tag = `nr${Date.now().toString(36)}`;
    const staff1 = await makeUser(ctx, w.townshipB, ['township_staff']);
    const staff2 = await makeUser(ctx, w.townshipB, ['township_staff', 'township_discipline']);
    const jiwei = await makeUser(ctx, w.townshipB, ['township_discipline']);
    const otherTownship = await makeUser(ctx, w.townshipA, ['township_staff']);
    const villageBelow = await makeUser(ctx, w.villageB1, ['village_secretary']);
    const disabled = await makeUser(ctx, w.townshipB, ['township_staff']);
    await audited(db(), systemActor(), (tx) => tx.tx.execute(sql`update users set status = 'disabled' where id = ${disabled.id}`));
    const ids = await audited(db(), systemActor(), (tx) =>
      notifyRole(tx, { regionCode: w.townshipB, roles: ['township_staff'], kind: 'filing', title: tag, body: '乙一村有一项事项需要备案。', link: '/matters/9' }),
    );
    expect(ids).toHaveLength(2);
    const reached = await queryRows<{ user_id: string }>(db(), sql`select user_id from notifications where title = ${tag}`);
    expect(reached.map((r) => r.user_id).sort()).toEqual([staff1.id, staff2.id].sort());
    for (const u of [jiwei, otherTownship, villageBelow, disabled]) expect(reached.map((r) => r.user_id)).not.toContain(u.id);
    expect(await audited(db(), systemActor(), (tx) => notifyRole(tx, { regionCode: w.townshipB, roles: [], kind: 'info', title: 'x', body: '' }))).toEqual([]);
  });
});

describe('outbound delivery through the job queue', () => {
  afterEach(() => {
    for (const c of enabledChannels()) unregisterChannel(c.name);
  });

  it('retries a channel that is down and delivers once it is back', async () => {
    const sent: { to: Recipient; message: OutboundMessage }[] = [];
    let calls = 0;
    registerChannel({
      name: 'flaky',
      canReach: () => true,
      async send(to, message) {
        calls++;
        if (calls <= 2) throw new Error(`gateway down (${calls})`);
        sent.push({ to, message });
      },
    });
    const u = await makeUser(ctx, w.villageB1, ['village_secretary']);
    const ids = await send([u.id], { title: '事项即将到期', body: '一项事项将在2个工作日后到期。', kind: 'due_soon' });
    let [job] = await deliveryJobs(ids);
    expect(job).toMatchObject({ status: 'queued', attempts: 0, payload: { notificationId: ids[0], channel: 'flaky' } });
    expect(Object.keys(job!.payload).sort()).toEqual(['channel', 'notificationId']); // ids only: the text stays in the inbox

    await runDueJobs(ctx.platform.deps);
    [job] = await deliveryJobs(ids);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, last_error: 'gateway down (1)' });
    await makeDue();
    await runDueJobs(ctx.platform.deps);
    [job] = await deliveryJobs(ids);
    expect(job).toMatchObject({ status: 'queued', attempts: 2, last_error: 'gateway down (2)' });
    expect(sent).toEqual([]);
    await makeDue();
    await runDueJobs(ctx.platform.deps);
    [job] = await deliveryJobs(ids);
    expect(job).toMatchObject({ status: 'done', attempts: 3 });
    expect(sent).toEqual([
      {
        to: expect.objectContaining({ userId: u.id, username: u.username, regionCode: w.villageB1 }),
        message: { kind: 'due_soon', title: '事项即将到期', body: '一项事项将在2个工作日后到期。', link: '/matters/1' },
      },
    ]);
    // The in-app message was there all along.
    const inbox = await queryRows(db(), sql`select 1 from notifications where id = ${ids[0]}`);
    expect(inbox).toHaveLength(1);
  });

  it('marks a delivery failed after the last attempt, visible in the jobs table', async () => {
    registerChannel({ name: 'dead', canReach: () => true, send: async () => Promise.reject(new Error('smtp refused')) });
    const u = await makeUser(ctx, w.villageB1, ['village_accountant']);
    const ids = await send([u.id]);
    for (let i = 0; i < 5; i++) {
      await makeDue();
      await runDueJobs(ctx.platform.deps);
    }
    const [job] = await deliveryJobs(ids);
    expect(job).toMatchObject({ status: 'failed', attempts: 5, last_error: 'smtp refused' });
  });

  it('queues one delivery per recipient per channel that can reach them; no email address, no email', async () => {
    const reached: string[] = [];
    registerChannel({ name: 'email', canReach: (r) => Boolean(r.email), send: async (r) => void reached.push(`email:${r.email}`) });
    registerChannel({ name: 'pager', canReach: () => true, send: async (r) => void reached.push(`pager:${r.username}`) });
    const withEmail = await makeUser(ctx, w.villageB1, ['village_supervisor'], { username: `li.${Date.now().toString(36)}@example.gov.cn` });
    const without = await makeUser(ctx, w.villageB1, ['village_supervisor']);
    const ids = await send([withEmail.id, without.id]);
    const jobs = await deliveryJobs(ids);
    expect(jobs.map((j) => j.payload.channel).sort()).toEqual(['email', 'pager', 'pager']);
    await runDueJobs(ctx.platform.deps);
    expect(reached.sort()).toEqual([`email:${withEmail.username}`, `pager:${without.username}`, `pager:${withEmail.username}`].sort());
  });

  it('fails (and retries) a delivery whose channel was switched off, sends nothing to a disabled account', async () => {
    const u = await makeUser(ctx, w.villageB1, ['village_discipline']);
    let sent = 0;
    registerChannel({ name: 'gone', canReach: () => true, send: async () => void sent++ });
    const ids = await send([u.id]);
    unregisterChannel('gone');
    await runDueJobs(ctx.platform.deps);
    expect((await deliveryJobs(ids))[0]).toMatchObject({ status: 'queued', last_error: 'notification channel gone is not enabled' });

    registerChannel({ name: 'gone', canReach: () => true, send: async () => void sent++ });
    await audited(db(), systemActor(), (tx) => tx.tx.execute(sql`update users set status = 'disabled' where id = ${u.id}`));
    await makeDue();
    await runDueJobs(ctx.platform.deps);
    expect((await deliveryJobs(ids))[0]).toMatchObject({ status: 'done' });
    expect(sent).toBe(0);
  });
});

describe('channels', () => {
  const recipient: Recipient = { userId: 'u1', username: 'wang@example.gov.cn', displayName: '王五', regionCode: '330299101201', email: 'wang@example.gov.cn', phone: null };
  const message: OutboundMessage = { kind: 'overdue', title: '事项已超期', body: '白坑村一项事项已超过办理时限。', link: '/matters/42' };

  it('email: subject, text and link; only the title, body and link leave the platform', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const sent: Buffer[] = [];
    const orig = transport.sendMail.bind(transport);
    transport.sendMail = (async (mail: Parameters<typeof orig>[0]) => {
      const info = await orig(mail);
      sent.push(info.message as Buffer);
      return info;
    }) as typeof transport.sendMail;
    const channel = createEmailChannel(transport, { from: '区纪委监委 <noreply@example.gov.cn>', publicUrl: 'https://jiandu.example.gov.cn/console' });
    expect(channel.canReach(recipient)).toBe(true);
    expect(channel.canReach({ ...recipient, email: null })).toBe(false);
    await channel.send(recipient, message);
    const raw = sent[0]!.toString();
    expect(raw).toMatch(/^To: =\?UTF-8\?\S+\?= <wang@example\.gov\.cn>/m);
    expect(raw).toContain('From: =?UTF-8?');
    expect(emailText(message, 'https://jiandu.example.gov.cn/console')).toBe(
      ['【已超期】事项已超期', '', '白坑村一项事项已超过办理时限。', '', '查看详情：https://jiandu.example.gov.cn/console/matters/42', '', '——', '此邮件由村级“小微权力”监督平台自动发送，请勿回复。'].join('\n'),
    );
    expect(emailText(message)).toContain('请登录平台查看详情。');
  });

  it('email address: an account is reached only if its user name is an email address (no email column yet)', () => {
    expect(contactOf({ username: 'li.ming@qingxi.gov.cn' })).toEqual({ email: 'li.ming@qingxi.gov.cn', phone: null });
    expect(contactOf({ username: 'bk.secretary' })).toEqual({ email: null, phone: null });
    expect(contactOf({ username: 'a@b' })).toEqual({ email: null, phone: null });
  });

  it('SMS: the logging gateway writes the title and a masked number, never the body', async () => {
    const lines: unknown[] = [];
    const channel = createSmsChannel(createLoggingSmsGateway({ info: (obj: unknown) => void lines.push(obj) } as never));
    expect(channel.canReach(recipient)).toBe(false);
    await channel.send({ ...recipient, phone: '13812345678' }, message);
    expect(lines).toEqual([{ to: '138****5678', text: '【村级小微权力监督】事项已超期。请登录平台查看。' }]);
    expect(smsText(message)).not.toContain(message.body);
  });

  it('configuration: nothing is enabled by default; SMTP and the SMS log gateway by environment; errors listed', () => {
    const log = { info: () => {} } as never;
    expect(configureOutboundChannels(loadNotificationConfig({}), log)).toEqual([]);
    expect(enabledChannels()).toEqual([]);
    const config = loadNotificationConfig({ MICROPOWER_SMTP_URL: 'smtp://mailer:secret@127.0.0.1:2525', MICROPOWER_SMS_GATEWAY: 'log', MICROPOWER_PUBLIC_URL: 'https://jiandu.example.gov.cn' });
    expect(config).toMatchObject({ smtpFrom: 'noreply@127.0.0.1', smsGateway: 'log', publicUrl: 'https://jiandu.example.gov.cn' });
    expect(configureOutboundChannels(config, log)).toEqual(['email', 'sms']);
    expect(enabledChannels().map((c) => c.name).sort()).toEqual(['email', 'sms']);
    expect(configureOutboundChannels(loadNotificationConfig({}), log)).toEqual([]);
    expect(enabledChannels()).toEqual([]);
    expect(() => loadNotificationConfig({ MICROPOWER_SMTP_URL: 'http://mail', MICROPOWER_SMS_GATEWAY: 'aliyun', MICROPOWER_PUBLIC_URL: 'ftp://x' })).toThrow(
      /MICROPOWER_SMTP_URL[\s\S]*MICROPOWER_SMS_GATEWAY[\s\S]*MICROPOWER_PUBLIC_URL/,
    );
  });
});
