import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { queryRows } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, TEST_PASSWORD, type Client, type TestContext, type World } from '../../../test/helpers.js';

let ctx: TestContext;
let world: World;
let admin: Client;
let adminId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  world = await makeWorld(ctx);
  const a = await makeUser(ctx, world.district, ['district_admin']);
  adminId = a.id;
  admin = await login(ctx.app, a.username);
});
afterAll(() => ctx.close());

const INITIAL = 'Init-pass-2026!';
const uname = (tag = 'u') => `${tag}_${randomBytes(4).toString('hex')}`;
const loginRaw = (username: string, password: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

/** The API must never hand out the hash or the TOTP secret, in any field name or form. */
function expectNoSecrets(res: LightMyRequestResponse) {
  expect(res.body).not.toMatch(/passwordHash|password_hash|totpSecret|totp_secret|totpPending|Sealed|scrypt\$/i);
}

async function storedHash(id: string) {
  const rows = await queryRows<{ h: string }>(ctx.platform.deps.db, sql`select password_hash as h from users where id = ${id}`);
  return rows[0]!.h;
}

async function auditEvents(entityId: string) {
  return queryRows<{ action: string; before: unknown; after: unknown; b: string | null; a: string | null; actor_name: string | null }>(
    ctx.platform.deps.db,
    sql`select action, before, after, before::text as b, after::text as a, actor_name from audit_events where entity_id = ${entityId} order by seq`,
  );
}

async function userCount(username: string) {
  const rows = await queryRows<{ n: number }>(ctx.platform.deps.db, sql`select count(*)::int as n from users where username = ${username}`);
  return Number(rows[0]!.n);
}

function createBody(over: Record<string, unknown> = {}) {
  return { username: uname('new'), displayName: '新账号', regionCode: world.villageA1, roles: ['village_secretary'], password: INITIAL, ...over };
}

describe('creating accounts', () => {
  it('keeps a staff identity number checked (GB 11643) and shows it only masked', async () => {
    const bad = await admin.post('/api/v1/users', createBody({ username: `id_${randomBytes(3).toString('hex')}`, idNumber: '110105194912310021' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([{ path: 'idNumber', message: '身份证号校验位不正确' }]);
    const res = await admin.post('/api/v1/users', createBody({ username: `id_${randomBytes(3).toString('hex')}`, idNumber: '11010519491231002x' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().idNumberMasked).toBe('1101**********002X');
    expect(res.body).not.toContain('11010519491231002');
    const cleared = await admin.patch(`/api/v1/users/${res.json().id}`, { idNumber: null });
    expect(cleared.json().idNumberMasked).toBeNull();
  });

  it('creates an account that must change its password at first login, without exposing the hash', async () => {
    const body = createBody({ username: `  New_${randomBytes(3).toString('hex')} ` });
    const res = await admin.post('/api/v1/users', body);
    expect(res.statusCode).toBe(201);
    expectNoSecrets(res);
    const u = res.json();
    expect(u).toMatchObject({
      username: (body.username as string).trim().toLowerCase(),
      displayName: '新账号',
      regionCode: world.villageA1,
      regionName: '甲一村',
      roles: ['village_secretary'],
      status: 'active',
      mustChangePassword: true,
      mfaEnabled: false,
      isMachine: false,
      lastLoginAt: null,
    });
    expect(Object.keys(u).sort()).toEqual(
      ['createdAt', 'displayName', 'email', 'id', 'idNumberMasked', 'isMachine', 'lastLoginAt', 'mfaEnabled', 'mustChangePassword', 'phone', 'regionCode', 'regionName', 'roles', 'status', 'updatedAt', 'username'].sort(),
    );
    expectNoSecrets(await admin.get(`/api/v1/users/${u.id}`));

    const c = await login(ctx.app, u.username, INITIAL);
    expect((await c.get('/api/v1/auth/me')).json().stage).toBe('password_change_required');
    const blocked = await c.get('/api/v1/regions/tree');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/v1/auth/password', { oldPassword: INITIAL, newPassword: 'Changed-pass-77' })).statusCode).toBe(200);
    expect((await c.get('/api/v1/regions/tree')).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/users/${u.id}`)).json().mustChangePassword).toBe(false);

    const events = await auditEvents(u.id);
    const created = events.find((e) => e.action === 'user.account.create')!;
    expect(created).toBeDefined();
    expect(created.actor_name).not.toBeNull();
    expect(created.after).toMatchObject({ username: u.username, regionCode: world.villageA1, roles: ['village_secretary'], status: 'active' });
  });

  it('keeps an email and a phone for notifications, validated, and lets them be changed or cleared', async () => {
    const bad = await admin.post('/api/v1/users', { username: 'contact.bad', displayName: '联系人', regionCode: world.villageA1, roles: ['village_secretary'], password: 'Contact-pass-2026', phone: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('手机号');
    const res = await admin.post('/api/v1/users', { username: 'contact.ok', displayName: '联系人', regionCode: world.villageA1, roles: ['village_secretary'], password: 'Contact-pass-2026', email: 'zhang@example.cn', phone: '13800000000' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email: 'zhang@example.cn', phone: '13800000000' });
    const cleared = await admin.patch(`/api/v1/users/${res.json().id}`, { phone: null });
    expect(cleared.json()).toMatchObject({ email: 'zhang@example.cn', phone: null });
    const { contactOf } = await import('../notifications/notifications.channels.js');
    expect(contactOf({ username: 'contact.ok', email: 'zhang@example.cn', phone: null })).toEqual({ email: 'zhang@example.cn', phone: null });
  });

  it('refuses a weak password with 400 WEAK_PASSWORD and creates nothing', async () => {
    const username = uname('weak');
    for (const password of ['short', 'alllowercaseletters', `Xx1-${username}`]) {
      const res = await admin.post('/api/v1/users', createBody({ username, password }));
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('WEAK_PASSWORD');
      expect(res.json().message).toMatch(/^password: 密码/);
      expect(res.json().details).toEqual([expect.objectContaining({ path: 'password' })]);
    }
    expect(await userCount(username)).toBe(0);
  });

  it('refuses roles that do not fit the level of the region', async () => {
    const username = uname('role');
    const res = await admin.post('/api/v1/users', createBody({ username, regionCode: world.villageA1, roles: ['village_accountant', 'district_admin'] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().message).toContain('区管理员');
    expect(res.json().details).toEqual([expect.objectContaining({ path: 'roles' })]);
    const township = await admin.post('/api/v1/users', createBody({ username, regionCode: world.townshipA, roles: ['village_secretary'] }));
    expect(township.statusCode).toBe(400);
    const unknownRole = await admin.post('/api/v1/users', createBody({ username, roles: ['superuser'] }));
    expect(unknownRole.statusCode).toBe(400);
    expect(await userCount(username)).toBe(0);
  });

  it('answers 409 for a user name already taken, whatever its case', async () => {
    const username = uname('dup');
    expect((await admin.post('/api/v1/users', createBody({ username }))).statusCode).toBe(201);
    const again = await admin.post('/api/v1/users', createBody({ username: username.toUpperCase(), regionCode: world.villageB1 }));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    expect(again.json().message).toContain(username);
    expect(await userCount(username)).toBe(1);
  });

  it('answers 404 for a region outside the admin scope or one that does not exist', async () => {
    const other = await makeWorld(ctx);
    const username = uname('scope');
    const outside = await admin.post('/api/v1/users', createBody({ username, regionCode: other.villageA1 }));
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('NOT_FOUND');
    const missing = await admin.post('/api/v1/users', createBody({ username, regionCode: `${world.district.slice(0, 6)}101299` }));
    expect(missing.statusCode).toBe(404);
    expect(await userCount(username)).toBe(0);
  });

  it('is refused to accounts without user:account:write', async () => {
    const inspector = await makeUser(ctx, world.townshipA, ['township_discipline']);
    const c = await login(ctx.app, inspector.username);
    const username = uname('nope');
    const res = await c.post('/api/v1/users', createBody({ username, regionCode: world.villageA1 }));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect(await userCount(username)).toBe(0);
  });
});

describe('changing accounts', () => {
  it('updates roles and display name, refusing roles of another level, and audits before and after', async () => {
    const u = await makeUser(ctx, world.villageA2, ['village_secretary']);
    const res = await admin.patch(`/api/v1/users/${u.id}`, { roles: ['village_accountant', 'village_supervisor', 'village_accountant'], displayName: '王会计' });
    expect(res.statusCode).toBe(200);
    expectNoSecrets(res);
    expect(res.json()).toMatchObject({ roles: ['village_accountant', 'village_supervisor'], displayName: '王会计' });
    expect((await admin.get(`/api/v1/users/${u.id}`)).json().roles).toEqual(['village_accountant', 'village_supervisor']);

    const wrong = await admin.patch(`/api/v1/users/${u.id}`, { roles: ['township_staff'] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details).toEqual([expect.objectContaining({ path: 'roles' })]);
    expect((await admin.get(`/api/v1/users/${u.id}`)).json().roles).toEqual(['village_accountant', 'village_supervisor']);

    // The new roles take effect for the account's permissions.
    const c = await login(ctx.app, u.username);
    expect((await c.get('/api/v1/auth/me')).json().user.permissions).toContain('audit:checkpoint:read');

    const update = (await auditEvents(u.id)).filter((e) => e.action === 'user.account.update');
    expect(update).toHaveLength(1);
    expect(update[0]!.before).toMatchObject({ roles: ['village_secretary'] });
    expect(update[0]!.after).toMatchObject({ roles: ['village_accountant', 'village_supervisor'], displayName: '王会计' });
  });

  it('resets a password: sessions end, the old password stops working, and the new one must be changed', async () => {
    const u = await makeUser(ctx, world.villageA2, ['village_accountant']);
    const c = await login(ctx.app, u.username);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    const hashBefore = await storedHash(u.id);

    const weak = await admin.post(`/api/v1/users/${u.id}/reset-password`, { password: 'weakweak' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);

    const res = await admin.post(`/api/v1/users/${u.id}/reset-password`, { password: 'Reset-pass-2026' });
    expect(res.statusCode).toBe(200);
    expectNoSecrets(res);
    expect(res.json().mustChangePassword).toBe(true);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await loginRaw(u.username, TEST_PASSWORD)).statusCode).toBe(401);
    const again = await loginRaw(u.username, 'Reset-pass-2026');
    expect(again.statusCode).toBe(200);
    expect(again.json().stage).toBe('password_change_required');

    const hashAfter = await storedHash(u.id);
    expect(hashAfter).not.toBe(hashBefore);
    const reset = (await auditEvents(u.id)).filter((e) => e.action === 'user.account.reset_password');
    expect(reset).toHaveLength(1);
    expect(`${reset[0]!.b} ${reset[0]!.a}`).not.toContain('Reset-pass-2026');
  });

  it('disables and enables an account; a disabled one cannot sign in, and an admin cannot disable itself', async () => {
    const u = await makeUser(ctx, world.villageB1, ['village_discipline']);
    const disabled = await admin.post(`/api/v1/users/${u.id}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().status).toBe('disabled');
    expect((await loginRaw(u.username, TEST_PASSWORD)).statusCode).toBe(401);

    const enabled = await admin.post(`/api/v1/users/${u.id}/enable`);
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().status).toBe('active');
    expect((await loginRaw(u.username, TEST_PASSWORD)).statusCode).toBe(200);

    const self = await admin.post(`/api/v1/users/${adminId}/disable`);
    expect(self.statusCode).toBe(409);
    expect((await admin.get(`/api/v1/users/${adminId}`)).json().status).toBe('active');

    const actions = (await auditEvents(u.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.account.disable', 'user.account.enable']));
    const disable = (await auditEvents(u.id)).find((e) => e.action === 'user.account.disable')!;
    expect([disable.before, disable.after]).toEqual([{ status: 'active' }, { status: 'disabled' }]);
  });

  it('answers 404 for an account of another district, and 400 for a malformed id', async () => {
    const other = await makeWorld(ctx);
    const stranger = await makeUser(ctx, other.villageA1, ['village_secretary']);
    expect((await admin.get(`/api/v1/users/${stranger.id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/users/${stranger.id}`, { displayName: '改' })).statusCode).toBe(404);
    expect((await admin.post(`/api/v1/users/${stranger.id}/disable`)).statusCode).toBe(404);
    expect((await admin.post(`/api/v1/users/${stranger.id}/reset-password`, { password: 'Reset-pass-2026' })).statusCode).toBe(404);
    expect((await loginRaw(stranger.username, TEST_PASSWORD)).statusCode).toBe(200);
    const bad = await admin.get('/api/v1/users/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('listing accounts', () => {
  let w: World;
  let districtAdmin: Client;
  let people: Record<'admin' | 'tA' | 'tB' | 'v1' | 'v2', { id: string; username: string }>;
  const ids = (res: LightMyRequestResponse) => (res.json().data as { id: string }[]).map((u) => u.id).sort();

  beforeAll(async () => {
    w = await makeWorld(ctx);
    const tag = randomBytes(3).toString('hex');
    people = {
      admin: await makeUser(ctx, w.district, ['district_admin'], { username: `la_${tag}_admin` }),
      tA: await makeUser(ctx, w.townshipA, ['township_discipline'], { username: `la_${tag}_jiwei` }),
      tB: await makeUser(ctx, w.townshipB, ['township_staff'], { username: `la_${tag}_staff` }),
      v1: await makeUser(ctx, w.villageA1, ['village_secretary'], { username: `la_${tag}_secretary` }),
      v2: await makeUser(ctx, w.villageB1, ['village_accountant'], { username: `la_${tag}_kuaiji` }),
    };
    districtAdmin = await login(ctx.app, people.admin.username);
    expect((await districtAdmin.post(`/api/v1/users/${people.v2.id}/disable`)).statusCode).toBe(200);
  });

  it('lists the district accounts with { data, total } and pages', async () => {
    const all = await districtAdmin.get('/api/v1/users?pageSize=200');
    expect(all.statusCode).toBe(200);
    expectNoSecrets(all);
    expect(all.json().total).toBe(5);
    expect(ids(all)).toEqual(Object.values(people).map((p) => p.id).sort());
    const page1 = await districtAdmin.get('/api/v1/users?pageSize=2&current=1');
    const page3 = await districtAdmin.get('/api/v1/users?pageSize=2&current=3');
    expect(page1.json().data).toHaveLength(2);
    expect(page3.json().data).toHaveLength(1);
    expect(page3.json().total).toBe(5);
  });

  it('filters by q, role, status and regionCode', async () => {
    expect(ids(await districtAdmin.get('/api/v1/users?q=SECRETARY'))).toEqual([people.v1.id]);
    expect(ids(await districtAdmin.get('/api/v1/users?role=township_discipline'))).toEqual([people.tA.id]);
    expect(ids(await districtAdmin.get('/api/v1/users?status=disabled'))).toEqual([people.v2.id]);
    expect((await districtAdmin.get('/api/v1/users?status=active')).json().total).toBe(4);
    expect(ids(await districtAdmin.get(`/api/v1/users?regionCode=${w.townshipA}`))).toEqual([people.tA.id, people.v1.id].sort());
    expect(ids(await districtAdmin.get(`/api/v1/users?regionCode=${w.villageB1}&status=disabled&role=village_accountant`))).toEqual([people.v2.id]);
    const byDisplayName = await districtAdmin.get(`/api/v1/users?q=${encodeURIComponent('测试用户')}`);
    expect(byDisplayName.json().total).toBe(5);
    expect((await districtAdmin.get('/api/v1/users?role=nobody')).statusCode).toBe(400);
  });

  it('shows a township officer only the accounts of its township subtree', async () => {
    const c = await login(ctx.app, people.tA.username);
    const res = await c.get('/api/v1/users?pageSize=200');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(2);
    expect(ids(res)).toEqual([people.tA.id, people.v1.id].sort());
    expect((await c.get(`/api/v1/users?regionCode=${w.townshipB}`)).json()).toEqual({ data: [], total: 0 });
    expect((await c.get(`/api/v1/users?regionCode=${w.district}`)).json().total).toBe(2);
    expect((await c.get(`/api/v1/users/${people.v1.id}`)).statusCode).toBe(200);
    expect((await c.get(`/api/v1/users/${people.tB.id}`)).statusCode).toBe(404);
    expect((await c.get(`/api/v1/users/${people.admin.id}`)).statusCode).toBe(404);
    expect((await c.post(`/api/v1/users/${people.v1.id}/disable`)).statusCode).toBe(403);
  });

  it('is refused to accounts without user:account:read', async () => {
    const c = await login(ctx.app, people.tB.username);
    const res = await c.get('/api/v1/users');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });
});

describe('the audit trail of accounts', () => {
  it('records create, update, reset, disable and enable, never with the password hash or the password', async () => {
    const username = uname('trail');
    const created = await admin.post('/api/v1/users', createBody({ username, regionCode: world.townshipB, roles: ['township_staff'] }));
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const hash1 = await storedHash(id);
    expect((await admin.patch(`/api/v1/users/${id}`, { roles: ['township_discipline'] })).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/users/${id}/reset-password`, { password: 'Second-pass-2026' })).statusCode).toBe(200);
    const hash2 = await storedHash(id);
    expect((await admin.post(`/api/v1/users/${id}/disable`)).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/users/${id}/enable`)).statusCode).toBe(200);

    const events = await auditEvents(id);
    expect(events.map((e) => e.action)).toEqual([
      'user.account.create',
      'user.account.update',
      'user.account.reset_password',
      'user.account.disable',
      'user.account.enable',
    ]);
    for (const e of events) {
      const text = `${e.b ?? ''} ${e.a ?? ''}`;
      for (const secret of [hash1, hash2, INITIAL, 'Second-pass-2026', 'scrypt$']) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/passwordHash|totp/i);
    }
  });
});
