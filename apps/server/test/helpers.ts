import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { openDatabase, type DbHandle } from '@mpw/db';
import type { TRole } from '@mpw/contracts';
import { loadConfig } from '../src/config.js';
import { openPlatform, type Platform } from '../src/platform.js';
import { buildApp } from '../src/app.js';
import { systemActor } from '../src/lib/actor.js';
import { importRegions } from '../src/modules/regions/regions.service.js';
import { createUser } from '../src/modules/users/users.service.js';
import { PGLITE_SNAPSHOT, TEMPLATE_DB, pgAdminUrl, testDbKind, testDbPrefix, withDatabase } from './test-db.js';

export const TEST_PASSWORD = 'Test-pass-2026';

/** A fresh database for one test file: a clone of the migrated template (PostgreSQL) or snapshot (PGlite). */
export async function openTestDatabase(): Promise<DbHandle & { url?: string }> {
  if (testDbKind() === 'postgres') {
    const name = `${testDbPrefix()}${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl() });
    await admin.connect();
    await admin.query(`create database "${name}" template "${TEMPLATE_DB}"`);
    await admin.end();
    const url = withDatabase(pgAdminUrl(), name);
    const handle = await openDatabase({ databaseUrl: url, poolSize: 4 });
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        const c = new pg.Client({ connectionString: pgAdminUrl() });
        await c.connect();
        await c.query(`drop database if exists "${name}" with (force)`);
        await c.end();
      },
    };
  }
  const blob = new Blob([readFileSync(PGLITE_SNAPSHOT)]);
  return openDatabase({ pgliteLoadDataDir: blob });
}

export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MICROPOWER_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'mpw-test-')),
    MICROPOWER_AUDIT_SIGNING_KEY: extra.MICROPOWER_AUDIT_SIGN === 'ed25519' ? '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' : '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
    MICROPOWER_SECRET_KEY: '0f'.repeat(32),
    ...extra,
  };
}

export interface TestContext {
  platform: Platform;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const handle = await openTestDatabase();
  const platform = await openPlatform(loadConfig(testEnv(env)), { handle, migrate: false });
  const app = await buildApp(platform.deps, { logger: false, serveWeb: false });
  await app.ready();
  return {
    platform,
    app,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

let districtCounter = 0;

/** A district with two townships and two villages each, codes unique within the test file. */
export interface World {
  district: string;
  townshipA: string;
  townshipB: string;
  villageA1: string;
  villageA2: string;
  villageB1: string;
}

export async function makeWorld(ctx: TestContext): Promise<World> {
  districtCounter++;
  const d = `${(900000 + Math.floor(Math.random() * 90000) + districtCounter).toString().slice(0, 6)}`;
  const w: World = {
    district: `${d}000000`,
    townshipA: `${d}101000`,
    townshipB: `${d}102000`,
    villageA1: `${d}101201`,
    villageA2: `${d}101202`,
    villageB1: `${d}102201`,
  };
  const csv = [
    'code,name,level,parent_code',
    `${w.district},测试区${districtCounter},district,`,
    `${w.townshipA},甲镇,township,${w.district}`,
    `${w.townshipB},乙镇,township,${w.district}`,
    `${w.villageA1},甲一村,village,${w.townshipA}`,
    `${w.villageA2},甲二村,village,${w.townshipA}`,
    `${w.villageB1},乙一村,village,${w.townshipB}`,
  ].join('\n');
  const r = await importRegions(ctx.platform.deps.db, systemActor(), csv, { strict: true });
  if (r.rejected.length) throw new Error(JSON.stringify(r.rejected));
  return w;
}

let userCounter = 0;

export async function makeUser(ctx: TestContext, regionCode: string, roles: TRole[], opts: { mustChangePassword?: boolean; username?: string } = {}) {
  userCounter++;
  const username = opts.username ?? `u${userCounter}_${randomBytes(3).toString('hex')}`;
  return createUser(
    ctx.platform.deps.db,
    systemActor(),
    { username, displayName: `测试用户${userCounter}`, regionCode, roles, password: TEST_PASSWORD },
    { mustChangePassword: opts.mustChangePassword ?? false },
  );
}

/** A signed-in client: keeps the session cookie and sends the CSRF header on unsafe methods. */
export interface Client {
  cookie: string;
  csrf: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'mpw_session');
  if (!c) throw new Error(`no session cookie (status ${res.statusCode}: ${res.body})`);
  return `mpw_session=${c.value}`;
}

export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return clientFor(app, sessionCookie(res), res.json().csrfToken);
}

export function clientFor(app: FastifyInstance, cookie: string, csrf: string): Client {
  const inject = (opts: InjectOptions) =>
    app.inject({ ...opts, headers: { cookie, ...(opts.method && opts.method !== 'GET' ? { 'x-csrf-token': csrf } : {}), ...(opts.headers ?? {}) } });
  return {
    cookie,
    csrf,
    inject,
    get: (url) => inject({ method: 'GET', url }),
    post: (url, payload) => inject({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as object }) }),
    patch: (url, payload) => inject({ method: 'PATCH', url, payload: payload as object }),
    put: (url, payload) => inject({ method: 'PUT', url, payload: payload as object }),
    delete: (url) => inject({ method: 'DELETE', url }),
  };
}
