import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyContextConfig, type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { registerAuth } from '../src/plugins/auth.js';
import { systemActor } from '../src/lib/actor.js';
import { importRegions } from '../src/modules/regions/regions.service.js';
import { createTestContext, login, makeUser, makeWorld, type TestContext, type World } from './helpers.js';

let ctx: TestContext;
let world: World;

beforeAll(async () => {
  ctx = await createTestContext();
  world = await makeWorld(ctx);
});
afterAll(() => ctx.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({ status, code, type: expect.stringContaining('/problems/'), title: expect.any(String) });
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

describe('errors are problem+json with real statuses', () => {
  it('answers an unknown route with 404', async () => {
    const admin = await makeUser(ctx, world.district, ['district_admin']);
    const c = await login(ctx.app, admin.username);
    const res = await c.get('/api/v1/no-such-thing?x=1');
    const body = expectProblem(res, 404, 'NOT_FOUND');
    expect(body.message).toContain('/api/v1/no-such-thing');
    expect(body.message).not.toContain('x=1');
    expectProblem(await c.post('/api/v1/regions/xyz/nothing', {}), 404, 'NOT_FOUND');
    expectProblem(await ctx.app.inject({ method: 'DELETE', url: '/api/nothing' }), 404, 'NOT_FOUND');
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/docs/nothing.json' }), 404, 'NOT_FOUND');
    // Without a session too: an unknown URL is not found, not "please sign in".
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }), 404, 'NOT_FOUND');
  });

  it('answers malformed JSON with 400, never 500', async () => {
    const bodies = ['{"username": "a",', '{username: a}', '', '\u0000\u0001', '[1,2', '{"username":"a","password":"b"}}'];
    for (const payload of bodies) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    }
    // Well-formed JSON of the wrong shape is a validation failure too.
    for (const payload of ['null', '[]', '"text"', '{"username": 5, "password": {}}']) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    }
    // The same behind a session.
    const admin = await makeUser(ctx, world.district, ['district_admin']);
    const c = await login(ctx.app, admin.username);
    const res = await c.inject({ method: 'POST', url: '/api/v1/regions', headers: { 'content-type': 'application/json' }, payload: '{"code": "1' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('answers an oversize body with 413, and an unknown content type with 415', async () => {
    const big = JSON.stringify({ username: 'a', password: 'x'.repeat(1024 * 1024 + 10) });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: big });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    // The import takes larger files (10 MB), but not unlimited ones.
    const csv = (mb: number) => Buffer.alloc(mb * 1024 * 1024, 'a');
    const twoMb = await ctx.app.inject({ method: 'POST', url: '/api/v1/regions/import', headers: { 'content-type': 'text/csv' }, payload: csv(2) });
    expectProblem(twoMb, 401, 'UNAUTHENTICATED');
    const admin = await login(ctx.app, (await makeUser(ctx, world.district, ['district_admin'])).username);
    const elevenMb = await admin.inject({ method: 'POST', url: '/api/v1/regions/import', headers: { 'content-type': 'text/csv' }, payload: csv(11) });
    expectProblem(elevenMb, 413, 'PAYLOAD_TOO_LARGE');

    const xml = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<username>a</username>' });
    expectProblem(xml, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const text = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'username=a' });
    expectProblem(text, 400, 'VALIDATION_FAILED');
  });
});

describe('response headers', () => {
  let web: FastifyInstance;
  beforeAll(async () => {
    // The full app as served, with the web apps at / (when they are built).
    web = await buildApp(ctx.platform.deps, { logger: false });
    await web.ready();
  });
  afterAll(() => web.close());

  function expectSecurityHeaders(res: LightMyRequestResponse) {
    const csp = String(res.headers['content-security-policy']);
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toBeDefined();
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('script-src')).not.toContain("'unsafe-eval'");
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBeTruthy();
    expect(String(res.headers['referrer-policy'])).not.toMatch(/unsafe-url|no-referrer-when-downgrade/);
  }

  it('sends the security headers on the API and on the web pages', async () => {
    for (const url of ['/api/health', '/api/v1/regions/tree', '/api/v1/no-such-thing', '/', '/portal/', '/portal/villages/330299101201']) {
      const res = await web.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(500);
      expectSecurityHeaders(res);
    }
  });

  it('marks API responses no-store and gives every response a fresh server-side request id', async () => {
    const admin = await makeUser(ctx, world.district, ['district_admin']);
    const c = await login(ctx.app, admin.username);
    const responses = [
      await ctx.app.inject({ method: 'GET', url: '/api/health' }),
      await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me' }),
      await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
      await c.get('/api/v1/regions'),
      await c.get('/api/v1/auth/me'),
    ];
    for (const res of responses) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
    expect(new Set(responses.map((r) => r.headers['x-request-id'])).size).toBe(responses.length);
    // A client cannot choose its request id (it ends up in the audit log).
    const spoofed = await ctx.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'forged-id' } });
    expect(spoofed.headers['x-request-id']).toMatch(UUID);
  });
});

describe('API description', () => {
  it('serves an OpenAPI 3 document listing the main endpoints', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths).map((p) => p.replace(/\/$/, ''));
    for (const p of ['/api/v1/auth/login', '/api/v1/regions', '/api/v1/users', '/api/v1/public/villages', '/api/v1/regions/import', '/api/health']) {
      expect(paths).toContain(p);
    }
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.requestBody).toBeDefined();
    expect(Object.keys(doc.paths['/api/v1/users'] ?? doc.paths['/api/v1/users/'])).toEqual(expect.arrayContaining(['get', 'post']));
  });
});

describe('every /api/v1 route declares who may call it', () => {
  it('refuses to register a route that declares neither auth nor permission', async () => {
    const app = Fastify({ logger: false });
    registerAuth(app);
    app.get('/api/v1/declared', { config: { auth: 'public' } }, async () => 'ok');
    app.get('/outside', async () => 'ok');
    await expect(
      (async () => {
        app.get('/api/v1/naked', async () => 'oops');
        await app.ready();
      })(),
    ).rejects.toThrow(/GET \/api\/v1\/naked declares neither auth nor permission/);
    await app.close().catch(() => {});
  });

  it('has auth or a permission on every route of the running app, and only the expected ones are public', async () => {
    const app = await buildApp(ctx.platform.deps, { logger: false, serveWeb: false });
    const seen = new Map<string, FastifyContextConfig>();
    // onResponse runs for every request, even one the authorization hook refused.
    app.addHook('onResponse', async (request) => {
      if (request.routeOptions.url?.startsWith('/api/v1')) seen.set(`${request.method} ${request.routeOptions.url}`, request.routeOptions.config);
    });
    await app.ready();
    try {
      const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
      const operations: { method: string; url: string; route: string }[] = [];
      for (const [p, methods] of Object.entries(doc.paths)) {
        if (!p.startsWith('/api/v1')) continue;
        for (const method of Object.keys(methods)) {
          const url = p.replace(/\{code\}/g, world.villageA1).replace(/\{id\}/g, crypto.randomUUID()).replace(/\{[^}]+\}/g, '1');
          operations.push({ method: method.toUpperCase(), url, route: `${method.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}` });
        }
      }
      expect(operations.length).toBeGreaterThan(20);
      for (const op of operations) {
        const res = await app.inject({ method: op.method as 'GET', url: op.url });
        expect(res.statusCode, `${op.method} ${op.url}`).not.toBe(500);
      }
      const configs = new Map([...seen].map(([route, config]) => [route.replace(/\/$/, ''), config]));
      expect([...configs.keys()].sort()).toEqual(operations.map((o) => o.route).sort());
      const publicRoutes: string[] = [];
      for (const [route, config] of configs) {
        expect(Boolean(config.auth || config.permission), route).toBe(true);
        if (config.auth === 'public') publicRoutes.push(route);
      }
      expect(publicRoutes.sort()).toEqual(
        [
          'POST /api/v1/auth/login',
          'GET /api/v1/public/villages',
          'GET /api/v1/public/villages/:code',
          'GET /api/v1/public/audit/checkpoint/latest',
          'GET /api/v1/public/audit/checkpoints',
          'GET /api/v1/public/audit/proofs/inclusion',
          'GET /api/v1/public/audit/proofs/consistency',
          'GET /api/v1/public/audit/receipts/:leafIndex',
          'GET /api/v1/public/power/items',
          'GET /api/v1/public/power/items/:id',
          'GET /api/v1/public/power/items/:id/flowchart.svg',
          'GET /api/v1/public/matters',
          'GET /api/v1/public/matters/:id',
          'GET /api/v1/public/matters/:id/flowchart.svg',
          'POST /api/v1/public/matters/:id/objections',
          'GET /api/v1/public/decisions',
          'GET /api/v1/public/decisions/:id',
          'GET /api/v1/public/calendar/working-days',
          'GET /api/v1/public/books/summary',
          'GET /api/v1/public/books/entries',
          'GET /api/v1/public/assets',
          'GET /api/v1/public/disclosures',
          'GET /api/v1/public/disclosures/:id',
          'GET /api/v1/public/disclosures/:id/versions/:n',
          'GET /api/v1/public/disclosures/:id/poster.pdf',
          'POST /api/v1/public/disclosures/:id/questions',
          'GET /api/v1/public/reports/challenge',
          'POST /api/v1/public/reports',
          'POST /api/v1/public/reports/access',
          'GET /api/v1/public/reports/mine',
          'POST /api/v1/public/reports/mine/messages',
          'POST /api/v1/public/reports/mine/attachments',
          'POST /api/v1/public/reports/mine/retaliation',
          'GET /api/v1/public/cases/typical',
          'GET /api/v1/public/hearings',
          'GET /api/v1/public/hearings/:id',
          'GET /api/v1/public/hearings/:id/ratings/mine',
          'POST /api/v1/public/hearings/:id/ratings',
          'GET /api/v1/public/hearings/questions',
          'POST /api/v1/public/hearings/questions',
          'GET /api/v1/public/qr.svg',
          'POST /api/v1/public/households/verify',
          'GET /api/v1/public/households/me',
          'POST /api/v1/public/households/logout',
          'GET /api/v1/public/households/survey',
          'POST /api/v1/public/households/survey',
          'GET /api/v1/public/dashboards/stats',
        ].sort(),
      );
      // Anonymous calls to every other route are refused.
      for (const op of operations) {
        if (configs.get(op.route)!.auth === 'public') continue;
        const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
        const res = await app.inject({ method: op.method as 'GET', url: op.url, ...(hasBody ? { headers: { 'content-type': 'application/json' }, payload: '{}' } : {}) });
        expect(res.statusCode, `${op.method} ${op.url}`).toBe(401);
      }
    } finally {
      await app.close();
    }
  });
});

describe('public village pages', () => {
  let tag: string;
  beforeAll(async () => {
    tag = String(randomInt(100000, 999999));
    const r = await importRegions(ctx.platform.deps.db, systemActor(), `code,name,level,parent_code\n${world.district.slice(0, 6)}101203,青石${tag}村,village,${world.townshipA}\n`);
    expect(r.rejected).toEqual([]);
  });

  it('lists and searches villages by name without an account', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages?q=${encodeURIComponent(`青石${tag}`)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      data: [{ code: `${world.district.slice(0, 6)}101203`, name: `青石${tag}村`, townshipName: '甲镇', districtName: expect.stringMatching(/^测试区/), isDemo: false }],
      total: 1,
    });
    // By township name: its villages, and no townships or districts.
    const byTownship = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages?q=${encodeURIComponent('甲镇')}&pageSize=500` });
    const codes = (byTownship.json().data as { code: string }[]).map((v) => v.code);
    expect(codes).toEqual(expect.arrayContaining([world.villageA1, world.villageA2, `${world.district.slice(0, 6)}101203`]));
    expect(codes).not.toContain(world.townshipA);
    expect(codes).not.toContain(world.villageB1);
    // By code prefix, paged.
    const page = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages?q=${world.district.slice(0, 6)}&pageSize=2&current=2` });
    expect(page.json().total).toBe(4);
    expect(page.json().data).toHaveLength(2);
    const none = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages?q=${encodeURIComponent('不存在的村名')}` });
    expect(none.json()).toEqual({ data: [], total: 0 });
  });

  it('gets a village by code, and answers 404 for a township, a district or an unknown code', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages/${world.villageB1}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ code: world.villageB1, name: '乙一村', townshipName: '乙镇', districtName: expect.stringMatching(/^测试区/), isDemo: false });
    for (const code of [world.townshipA, world.district, `${world.district.slice(0, 6)}109999`]) {
      expectProblem(await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages/${code}` }), 404, 'NOT_FOUND');
    }
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/public/villages/12ab' }), 400, 'VALIDATION_FAILED');
  });
});

describe('health', () => {
  it('answers ok with the database kind', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: ctx.platform.deps.dbKind, embedded: ctx.platform.deps.dbKind === 'pglite' });
    expect(res.json().database).toBe(process.env.MPW_TEST_DB === 'postgres' ? 'postgres' : 'pglite');
  });
});

describe('abuse control and log privacy', () => {
  it('limits anonymous objections per client in memory and answers 429 problem+json', async () => {
    const { createItem } = await import('../src/modules/power/power.service.js');
    const { startMatter } = await import('../src/modules/matters/matters.service.js');
    const { itemContent } = await import('../src/modules/power/power.authz.js');
    const item = await createItem(ctx.platform.deps.db, systemActor(), { code: 'RL-1', content: itemContent('限流测试'), regionCode: world.district });
    const m = await startMatter(ctx.platform.deps.db, systemActor(), ctx.platform.deps.secrets, { itemId: item.id, regionCode: world.villageA1, title: '限流', isPublic: true });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/matters/${m.id}/objections`, payload: { content: `第${i}条异议内容，请核实` } });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes.slice(5)).toEqual([429, 429]);
    const other = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/matters/${m.id}/objections`, payload: { content: '另一位村民的异议内容' }, remoteAddress: '10.1.2.3' });
    expect(other.statusCode).toBe(201);
  });

  it('writes no client address or query string into request logs', async () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => lines.push(s) };
    const app = await buildApp(ctx.platform.deps, { logger: { level: 'info', stream }, serveWeb: false });
    await app.inject({ method: 'GET', url: '/api/v1/public/villages?q=%E7%8E%8B%E5%B0%8F%E6%98%8E', remoteAddress: '198.51.100.77' });
    await app.close();
    const text = lines.join('\n');
    expect(text).toContain('/api/v1/public/villages');
    expect(text).not.toContain('198.51.100.77');
    expect(text).not.toContain('%E7%8E%8B');
  });
});
