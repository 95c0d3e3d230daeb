/**
 * Two app instances on one PostgreSQL behind a round-robin proxy on loopback, as in a deployment
 * with several instances (docs/deployment.md): sessions, queued jobs, the portal's caches and
 * usage counters must work whichever instance answers. PostgreSQL only: PGlite is one process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { jobs, openDatabase, queryRows, type DbHandle } from '@mpw/db';
import type { AppDeps } from '../src/types.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPlatform, type Platform } from '../src/platform.js';
import { systemActor } from '../src/lib/actor.js';
import { createItem } from '../src/modules/power/power.service.js';
import { itemContent } from '../src/modules/power/power.authz.js';
import { enqueueJob } from '../src/modules/jobs/jobs.repository.js';
import { registerJobHandler, startJobWorker } from '../src/modules/jobs/jobs.worker.js';
import { createTestContext, makeUser, makeWorld, testEnv, TEST_PASSWORD, type TestContext, type World } from './helpers.js';
import { testDbKind } from './test-db.js';

interface Instance {
  name: 'A' | 'B';
  app: FastifyInstance;
  deps: AppDeps;
  port: number;
}

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A tiny round-robin proxy: each request goes to the next instance; the answer says which. */
function startProxy(upstreams: Instance[]): Promise<{ port: number; close: () => Promise<void> }> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const target = upstreams[next++ % upstreams.length]!;
    const up = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, { ...r.headers, 'x-upstream': target.name });
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

function send(port: number, method: string, path: string, opts: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Res> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const isPostgres = testDbKind() === 'postgres';

describe.skipIf(!isPostgres)('two app instances behind a proxy (PostgreSQL only: PGlite is embedded in one process)', () => {
  let ctx: TestContext;
  let secondHandle: DbHandle;
  let secondPlatform: Platform;
  let w: World;
  let a: Instance;
  let b: Instance;
  let proxy: { port: number; close: () => Promise<void> };
  const via = (method: string, path: string, opts?: Parameters<typeof send>[3]) => send(proxy.port, method, path, opts);

  beforeAll(async () => {
    ctx = await createTestContext();
    const url = (ctx.platform.handle as DbHandle & { url?: string }).url!;
    // The second instance: its own pool and app, the same database and the same keys (as every instance gets).
    secondHandle = await openDatabase({ databaseUrl: url, poolSize: 4 });
    secondPlatform = await openPlatform(loadConfig(testEnv()), { handle: secondHandle, migrate: false });
    const appB = await buildApp(secondPlatform.deps, { logger: false, serveWeb: false });
    const listen = async (app: FastifyInstance) => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      return (app.server.address() as AddressInfo).port;
    };
    a = { name: 'A', app: ctx.app, deps: ctx.platform.deps, port: await listen(ctx.app) };
    b = { name: 'B', app: appB, deps: secondPlatform.deps, port: await listen(appB) };
    proxy = await startProxy([a, b]);
    w = await makeWorld(ctx);
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await b?.app.close();
    await secondHandle?.close();
    await ctx?.close();
  });

  it('keeps a session made on one instance valid on the other, and a logout ends it on both', async () => {
    const user = await makeUser(ctx, w.villageA1, ['village_secretary']);
    const login = await via('POST', '/api/v1/auth/login', { body: { username: user.username, password: TEST_PASSWORD } });
    expect(login.status, login.body).toBe(200);
    const cookie = String(login.headers['set-cookie']?.find((c) => c.startsWith('mpw_session='))).split(';')[0]!;
    const { csrfToken } = JSON.parse(login.body) as { csrfToken: string };

    const served = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const me = await via('GET', '/api/v1/auth/me', { headers: { cookie } });
      expect(me.status, me.body).toBe(200);
      served.add(String(me.headers['x-upstream']));
    }
    expect(served).toEqual(new Set(['A', 'B']));

    // A write checked against the CSRF token issued by the instance that answered the login.
    const other = login.headers['x-upstream'] === 'A' ? b : a;
    const logout = await send(other.port, 'POST', '/api/v1/auth/logout', { headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(logout.status, logout.body).toBeLessThan(300);
    for (const inst of [a, b]) expect((await send(inst.port, 'GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('runs each queued job exactly once across the workers of both instances', async () => {
    const ran: { i: number; by: string }[] = [];
    let firstBy: string | null = null;
    let bothStarted!: () => void;
    const bothRunning = new Promise<void>((r) => (bothStarted = r));
    registerJobHandler('test.multi', async (deps, payload) => {
      const by = deps === a.deps ? 'A' : 'B';
      ran.push({ i: Number(payload.i), by });
      // The first job of each instance waits (a while at most) until the other has one too, so both take part.
      if (firstBy === null) firstBy = by;
      else if (by !== firstBy) bothStarted();
      await Promise.race([bothRunning, new Promise((r) => setTimeout(r, 5000))]);
    });
    for (let i = 0; i < 12; i++) await enqueueJob(a.deps.db, 'test.multi', { i });
    // A scheduled job enqueued by both instances under one dedupe key is one job.
    await enqueueJob(a.deps.db, 'test.multi', { i: 100 }, 'test.multi:once');
    await enqueueJob(b.deps.db, 'test.multi', { i: 100 }, 'test.multi:once');

    const workers = [startJobWorker(a.deps, a.app.log, 60_000), startJobWorker(b.deps, b.app.log, 60_000)];
    await Promise.all(workers.map((x) => x.stop()));

    expect(ran.map((r) => r.i).sort((x, y) => x - y)).toEqual([...Array.from({ length: 12 }, (_, i) => i), 100]);
    expect(new Set(ran.map((r) => r.by))).toEqual(new Set(['A', 'B']));
    const rows = await a.deps.db.select().from(jobs).where(eq(jobs.kind, 'test.multi'));
    expect(rows).toHaveLength(13);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });

  it('shows a disclosure correction made through one instance at once on the other (no stale ETag or body)', async () => {
    const secretary = await makeUser(ctx, w.villageA1, ['village_secretary']);
    const login = await send(a.port, 'POST', '/api/v1/auth/login', { body: { username: secretary.username, password: TEST_PASSWORD } });
    const cookie = String(login.headers['set-cookie']?.find((c) => c.startsWith('mpw_session='))).split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': (JSON.parse(login.body) as { csrfToken: string }).csrfToken };
    const content = (summary: string) => ({ summary, sections: [{ heading: '说明', text: '详见下表。' }] });
    const created = await send(a.port, 'POST', '/api/v1/disclosures', { headers, body: { kind: 'other', title: '机动地发包情况', content: content('机动地发包给张某，租金每亩八百元。') } });
    expect(created.status, created.body).toBe(201);
    const id = (JSON.parse(created.body) as { id: string }).id;
    expect((await send(a.port, 'POST', `/api/v1/disclosures/${id}/publish`, { headers })).status).toBe(200);

    const detail = `/api/v1/public/disclosures/${id}`;
    const list = `/api/v1/public/disclosures?village=${w.villageA1}`;
    const before = await send(b.port, 'GET', detail);
    const beforeList = await send(b.port, 'GET', list);
    expect(before.body).toContain('每亩八百元');
    expect((await send(b.port, 'GET', detail, { headers: { 'if-none-match': String(before.headers.etag) } })).status).toBe(304);

    const corrected = await send(a.port, 'POST', `/api/v1/disclosures/${id}/correct`, { headers, body: { content: content('机动地发包给张某，租金每亩九百元。'), reason: '租金录入错误' } });
    expect(corrected.status, corrected.body).toBe(200);

    const after = await send(b.port, 'GET', detail, { headers: { 'if-none-match': String(before.headers.etag) } });
    expect(after.status).toBe(200);
    expect(after.body).toContain('每亩九百元');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const afterList = await send(b.port, 'GET', list, { headers: { 'if-none-match': String(beforeList.headers.etag) } });
    expect(afterList.status).toBe(200);
    expect(JSON.parse(afterList.body).data.find((d: { id: string }) => d.id === id)).toMatchObject({ version: 2, isCorrected: true });
  });

  it('shows a new version of a power item made through one instance at once in the other instance’s cached list and flowchart', async () => {
    const admin = await makeUser(ctx, w.district, ['district_admin']);
    const item = await createItem(a.deps.db, systemActor(), { code: 'MI-1', content: itemContent('宅基地审批'), regionCode: w.district });
    const list = `/api/v1/public/power/items?village=${w.villageA1}`;
    const svg = `/api/v1/public/power/items/${item.id}/flowchart.svg`;
    // Both instances build and keep version 1.
    for (const inst of [a, b]) {
      expect((await send(inst.port, 'GET', svg)).body).toContain('宅基地审批');
      expect(JSON.parse((await send(inst.port, 'GET', list)).body).data.find((x: { id: string }) => x.id === item.id)).toMatchObject({ version: 1 });
    }

    const login = await send(a.port, 'POST', '/api/v1/auth/login', { body: { username: admin.username, password: TEST_PASSWORD } });
    const cookie = String(login.headers['set-cookie']?.find((c) => c.startsWith('mpw_session='))).split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': (JSON.parse(login.body) as { csrfToken: string }).csrfToken };
    const put = await send(a.port, 'PUT', `/api/v1/power/items/${item.id}`, { headers, body: { content: itemContent('农村宅基地审批'), changeNote: '更名' } });
    expect(put.status, put.body).toBe(200);

    const svgB = await send(b.port, 'GET', svg);
    expect(svgB.body).toContain('农村宅基地审批');
    const listB = JSON.parse((await send(b.port, 'GET', list)).body).data.find((x: { id: string }) => x.id === item.id);
    expect(listB).toMatchObject({ version: 2, content: { name: '农村宅基地审批' } });
    // The version asked for by number is still the old one.
    expect((await send(b.port, 'GET', `${svg}?version=1`)).body).not.toContain('农村宅基地审批');
  });

  it('counts every village-home visit once, whichever instance served it', async () => {
    const path = `/api/v1/public/villages/${w.villageA2}`;
    const res = await Promise.all(Array.from({ length: 30 }, () => via('GET', path)));
    expect(res.every((r) => r.status === 200)).toBe(true);
    expect(new Set(res.map((r) => r.headers['x-upstream']))).toEqual(new Set(['A', 'B']));
    // Each response is sent once its visit is stored: the count is complete when the last one arrives.
    const [row] = await queryRows<{ n: number }>(a.deps.db, sql`select coalesce(sum(count), 0)::int as n from usage_counters where region_code = ${w.villageA2} and metric = 'portal_view'`);
    expect(row!.n).toBe(30);
  });
});
