import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { migrateDatabase, openDatabase, queryRows, type DbHandle } from '@mpw/db';
import { loadConfig } from '../../src/config.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { buildApp } from '../../src/app.js';
import { systemActor } from '../../src/lib/actor.js';
import { createCheckpoint, verifyAuditLog } from '../../src/modules/audit/audit.service.js';
import { login, makeUser, makeWorld, testEnv, type Client, type TestContext, type World } from '../helpers.js';
import { testDbKind } from '../test-db.js';
import { PrivateCluster, privateClusterUnavailable } from './private-cluster.js';

/**
 * Crash safety of the database server (docs/crash-safety.md). PostgreSQL only: a private
 * cluster of this file is killed with SIGKILL under write load, and later kept down for 30 s,
 * while the app in this process goes on serving.
 */
const skipReason = testDbKind() !== 'postgres' ? 'PostgreSQL only (MPW_TEST_DB=postgres)' : privateClusterUnavailable();

const WRITERS = 3;
const KILL_ROUNDS = 3;
const OUTAGE_MS = 30_000;
/** The longest an answer may take while the database is down: no request hangs. */
const OUTAGE_ANSWER_MS = 5_000;

let cluster: PrivateCluster | undefined;
let handle: DbHandle | undefined;
let platform: Platform;
let app: FastifyInstance | undefined;
let world: World;
const writers: Client[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const db = () => platform.deps.db;

interface Acked {
  id: string;
  title: string;
  published: boolean;
}

/** What the writers saw: every acknowledged write, and the status of every answer that was not one. */
const acked = new Map<string, Acked>();
const failures: { status: number; body: string }[] = [];

function noteFailure(res: LightMyRequestResponse) {
  failures.push({ status: res.statusCode, body: res.body.slice(0, 300) });
}

/** One writer: creates a disclosure, then publishes it (two audited transactions), until told to stop. */
async function writeLoop(client: Client, n: number, stop: { now: boolean }) {
  for (let i = 0; !stop.now; i++) {
    const title = `崩溃测试W${n}-${i}`;
    const created = await client.post('/api/v1/disclosures', { kind: 'other', title, content: { summary: `${title}，请村民监督。`, sections: [{ heading: '说明', text: '详见下表。' }] } });
    if (created.statusCode !== 201) {
      noteFailure(created);
      await sleep(50);
      continue;
    }
    const id = created.json().id as string;
    acked.set(id, { id, title, published: false });
    const published = await client.post(`/api/v1/disclosures/${id}/publish`);
    if (published.statusCode === 200) acked.get(id)!.published = true;
    else {
      noteFailure(published);
      await sleep(50);
    }
  }
}

async function untilAcked(count: number, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (acked.size < count) {
    if (Date.now() > until) throw new Error(`writers made no progress (${acked.size}/${count}); failures: ${JSON.stringify(failures.slice(-3))}\n${cluster?.log().slice(-2000)}`);
    await sleep(20);
  }
}

beforeAll(async () => {
  if (skipReason) return;
  cluster = await PrivateCluster.create();
  handle = await openDatabase({ databaseUrl: cluster.url, poolSize: 8 });
  await migrateDatabase(handle);
  platform = await openPlatform(loadConfig(testEnv({ DATABASE_URL: cluster.url })), { handle, migrate: false });
  app = await buildApp(platform.deps, { logger: false, serveWeb: false });
  await app.ready();
  const ctx: TestContext = { platform, app, close: async () => undefined };
  world = await makeWorld(ctx);
  for (let i = 0; i < WRITERS; i++) writers.push(await login(app, (await makeUser(ctx, world.villageA1, ['village_secretary'])).username));
}, 60_000);

/** Gives up on a close that does not finish, so that the cluster is always removed. */
const within = (p: Promise<unknown> | undefined, ms: number) => Promise.race([p?.catch(() => undefined), sleep(ms)]);

afterAll(async () => {
  await within(app?.close(), 5_000);
  await within(handle?.close(), 5_000);
  await cluster?.destroy();
}, 30_000);

/** Connections checked out of the pool: none once every request has been answered, or one leaked. */
function checkedOut(): number {
  const pool = (handle!.db as unknown as { $client: { totalCount: number; idleCount: number } }).$client;
  return pool.totalCount - pool.idleCount;
}

describe.skipIf(!!skipReason)(`PostgreSQL killed under write load${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  it(`loses no acknowledged write and commits no partial transaction over ${KILL_ROUNDS} SIGKILLs; the audit log verifies`, async () => {
    await createCheckpoint(db(), systemActor(), platform.deps.signer);
    const stop = { now: false };
    const loops = writers.map((c, n) => writeLoop(c, n, stop));
    try {
      for (let round = 1; round <= KILL_ROUNDS; round++) {
        // Under load: the writers have been acknowledged again since the last restart.
        await untilAcked(acked.size + WRITERS, 30_000);
        await cluster!.kill();
        await sleep(300);
        await cluster!.start();
      }
      await untilAcked(acked.size + WRITERS, 30_000);
    } finally {
      stop.now = true;
      await Promise.all(loops);
    }

    // The kills were felt: some writes failed, and every failure was a 503, never a 500.
    expect(failures.length, 'no write failed: the kills did not land during the load').toBeGreaterThan(0);
    expect(failures.filter((f) => f.status !== 503), 'an answer other than 503 while the database died').toEqual([]);
    expect(checkedOut(), 'connections leaked by transactions the crashes broke').toBe(0);

    const rows = await queryRows<{ id: string; title: string; status: string; current_version: number; versions: number }>(
      db(),
      sql`select d.id, d.title, d.status, d.current_version, (select count(*)::int from disclosure_versions v where v.disclosure_id = d.id and v.version > 0) as versions
          from disclosures d where d.region_code = ${world.villageA1}`,
    );
    const events = await queryRows<{ entity_id: string; action: string }>(
      db(),
      sql`select entity_id, action from audit_events where entity_type = 'disclosure' and region_code = ${world.villageA1}`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const created = new Set(events.filter((e) => e.action === 'disclosure.item.create').map((e) => e.entity_id));
    const publishedEvents = new Set(events.filter((e) => e.action === 'disclosure.item.publish').map((e) => e.entity_id));

    // No acknowledged write lost.
    const lost = [...acked.values()].filter((a) => !byId.has(a.id) || (a.published && byId.get(a.id)!.status !== 'published'));
    expect(lost, 'acknowledged writes missing after the crashes').toEqual([]);
    for (const a of acked.values()) expect(byId.get(a.id)!.title).toBe(a.title);

    // No partial transaction: each record and its audit event exist together or not at all.
    expect([...byId.keys()].sort()).toEqual([...created].sort());
    const published = rows.filter((r) => r.status === 'published');
    expect(published.map((r) => r.id).sort()).toEqual([...publishedEvents].sort());
    for (const r of rows) {
      if (r.status === 'published') expect({ id: r.id, version: r.current_version, versions: r.versions }).toEqual({ id: r.id, version: 1, versions: 1 });
      else expect({ id: r.id, status: r.status, versions: r.versions }).toEqual({ id: r.id, status: 'draft', versions: 0 });
    }

    await createCheckpoint(db(), systemActor(), platform.deps.signer);
    const report = await verifyAuditLog(db());
    expect(report).toMatchObject({ ok: true, problem: null, checkpointsChecked: 2 });
    expect(report.eventsChecked).toBeGreaterThan(acked.size);
  }, 90_000);

  it('gives a connection back to the pool when the BEGIN of a transaction fails on a dead connection', async () => {
    const small = await openDatabase({ databaseUrl: cluster!.url, poolSize: 1 });
    try {
      const pool = (small.db as unknown as { $client: import('pg').Pool }).$client;
      // The connection dies as it is handed out: the transaction's BEGIN is the first to notice.
      pool.once('acquire', (client) => (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy());
      await expect(small.db.transaction(async (tx) => tx.execute(sql`select 1`))).rejects.toThrow();
      const { totalCount, idleCount } = pool;
      expect(totalCount - idleCount, 'the broken connection is still checked out').toBe(0);
      // The pool's only connection slot is free again: the next transaction gets a new connection.
      await small.db.transaction(async (tx) => tx.execute(sql`select 1`));
    } finally {
      await within(small.close(), 5_000);
    }
  });

  it('answers 503 quickly while PostgreSQL is down for 30 s, and serves again by itself when it is back', async () => {
    const writer = writers[0]!;
    expect((await app!.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    await cluster!.kill();
    const downSince = Date.now();
    const slow: { url: string; ms: number; status: number }[] = [];
    let answered = 0;
    const probe = async (url: string, send: () => Promise<LightMyRequestResponse>) => {
      const t0 = Date.now();
      const res = await send();
      const ms = Date.now() - t0;
      answered++;
      if (res.statusCode !== 503 || ms > OUTAGE_ANSWER_MS) slow.push({ url, ms, status: res.statusCode });
      else expect(res.headers['retry-after']).toBe('5');
    };
    while (Date.now() - downSince < OUTAGE_MS) {
      await Promise.all([
        probe('/api/health', () => app!.inject({ method: 'GET', url: '/api/health' })),
        probe('GET /api/v1/disclosures', () => writer.get('/api/v1/disclosures?current=1&pageSize=5')),
        probe('POST /api/v1/disclosures', () => writer.post('/api/v1/disclosures', { kind: 'other', title: '停机期间的写入', content: { summary: '停机期间的写入，不应保存。', sections: [] } })),
      ]);
      await sleep(1000);
    }
    expect(slow, 'answers other than a quick 503 while the database was down').toEqual([]);
    expect(answered).toBeGreaterThanOrEqual(OUTAGE_MS / 1000);

    await cluster!.start();
    // The same app, not restarted: it reconnects on its own.
    const until = Date.now() + 15_000;
    let health = await app!.inject({ method: 'GET', url: '/api/health' });
    while (health.statusCode !== 200 && Date.now() < until) {
      await sleep(200);
      health = await app!.inject({ method: 'GET', url: '/api/health' });
    }
    expect(health.statusCode, health.body).toBe(200);
    const after = await writer.post('/api/v1/disclosures', { kind: 'other', title: '恢复后的写入', content: { summary: '恢复后的写入，应当保存。', sections: [] } });
    expect(after.statusCode, after.body).toBe(201);
    const [n] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from disclosures where title = '停机期间的写入'`);
    expect(n!.n).toBe(0);
    expect((await verifyAuditLog(db())).ok).toBe(true);
    expect(checkedOut()).toBe(0);
  }, 90_000);
});
