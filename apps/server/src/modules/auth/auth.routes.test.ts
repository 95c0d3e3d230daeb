import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { updateSetting } from '../settings/settings.service.js';
import { createTestContext, login, clientFor, makeUser, makeWorld, sessionCookie, TEST_PASSWORD, type TestContext, type World } from '../../../test/helpers.js';

let ctx: TestContext;
let world: World;

beforeAll(async () => {
  ctx = await createTestContext();
  world = await makeWorld(ctx);
});
afterAll(() => ctx.close());

const loginRaw = (username: string, password: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

async function auditCount(action: string, entityId: string) {
  const r = await ctx.platform.deps.db.execute(sql`select count(*)::int as n from audit_events where action = ${action} and entity_id = ${entityId}`);
  return Number((r as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

describe('login', () => {
  it('signs in, sets an HttpOnly SameSite cookie, and answers the session', async () => {
    const u = await makeUser(ctx, world.townshipA, ['township_discipline']);
    const res = await loginRaw(u.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'mpw_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const body = res.json();
    expect(body.stage).toBe('active');
    expect(body.user.regionCode).toBe(world.townshipA);
    expect(body.user.permissions).toContain('audit:event:read');
    expect(await auditCount('auth.login.succeeded', u.username)).toBe(1);
  });

  it('answers an unknown user and a wrong password alike, and audits both', async () => {
    const u = await makeUser(ctx, world.villageA1, ['village_secretary']);
    const unknown = await loginRaw('nobody_here', 'Whatever-123');
    const wrong = await loginRaw(u.username, 'Wrong-pass-123');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (b: { requestId?: string }) => ({ ...b, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json().message).toBe('用户名或密码错误');
    expect(await auditCount('auth.login.failed', 'nobody_here')).toBe(1);
    expect(await auditCount('auth.login.failed', u.username)).toBe(1);
  });

  it('locks the account after 5 failures in 15 minutes, even for the right password, and an admin can unlock it', async () => {
    const u = await makeUser(ctx, world.villageA1, ['village_accountant']);
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await loginRaw(u.username, 'Wrong-pass-123')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 423]);
    const locked = await loginRaw(u.username, TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    expect(await auditCount('auth.locked', u.username)).toBe(1);
    // Unknown names lock the same way, so a lockout reveals nothing.
    for (let i = 0; i < 5; i++) await loginRaw('ghost_user', 'Wrong-pass-123');
    expect((await loginRaw('ghost_user', 'Wrong-pass-123')).statusCode).toBe(423);

    const admin = await makeUser(ctx, world.district, ['district_admin']);
    const a = await login(ctx.app, admin.username);
    expect((await a.post(`/api/v1/users/${u.id}/unlock`)).statusCode).toBe(200);
    expect((await loginRaw(u.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('rotates the session at login and ends the old one', async () => {
    const u = await makeUser(ctx, world.townshipA, ['township_staff']);
    const first = await login(ctx.app, u.username);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u.username, password: TEST_PASSWORD }, headers: { cookie: first.cookie } });
    expect(sessionCookie(res)).not.toBe(first.cookie);
    expect((await first.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('logs out, ending the session, and audits it', async () => {
    const u = await makeUser(ctx, world.townshipA, ['township_staff']);
    const c = await login(ctx.app, u.username);
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect(await auditCount('auth.logout', u.username)).toBe(1);
  });
});

describe('sessions', () => {
  it('refuses unsafe requests without the CSRF token', async () => {
    const admin = await makeUser(ctx, world.district, ['district_admin']);
    const c = await login(ctx.app, admin.username);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { cookie: c.cookie }, payload: { code: `${world.district.slice(0, 6)}109000`, name: '丙镇' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_FAILED');
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { cookie: c.cookie, 'x-csrf-token': 'nope' }, payload: { code: `${world.district.slice(0, 6)}109000`, name: '丙镇' } });
    expect(wrong.statusCode).toBe(403);
  });

  it('ends the sessions of a disabled account at once', async () => {
    const admin = await makeUser(ctx, world.district, ['district_admin']);
    const u = await makeUser(ctx, world.villageA2, ['village_secretary']);
    const a = await login(ctx.app, admin.username);
    const c = await login(ctx.app, u.username);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await a.post(`/api/v1/users/${u.id}/disable`)).statusCode).toBe(200);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await loginRaw(u.username, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('expires an idle session', async () => {
    const u = await makeUser(ctx, world.townshipB, ['township_staff']);
    const c = await login(ctx.app, u.username);
    await ctx.platform.deps.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = ${u.id}`);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('expires a session at its absolute timeout', async () => {
    const u = await makeUser(ctx, world.townshipB, ['township_staff']);
    const c = await login(ctx.app, u.username);
    await ctx.platform.deps.db.execute(sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${u.id}`);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});

describe('initial password', () => {
  it('must be changed at first login before anything else, with complexity rules', async () => {
    const u = await makeUser(ctx, world.townshipA, ['township_discipline'], { mustChangePassword: true });
    const c = await login(ctx.app, u.username);
    expect((await c.get('/api/v1/auth/me')).json().stage).toBe('password_change_required');
    const blocked = await c.get('/api/v1/regions/tree');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await c.post('/api/v1/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    expect(weak.json().message).toContain('newPassword');
    const same = await c.post('/api/v1/auth/password', { oldPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    expect(same.statusCode).toBe(400);
    const ok = await c.post('/api/v1/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'Brand-new-pass-9' });
    expect(ok.statusCode).toBe(200);
    expect((await c.get('/api/v1/regions/tree')).statusCode).toBe(200);
    expect((await loginRaw(u.username, 'Brand-new-pass-9')).statusCode).toBe(200);
    const events = await ctx.platform.deps.db.execute(sql`select after::text as a from audit_events where action = 'auth.password.changed' and entity_id = ${u.id}`);
    const rows = (events as unknown as { rows: { a: string }[] }).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.a).not.toContain('Brand-new-pass-9');
  });
});

describe('two-factor authentication (TOTP)', () => {
  it('is enforced for staff when the district setting is on: enrol, then verify at each login', async () => {
    const admin = await makeUser(ctx, world.district, ['district_admin']);
    const a = await login(ctx.app, admin.username);
    expect((await a.put('/api/v1/settings/security.mfaRequiredForStaff', { value: true })).statusCode).toBe(200);

    const u = await makeUser(ctx, world.townshipA, ['township_staff']);
    const c = await login(ctx.app, u.username);
    expect((await c.get('/api/v1/auth/me')).json().stage).toBe('mfa_enrolment_required');
    expect((await c.get('/api/v1/regions/tree')).json().code).toBe('MFA_ENROLMENT_REQUIRED');
    const setup = (await c.post('/api/v1/auth/mfa/totp/setup')).json();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.secret), digits: 6, period: 30, algorithm: 'SHA1' });
    expect((await c.post('/api/v1/auth/mfa/totp/enable', { code: '000000' === totp.generate() ? '111111' : '000000' })).statusCode).toBe(400);
    expect((await c.post('/api/v1/auth/mfa/totp/enable', { code: totp.generate() })).statusCode).toBe(200);
    expect((await c.get('/api/v1/regions/tree')).statusCode).toBe(200);

    // The secret is sealed at rest: never in the database in clear.
    const stored = await ctx.platform.deps.db.execute(sql`select totp_secret_sealed as s from users where id = ${u.id}`);
    expect((stored as unknown as { rows: { s: string }[] }).rows[0]!.s).not.toContain(setup.secret);

    const again = await loginRaw(u.username, TEST_PASSWORD);
    expect(again.json().stage).toBe('mfa_required');
    const c2 = clientFor(ctx.app, sessionCookie(again), again.json().csrfToken);
    expect((await c2.get('/api/v1/regions/tree')).json().code).toBe('MFA_REQUIRED');
    // The code used at enrolment cannot be replayed.
    const replay = await c2.post('/api/v1/auth/mfa/verify', { code: totp.generate() });
    expect(replay.statusCode).toBe(400);
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    expect((await c2.post('/api/v1/auth/mfa/verify', { code: next })).statusCode).toBe(200);
    expect((await c2.get('/api/v1/regions/tree')).statusCode).toBe(200);
    // The admin who switched it on is a staff member too, and must now enrol as well.
    expect((await a.get('/api/v1/regions/tree')).json().code).toBe('MFA_ENROLMENT_REQUIRED');
    await updateSetting(ctx.platform.deps.db, { kind: 'user', userId: admin.id, username: admin.username, roles: ['district_admin'], regionCode: world.district, requestId: null }, 'security.mfaRequiredForStaff', { value: false });
    expect((await a.get('/api/v1/regions/tree')).statusCode).toBe(200);
  });
});
