/**
 * The authorization matrix, run in parts (authorization-matrix*.test.ts, one part per file so the
 * test runner's workers share it). Every role × own/other region × read/write on each /api/v1 route that needs an account.
 * Expected: without the permission → 403; with it, a record in the actor's subtree → 2xx,
 * a record outside → 404 (existence never leaks). A route missing from CASES fails the
 * coverage test, so a new route cannot skip this matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, ROLE_DEFINITIONS, hasPermission, isWithinRegion, type TPermission, type TRole } from '@mpw/contracts';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from './helpers.js';
import type { MatrixCase, MatrixEnv } from './matrix.js';
import { createCheckpoint } from '../src/modules/audit/audit.service.js';
import { systemActor } from '../src/lib/actor.js';

let ctx: TestContext;
let home: World;
let away: World;
const clients = new Map<TRole, Client>();
let fresh = 300;

/** The region an account of this role sits in, and a region of the same level outside its scope. */
function placeOf(role: TRole): { own: string; other: string } {
  const level = ROLE_DEFINITIONS[role].level;
  if (level === 'district') return { own: home.district, other: away.district };
  if (level === 'township') return { own: home.townshipA, other: home.townshipB };
  return { own: home.villageA1, other: home.villageA2 };
}

/** A village inside (own) or outside (other) the role's scope: a place for new records. */
function villageFor(role: TRole, own: boolean): string {
  const level = ROLE_DEFINITIONS[role].level;
  if (own) return home.villageA1;
  return level === 'district' ? away.villageA1 : level === 'township' ? home.villageB1 : home.villageA2;
}

function townshipFor(role: TRole, own: boolean): string {
  return villageFor(role, own).slice(0, 9) + '000';
}

async function freshVillage(role: TRole, own: boolean): Promise<string> {
  const t = townshipFor(role, own);
  const code = `${t.slice(0, 9)}${++fresh}`;
  const { importRegions } = await import('../src/modules/regions/regions.service.js');
  await importRegions(ctx.platform.deps.db, systemActor(), `code,name,level,parent_code\n${code},临时村${fresh},village,${t}`, { strict: true });
  return code;
}

async function freshUser(role: TRole, own: boolean) {
  return makeUser(ctx, villageFor(role, own), ['village_secretary']);
}

const FOUNDATION_CASES: MatrixCase[] = [
  { method: 'GET', route: '/api/v1/regions/tree', permission: 'region:region:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/regions/tree' }) },
  { method: 'GET', route: '/api/v1/regions/', permission: 'region:region:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/regions/?pageSize=200' }) },
  { method: 'GET', route: '/api/v1/regions/:code', permission: 'region:region:read', scoped: true, ok: 200, request: async (r, own) => ({ url: `/api/v1/regions/${own ? placeOf(r).own : placeOf(r).other}` }) },
  { method: 'POST', route: '/api/v1/regions/', permission: 'region:region:write', scoped: true, ok: 201, request: async (r, own) => ({ url: '/api/v1/regions/', payload: { code: `${townshipFor(r, own).slice(0, 9)}${++fresh}`, name: '新村' } }) },
  { method: 'PATCH', route: '/api/v1/regions/:code', permission: 'region:region:write', scoped: true, ok: 200, request: async (r, own) => ({ url: `/api/v1/regions/${villageFor(r, own)}`, payload: { name: own ? '甲一村' : '改名村' } }) },
  { method: 'DELETE', route: '/api/v1/regions/:code', permission: 'region:region:write', scoped: true, ok: 200, request: async (r, own) => ({ url: `/api/v1/regions/${await freshVillage(r, own)}` }) },
  { method: 'POST', route: '/api/v1/regions/import', permission: 'region:region:write', scoped: true, ok: 200, outside: 200, request: async (r, own) => ({ url: '/api/v1/regions/import', payload: `code,name,level,parent_code\n${townshipFor(r, own).slice(0, 9)}${++fresh},导入村,village,${townshipFor(r, own)}\n` }) },
  { method: 'GET', route: '/api/v1/users/', permission: 'user:account:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/users/?pageSize=200' }) },
  { method: 'GET', route: '/api/v1/users/:id', permission: 'user:account:read', scoped: true, ok: 200, request: async (r, own) => ({ url: `/api/v1/users/${(await freshUser(r, own)).id}` }) },
  { method: 'POST', route: '/api/v1/users/', permission: 'user:account:write', scoped: true, ok: 201, request: async (r, own) => ({ url: '/api/v1/users/', payload: { username: `m${++fresh}`, displayName: '新账号', regionCode: villageFor(r, own), roles: ['village_accountant'], password: 'Initial-pass-77' } }) },
  { method: 'PATCH', route: '/api/v1/users/:id', permission: 'user:account:write', scoped: true, ok: 200, request: async (r, own) => ({ url: `/api/v1/users/${(await freshUser(r, own)).id}`, payload: { displayName: '改名' } }) },
  { method: 'POST', route: '/api/v1/users/:id/reset-password', permission: 'user:account:write', scoped: true, ok: 200, request: async (r, own) => ({ url: `/api/v1/users/${(await freshUser(r, own)).id}/reset-password`, payload: { password: 'Reset-pass-778' } }) },
  { method: 'POST', route: '/api/v1/users/:id/disable', permission: 'user:account:write', scoped: true, ok: 200, request: async (r, own) => ({ url: `/api/v1/users/${(await freshUser(r, own)).id}/disable` }) },
  { method: 'POST', route: '/api/v1/users/:id/enable', permission: 'user:account:write', scoped: true, ok: 200, request: async (r, own) => ({ url: `/api/v1/users/${(await freshUser(r, own)).id}/enable` }) },
  { method: 'POST', route: '/api/v1/users/:id/unlock', permission: 'user:account:write', scoped: true, ok: 200, request: async (r, own) => ({ url: `/api/v1/users/${(await freshUser(r, own)).id}/unlock` }) },
  { method: 'GET', route: '/api/v1/settings/', permission: 'settings:setting:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/settings/' }) },
  { method: 'PUT', route: '/api/v1/settings/:key', permission: 'settings:setting:write', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/settings/audit.dailyCheckpointHour', payload: { value: 1 } }) },
  { method: 'GET', route: '/api/v1/audit/events', permission: 'audit:event:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/audit/events?pageSize=200' }) },
  {
    method: 'GET', route: '/api/v1/audit/events/:seq/receipt', permission: 'audit:event:read', scoped: true, ok: 200,
    request: async (r, own) => {
      // An event recorded in the target region, then a checkpoint that covers it.
      const u = await freshUser(r, own);
      await createCheckpoint(ctx.platform.deps.db, systemActor(), ctx.platform.deps.signer);
      const { rows } = (await ctx.platform.deps.db.execute(
        (await import('drizzle-orm')).sql`select seq from audit_events where entity_id = ${u.id} order by seq limit 1`,
      )) as unknown as { rows: { seq: number }[] };
      return { url: `/api/v1/audit/events/${rows[0]!.seq}/receipt` };
    },
  },
  { method: 'GET', route: '/api/v1/audit/checkpoints', permission: 'audit:checkpoint:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/audit/checkpoints' }) },
  { method: 'POST', route: '/api/v1/audit/checkpoints', permission: 'audit:checkpoint:create', scoped: false, ok: 201, request: async () => ({ url: '/api/v1/audit/checkpoints' }) },
  { method: 'GET', route: '/api/v1/audit/verify', permission: 'audit:log:verify', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/audit/verify' }) },
];

const MODULES_DIR = path.resolve(import.meta.dirname, '../src/modules');
const env: MatrixEnv = {
  get ctx() { return ctx; },
  get home() { return home; },
  get away() { return away; },
  placeOf,
  villageFor,
  townshipFor,
  next: () => ++fresh,
};
/** Every module's `<module>.authz.ts` adds its routes' cases. */
const moduleCaseFiles = readdirSync(MODULES_DIR)
  .map((m) => path.join(MODULES_DIR, m, `${m}.authz.ts`))
  .filter((f) => existsSync(f));
const MODULE_CASES: MatrixCase[] = (
  await Promise.all(moduleCaseFiles.map(async (f) => ((await import(f)) as { cases(env: MatrixEnv): MatrixCase[] }).cases(env)))
).flat();
const CASES: MatrixCase[] = [...FOUNDATION_CASES, ...MODULE_CASES];

/** Routes any signed-in account may use whatever its role (its own session). */
const SESSION_ROUTES = ['/api/v1/auth/logout', '/api/v1/auth/me', '/api/v1/auth/password', '/api/v1/auth/mfa/totp/setup', '/api/v1/auth/mfa/totp/enable', '/api/v1/auth/mfa/verify'];

/**
 * Registers part `shard` (0-based) of `shards`: every `shards`-th case from `shard` on; part 0 also
 * checks that every route is covered.
 */
export function defineMatrix(shard: number, shards: number): void {
  const mine = CASES.filter((_, i) => i % shards === shard);
  const refusedRequests = new Map<string, ReturnType<MatrixCase['request']>>();
  const refusedRequest = (c: MatrixCase, role: TRole, own: boolean) => {
    const key = `${c.method} ${c.route} ${own}`;
    if (!refusedRequests.has(key)) refusedRequests.set(key, c.request(role, own));
    return refusedRequests.get(key)!;
  };
  beforeAll(async () => {
    ctx = await createTestContext();
    home = await makeWorld(ctx);
    away = await makeWorld(ctx);
    for (const role of ROLES) {
      const { own } = { own: ROLE_DEFINITIONS[role].level === 'district' ? home.district : ROLE_DEFINITIONS[role].level === 'township' ? home.townshipA : home.villageA1 };
      const u = await makeUser(ctx, own, [role]);
      clients.set(role, await login(ctx.app, u.username));
    }
  }, 180_000);
  afterAll(() => ctx.close());

  describe(`authorization matrix (part ${shard + 1} of ${shards})`, () => {
    if (shard === 0) it('covers every route that needs an account', async () => {
      // Every route with its full path, from the OpenAPI document the app generates from its schemas.
      const doc = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
      const routes = Object.entries(doc.paths)
        .filter(([p]) => p.startsWith('/api/v1/'))
        .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`));
      const publicOrSession = (r: string) => r.includes('/api/v1/public/') || r.endsWith('/api/v1/auth/login') || SESSION_ROUTES.some((s) => r.endsWith(` ${s}`));
      const covered = new Set(CASES.map((c) => `${c.method} ${c.route}`));
      const missing = routes.filter((r) => !publicOrSession(r)).filter((r) => !covered.has(r) && !covered.has(r.endsWith('/') ? r.slice(0, -1) : `${r}/`));
      expect(routes.length).toBeGreaterThan(50);
      expect(missing).toEqual([]);
    });

    for (const c of mine) {
      for (const role of ROLES) {
        const allowed = c.permission === 'session' || hasPermission([role], c.permission);
        const targets = c.scoped ? [true, false] : [true];
        for (const own of targets) {
          const refused = c.refusedRoles?.[role];
          const expected = !allowed ? 403 : !own ? (c.outside ?? 404) : refused !== undefined ? refused : c.ok;
          it(`${c.method} ${c.route} as ${role} on ${c.scoped ? (own ? 'own' : 'other') : 'scope'} region → ${expected}`, async () => {
            const client = clients.get(role)!;
            // A role without the permission is refused before the record is read: one request
            // (and its records) serves every such role of this case and place.
            const { url, payload, headers } = allowed ? await c.request(role, own) : await refusedRequest(c, role, own);
            const isCsv = typeof payload === 'string';
            const res = await client.inject({
              method: c.method,
              url,
              ...(payload === undefined ? {} : { payload: payload as string }),
              headers: { ...(isCsv ? { 'content-type': 'text/csv' } : {}), ...(headers ?? {}) },
            });
            expect(res.statusCode, res.body).toBe(expected);
            if (expected === c.ok && c.check) await c.check(res, role, own);
            if (expected === 404) expect(res.json().code).toBe('NOT_FOUND');
            if (expected === 403) expect(res.json().code).toBe('FORBIDDEN');
            if (c.route.endsWith('/import') && allowed) {
              // An import of a row outside scope is answered (the file is readable) but the row is rejected, never written.
              expect(res.json().rejected.length).toBe(own ? 0 : 1);
            }
            if (expected === 200 && c.method === 'GET' && !c.scoped && res.json().data) {
              const scope = placeOf(role).own;
              for (const row of res.json().data as { code?: string; regionCode?: string | null }[]) {
                const code = row.regionCode ?? row.code;
                const above = c.visibleAbove && isWithinRegion(scope, code!);
                if (code) expect(isWithinRegion(code, scope) || above, `${code} outside ${scope}`).toBe(true);
              }
            }
            if (c.route === '/api/v1/regions/tree' && expected === 200) {
              const codes: string[] = [];
              const collect = (n: { code: string; children: unknown[] }) => {
                codes.push(n.code);
                (n.children as { code: string; children: unknown[] }[]).forEach(collect);
              };
              (res.json() as { code: string; children: unknown[] }[]).forEach(collect);
              expect(codes).toContain(placeOf(role).own);
              expect(codes.every((code) => isWithinRegion(code, placeOf(role).own))).toBe(true);
            }
          });
        }
      }
    }

    it('answers 401 to every account route without a session', async () => {
      for (const c of mine) {
        const { url, payload, headers } = await c.request('district_admin', true);
        const res = await ctx.app.inject({ method: c.method, url, ...(payload === undefined ? {} : { payload: payload as string }), headers: { ...(typeof payload === 'string' ? { 'content-type': 'text/csv' } : {}), ...(headers ?? {}) } });
        expect(res.statusCode, `${c.method} ${url}`).toBe(401);
      }
    });
  });
}
