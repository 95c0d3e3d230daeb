/**
 * Fuzzing every route (docs/security.md, "Fuzzing"). For each operation of the OpenAPI document
 * the app serves, fast-check generates broken requests — from the operation's own schemas, then
 * spoiled — and sends them anonymously and as one account of every role (bound to 白坑村, 凤岭镇
 * or the demo district). Every answer must be below 500, every 4xx problem+json, and no answer to
 * an account may name a region outside its scope. Afterwards, every HTML page the app serves must
 * show stored markup escaped, and the JSON API must give stored text back as it was.
 *
 * MPW_FUZZ_RUNS (default 8) sets the runs per operation, MPW_FUZZ_SEED (default 20261129) the
 * seed; both are printed, so a failure reproduces with the same values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestContext, type TestContext } from './helpers.js';
import { buildApp } from '../src/app.js';
import { MARKUP, brokenBody, deepJson, nastyString, pathValue, queryValue, type JsonSchema } from './fuzz/arbitraries.js';
import { HOME_TOWNSHIP, HOME_VILLAGE, buildFuzzWorld, outsideCodes, type Actor, type FuzzWorld } from './fuzz/world.js';
import { renderCardsHtml } from '../src/modules/households/households.cards.js';

const RUNS = Number(process.env.MPW_FUZZ_RUNS ?? 8);
const SEED = Number(process.env.MPW_FUZZ_SEED ?? 20261129);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
}

interface FuzzRequest {
  method: string;
  url: string;
  payload?: string;
  contentType?: string;
  remoteAddress: string;
}

let ctx: TestContext;
/** The app under fuzz: like the test context's, with error logs kept to explain a 5xx. */
let app: FastifyInstance;
const errorLogs = new Map<string, string>();
let world: FuzzWorld;
let operations: Operation[] = [];
let requests = 0;
const markersOf = new Map<string, RegExp | null>();

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** encodeURIComponent, also for strings with a lone surrogate (sent as U+FFFD, as a browser would). */
const enc = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

const truncate = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
const describeRequest = (actor: Actor, r: FuzzRequest) =>
  `${actor.name} ${r.method} ${truncate(r.url, 400)}${r.contentType ? ` [${r.contentType}]` : ''}${r.payload !== undefined ? ` ${truncate(JSON.stringify(r.payload), 400)}` : ''}`;

/** Answers by status, for the summary line. */
const statuses = new Map<number, number>();
async function send(actor: Actor, r: FuzzRequest): Promise<LightMyRequestResponse> {
  requests++;
  const res = await inject(actor, r);
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  return res;
}
async function inject(actor: Actor, r: FuzzRequest): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = r.contentType ? { 'content-type': r.contentType } : {};
  const opts = { method: r.method as 'GET', url: r.url, headers, remoteAddress: r.remoteAddress, ...(r.payload !== undefined ? { payload: r.payload } : {}) };
  return actor.client ? actor.client.inject(opts) : app.inject(opts);
}

/** Region codes outside the actor's scope, as one pattern (digits on neither side). */
function markers(actor: Actor): RegExp | null {
  if (!actor.scope) return null;
  if (!markersOf.has(actor.scope)) {
    const codes = outsideCodes(actor.scope, world.regionCodes);
    markersOf.set(actor.scope, codes.length ? new RegExp(`(?<!\\d)(${codes.join('|')})(?!\\d)`) : null);
  }
  return markersOf.get(actor.scope)!;
}

const isPublic = (path: string) => path.startsWith('/api/v1/public/') || path.startsWith('/api/v1/auth/') || path === '/api/health';

/** Checks one answer; throws with the request printed when it breaks a rule. */
function check(op: Operation, actor: Actor, r: FuzzRequest, res: LightMyRequestResponse): void {
  const fail = (why: string) => {
    const logged = errorLogs.get(String(res.headers['x-request-id']));
    throw new Error(`${why}\n  request: ${describeRequest(actor, r)}\n  answer: ${res.statusCode} ${truncate(res.body)}${logged ? `\n  logged: ${truncate(logged, 1500)}` : ''}`);
  };
  if (res.statusCode >= 500) fail(`server error ${res.statusCode}`);
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 400) {
    if (!type.startsWith('application/problem+json')) fail(`a ${res.statusCode} that is not problem+json (${type})`);
    const body = res.json() as { code?: unknown; message?: unknown };
    if (typeof body.code !== 'string' || typeof body.message !== 'string') fail('a problem without code or message');
  }
  const pattern = markers(actor);
  if (pattern && !isPublic(op.path) && /json|text|svg|csv/.test(type)) {
    const seen = pattern.exec(res.body)?.[1];
    // A code the request itself carried may be echoed in an error message; anything else is a leak.
    if (seen && !`${safeDecode(r.url)} ${r.payload ?? ''}`.includes(seen)) fail(`data outside the scope of ${actor.scope}: region ${seen}`);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Records that exist for a path parameter: the ids (or codes, keys) the collection route lists. */
async function knownValues(op: Operation, param: string, admin: Actor): Promise<string[]> {
  const before = op.path.split(`{${param}}`)[0]!.replace(/\/$/, '');
  const list = operations.find((o) => o.method === 'GET' && o.path.replace(/\/$/, '') === before);
  let values: string[] = [];
  if (list) {
    const res = await admin.client!.get(`${list.path}${list.parameters.some((p) => p.name === 'pageSize') ? '?pageSize=200' : ''}`);
    requests++;
    if (res.statusCode === 200) {
      const body = res.json() as unknown;
      const rows = (Array.isArray(body) ? body : ((body as { data?: unknown[] }).data ?? [])) as Record<string, unknown>[];
      values = rows.map((row) => row.id ?? row.code ?? row.key).filter((v): v is string => typeof v === 'string');
    }
  }
  // The fuzzing accounts, their regions and the switch that would lock every staff session stay untouched.
  const own = new Set([HOME_VILLAGE, HOME_TOWNSHIP, '330299000000', ...world.protectedIds]);
  return values.filter((v) => !own.has(v) && !/mfa/i.test(v)).slice(0, 40);
}

function requestArbitrary(op: Operation, known: Map<string, string[]>): fc.Arbitrary<FuzzRequest> {
  const pools = world.pools;
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const path = fc.tuple(...pathParams.map((p) => pathValue(p.schema, pools, known.get(p.name) ?? []))).map((values) =>
    pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, enc(values[i]!)), op.path),
  );
  const query = fc
    .tuple(
      fc.tuple(...queryParams.map((p) => (p.required ? queryValue(p.schema, pools) : fc.option(queryValue(p.schema, pools), { freq: 2 })))),
      fc.option(fc.tuple(nastyString(), nastyString()), { freq: 8 }),
    )
    .map(([values, extra]) => {
      const parts: string[] = [];
      values.forEach((v, i) => {
        if (v === null || v === undefined) return;
        for (const one of Array.isArray(v) ? v : [v]) parts.push(`${enc(queryParams[i]!.name)}=${enc(one)}`);
      });
      if (extra) parts.push(`${enc(extra[0] || 'x')}=${enc(extra[1])}`);
      return parts.length ? `?${parts.join('&')}` : '';
    });
  const json = (v: unknown) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' });
  const bodies: fc.Arbitrary<{ payload?: string; contentType?: string }>[] = [
    fc.constantFrom(
      { payload: '{"a":', contentType: 'application/json' },
      { payload: '', contentType: 'application/json' },
      { payload: deepJson(5000), contentType: 'application/json' },
      { payload: deepJson(40, '{"a":', '}').replace(/\{"a":\}/, '{"a":1}'), contentType: 'application/json' },
      { payload: `[${'1,'.repeat(20000)}1]`, contentType: 'application/json' },
      { payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
      { payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n<script>\r\n--x', contentType: 'multipart/form-data; boundary=x' },
      { payload: 'garbage', contentType: 'multipart/form-data' },
      { payload: 'code,name\n<script>,\u0000\n', contentType: 'text/csv' },
      {},
    ),
  ];
  if (op.body) bodies.push(brokenBody(op.body, pools).map(json), brokenBody(op.body, pools).map(json));
  else if (op.method !== 'GET') bodies.push(nastyString().map((s) => ({ payload: s, contentType: 'text/csv' })));
  return fc.record({ path, query, body: fc.oneof(...bodies), ip: fc.ipV4() }).map(({ path: p, query: q, body, ip }) => ({
    method: op.method,
    url: `${p}${q}`,
    remoteAddress: ip,
    ...(op.method === 'GET' ? {} : body),
  }));
}

const failures: string[] = [];

async function fuzzOperation(op: Operation, index: number): Promise<void> {
  const admin = world.actors.find((a) => a.name === 'district_admin')!;
  const known = new Map<string, string[]>();
  for (const p of op.parameters.filter((x) => x.in === 'path')) known.set(p.name, await knownValues(op, p.name, admin));
  const arb = requestArbitrary(op, known);
  const seed = (SEED ^ hash(`${op.method} ${op.path}`)) | 0;
  // Who gets past authentication and the permission guard: the runs go to them.
  const samples = fc.sample(arb, { seed, numRuns: world.actors.length });
  const allowed: Actor[] = [];
  for (const [i, actor] of world.actors.entries()) {
    let res = await send(actor, samples[i]!);
    if (res.statusCode === 401 && actor.client) {
      await world.relogin(actor);
      res = await send(actor, samples[i]!);
    }
    try {
      check(op, actor, samples[i]!, res);
    } catch (err) {
      failures.push(`${op.method} ${op.path}: ${(err as Error).message}`);
      return;
    }
    if (res.statusCode !== 401 && res.statusCode !== 403) allowed.push(actor);
  }
  if (allowed.length === 0) return;
  const result = await fc.check(
    fc.asyncProperty(fc.constantFrom(...allowed), arb, async (actor, r) => {
      const res = await send(actor, r);
      check(op, actor, r, res);
      // A request that ended the account's own session (sign-out): sign in again for the next run.
      if (res.statusCode === 401 && actor.client) await world.relogin(actor);
    }),
    { seed: seed + index, numRuns: RUNS, endOnFailure: true },
  );
  if (result.failed) failures.push(`${op.method} ${op.path} (seed ${result.seed}, path ${result.counterexamplePath}): ${(result.errorInstance as Error)?.message ?? String(result.errorInstance)}`);
}

beforeAll(async () => {
  const started = performance.now();
  ctx = await createTestContext();
  app = await buildApp(ctx.platform.deps, {
    serveWeb: false,
    logger: {
      level: 'error',
      stream: {
        write: (line: string) => {
          const entry = JSON.parse(line) as { reqId?: string; err?: { message?: string; stack?: string } };
          if (entry.reqId) errorLogs.set(entry.reqId, entry.err?.stack ?? entry.err?.message ?? line);
        },
      },
    },
  });
  await app.ready();
  world = await buildFuzzWorld(ctx, app);
  process.stdout.write(`fuzz: world built in ${((performance.now() - started) / 1000).toFixed(1)} s, ${(process.cpuUsage().user / 1e6).toFixed(1)} s CPU so far\n`);
  const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}, 180_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('fuzzing every route', () => {
  it('answers generated bad requests from anyone without a server error, in problem+json, within scope', async () => {
    expect(operations.length).toBeGreaterThan(200);
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const [i, op] of operations.entries()) await fuzzOperation(op, i);
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    const { user, system } = process.cpuUsage(cpu);
    process.stdout.write(
      `fuzz: ${requests} requests to ${operations.length} operations as ${world.actors.length} actors in ${secs} s, ${((user + system) / 1e6).toFixed(1)} s CPU (MPW_FUZZ_SEED=${SEED} MPW_FUZZ_RUNS=${RUNS})\n`,
    );
    process.stdout.write(`fuzz: answers ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}\n`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 600_000);

  it('escapes stored markup on every HTML page it serves', async () => {
    const admin = world.actors.find((a) => a.name === 'district_admin')!.client!;
    const township = world.actors.find((a) => a.name === 'township_discipline')!.client!;
    // Markup stored on purpose in a notice (issued by 凤岭镇 to 白坑村) and in a report's notes.
    const evil = MARKUP.join(' ');
    const issued = await township.post('/api/v1/rectification/notices', {
      regionCode: HOME_VILLAGE, title: `标题${MARKUP[0]}`, requirement: evil, deadline: '2027-01-31', responsibleName: MARKUP[1],
      items: [{ problem: evil, requirement: MARKUP[2] }],
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const taken = await township.post('/api/v1/reports', {
      category: 'other', regionCode: HOME_VILLAGE, subjectName: MARKUP[1], subjectPosition: MARKUP[2], subjectKind: 'village_cadre', content: evil, anonymous: true, channel: 'letter',
    });
    expect(taken.statusCode, taken.body).toBe(201);
    expect((await admin.get(`/api/v1/reports/${taken.json().id}`)).json().content).toBe(evil);
    const reports = (await admin.get('/api/v1/reports?pageSize=200')).json() as { data: { id: string }[] };

    // The JSON API gives the text back exactly as stored; the console and portal render it as text (React escapes).
    const notice = (await admin.get(`/api/v1/rectification/notices/${issued.json().id}`)).json() as { title: string; requirement: string; items: { problem: string }[] };
    expect(notice.title).toBe(`标题${MARKUP[0]}`);
    expect(notice.requirement).toBe(evil);
    expect(notice.items[0]!.problem).toBe(evil);

    const pages: string[] = [];
    const notices = (await admin.get('/api/v1/rectification/notices?pageSize=200')).json() as { data: { id: string }[] };
    for (const n of notices.data) pages.push(`/api/v1/rectification/notices/${n.id}/print`);
    for (const r of reports.data) pages.push(`/api/v1/reports/${r.id}/print`);
    let withMarkup = 0;
    for (const url of pages) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      // No element or handler from stored text: the templates themselves use neither.
      expect(res.body, url).not.toMatch(/<\s*(script|img|svg|iframe|object|embed)\b/i);
      if (res.body.includes('&lt;script&gt;')) withMarkup++;
    }
    // At least the notice and the report stored above carry escaped markup.
    expect(withMarkup).toBeGreaterThanOrEqual(2);

    // Household query cards (printed from the command line) escape the names they show.
    const cards = renderCardsHtml([{ regionCode: HOME_VILLAGE, householdId: MARKUP[0]!, headName: MARKUP[1]!, code: 'BKHH-0000', townshipName: '凤岭镇', villageName: MARKUP[2]!, serial: 1, issuedAt: '2026-11-29T00:00:00Z', url: '/portal', qrSvg: '<svg></svg>' }]);
    expect(cards).not.toMatch(/<script|<img|<svg onload/i);
    expect(cards).toContain('&lt;script&gt;');
  });

  it('serves flow charts (SVG, inlined by the console) with stored text escaped', async () => {
    const admin = world.actors.find((a) => a.name === 'district_admin')!.client!;
    const items = (await admin.get('/api/v1/power/items?pageSize=200')).json() as { data: { id: string; content: { name: string } }[] };
    expect(items.data.length).toBeGreaterThan(0);
    // A new version whose name (the chart's title) is markup.
    const target = items.data[0]!;
    const edited = await admin.put(`/api/v1/power/items/${target.id}`, { content: { ...target.content, name: MARKUP[0] }, changeNote: MARKUP[1] });
    expect(edited.statusCode, edited.body).toBe(200);
    const planted = await admin.get(`/api/v1/power/items/${target.id}/flowchart.svg?version=${edited.json().version}`);
    expect(planted.statusCode, planted.body).toBe(200);
    expect(planted.body).toContain('&lt;script&gt;');
    for (const item of items.data.slice(0, 40)) {
      const res = await admin.get(`/api/v1/power/items/${item.id}/flowchart.svg`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toMatch(/<\s*(script|img|iframe|foreignObject)\b|\son\w+\s*=/i);
    }
    expect(planted.body).not.toMatch(/<\s*(script|img|iframe|foreignObject)\b|\son\w+\s*=/i);
  });
});
