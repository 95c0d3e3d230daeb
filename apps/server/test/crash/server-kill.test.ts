import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, queryRows, type DbHandle } from '@mpw/db';
import type { TFlowStep, TPowerItemContent } from '@mpw/contracts';
import { loadConfig } from '../../src/config.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { systemActor, type Actor } from '../../src/lib/actor.js';
import { verifyAuditLog } from '../../src/modules/audit/audit.service.js';
import { idNumberCheckChar } from '../../src/modules/books/books.policy.js';
import { createToken } from '../../src/modules/datasets/datasets.service.js';
import { createDisclosure } from '../../src/modules/disclosures/disclosures.service.js';
import { enqueueJob } from '../../src/modules/jobs/jobs.repository.js';
import { createItem } from '../../src/modules/power/power.service.js';
import { makeUser, makeWorld, testEnv, TEST_PASSWORD, type TestContext, type World } from '../helpers.js';
import { testDbKind } from '../test-db.js';
import { freePort, PrivateCluster, privateClusterUnavailable } from './private-cluster.js';

/**
 * Crash safety of the application server (docs/crash-safety.md): the real server, started as
 * `micropower serve` is, on a private PostgreSQL cluster, is killed with SIGKILL in the middle
 * of a large import while matters move and disclosures are published, then started again.
 */
const skipReason = testDbKind() !== 'postgres' ? 'PostgreSQL only (MPW_TEST_DB=postgres)' : privateClusterUnavailable();

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const IMPORT_ROWS = 200_000;
const MATTERS = 4;
const REVIEW_STEPS = 12;
const DRAFTS = 16;

let cluster: PrivateCluster | undefined;
let handle: DbHandle | undefined;
let platform: Platform;
let world: World;
let workDir: string;
let port: number;
let server: ChildProcess | null = null;
let token: string;
const matterIds: string[] = [];
const draftIds: string[] = [];
const env = testEnv();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const db = () => platform.deps.db;
const base = () => `http://127.0.0.1:${port}`;

function serverLog(): string {
  try {
    return readFileSync(path.join(workDir, 'server.log'), 'utf8').slice(-3000);
  } catch {
    return '';
  }
}

/** Starts the server as `npx micropower serve` does, and waits until its health check answers. */
async function startServer(): Promise<void> {
  const log = openSync(path.join(workDir, 'server.log'), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/cli/src/main.ts'), 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      ...env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: cluster!.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      MICROPOWER_DEMO_SEED: 'false',
      MICROPOWER_JOBS: 'true',
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  server = child;
  let exited = false;
  child.once('exit', () => (exited = true));
  const until = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`the server exited while starting:\n${serverLog()}`);
    if (Date.now() > until) throw new Error(`the server did not start within 60 s:\n${serverLog()}`);
    const ok = await fetch(`${base()}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await sleep(200);
  }
}

async function killServer(): Promise<void> {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

interface Session {
  cookie: string;
  csrf: string;
}

async function login(username: string): Promise<Session> {
  const res = await fetch(`${base()}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('mpw_session='))!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** POST as a signed-in account; the status, or null when the server went away before answering. */
async function post(s: Session, url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> } | null> {
  try {
    const res = await fetch(`${base()}${url}`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  } catch {
    return null;
  }
}

const step = (s: Pick<TFlowStep, 'id' | 'name' | 'kind' | 'role'>): TFlowStep => ({ deadlineDays: 5, materials: [], disclose: '', ...s }) as TFlowStep;

function itemContent(): TPowerItemContent {
  const steps = [
    step({ id: 'apply', name: '提出申请', kind: 'application', role: 'village_secretary' }),
    ...Array.from({ length: REVIEW_STEPS }, (_, i) => step({ id: `review_${i + 1}`, name: `第${i + 1}轮评议`, kind: 'review', role: 'village_supervisor' })),
    step({ id: 'result', name: '结果公开', kind: 'disclosure', role: 'village_secretary' }),
  ];
  return {
    name: '崩溃测试事项',
    category: '民生保障',
    gbClass: '',
    legalBasis: ['社会救助暂行办法'],
    responsibilities: [{ subject: '村党组织书记', duty: '第一责任人' }],
    flow: { steps },
    riskPoints: [],
    disclosure: [],
    timeLimitDays: 30,
    materials: [],
    isService: false,
    summary: '',
  } as TPowerItemContent;
}

/** A payments file of IMPORT_ROWS rows for the two villages of township A. */
function paymentsCsv(): Buffer {
  const lines = ['payment_id,id_number,name,village_code,program,amount,paid_date,bank_account'];
  for (let i = 1; i <= IMPORT_ROWS; i++) {
    const first17 = `330299198${String(1 + (i % 9))}0101${String(i % 1000).padStart(3, '0')}`.slice(0, 17);
    lines.push(`CRASH-${i},${first17}${idNumberCheckChar(first17)},人${i},${i % 2 ? world.villageA1 : world.villageA2},低保金,${100 + (i % 50)}.00,2026-0${1 + (i % 9)}-10,`);
  }
  return Buffer.from(lines.join('\n'));
}

async function pushImport(file: Buffer): Promise<{ status: number; json: Record<string, unknown> } | null> {
  try {
    const res = await fetch(`${base()}/api/v1/datasets/push/payments?fileName=payments-crash.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: new Uint8Array(file),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** The import is writing rows inside its transaction (not yet committed): COPY into its staging table or, for an empty table, the table itself. */
async function importIsWriting(): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(db(), sql`
    select count(*)::int as n from pg_stat_activity
    where pid <> pg_backend_pid() and state <> 'idle' and xact_start is not null
      and query ~* '(mpw_import_stage|copy "?subsidy_payments)'`);
  return rows[0]!.n > 0;
}

const paymentIndexes = () => queryRows<{ indexname: string; indexdef: string }>(db(), sql`select indexname, indexdef from pg_indexes where tablename = 'subsidy_payments' order by indexname`);

const importedRows = async () => (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from subsidy_payments where payment_no like 'CRASH-%'`))[0]!.n;

beforeAll(async () => {
  if (skipReason) return;
  workDir = mkdtempSync(path.join(os.tmpdir(), 'mpw-crash-server-'));
  cluster = await PrivateCluster.create();
  handle = await openDatabase({ databaseUrl: cluster.url, poolSize: 4 });
  await migrateDatabase(handle);
  platform = await openPlatform(loadConfig({ ...env, DATABASE_URL: cluster.url }), { handle, migrate: false });
  const ctx = { platform } as TestContext;
  world = await makeWorld(ctx);
  const officer = await makeUser(ctx, world.district, ['department_officer', 'district_admin']);
  const officerActor: Actor = { kind: 'user', userId: officer.id, username: officer.username, roles: ['department_officer', 'district_admin'], regionCode: world.district, requestId: null };
  token = (await createToken(db(), officerActor, { name: '崩溃测试推送', datasets: ['payments'] })).token;
  await makeUser(ctx, world.villageA1, ['village_secretary'], { username: 'crash.secretary' });
  await makeUser(ctx, world.villageA1, ['village_supervisor'], { username: 'crash.supervisor' });
  const item = await createItem(db(), systemActor(), { code: 'CRASH-1', content: itemContent(), regionCode: world.district });
  const secretaryRow = await queryRows<{ id: string }>(db(), sql`select id from users where username = 'crash.secretary'`);
  const secretaryActor: Actor = { kind: 'user', userId: secretaryRow[0]!.id, username: 'crash.secretary', roles: ['village_secretary'], regionCode: world.villageA1, requestId: null };
  for (let i = 0; i < DRAFTS; i++) {
    const d = await createDisclosure(db(), secretaryActor, { kind: 'other', title: `崩溃测试公开${i}`, content: { summary: `崩溃测试公开${i}，请村民监督。`, sections: [{ heading: '说明', text: '详见下表。' }] } });
    draftIds.push(d.id);
  }
  port = await freePort();
  await startServer();
  const secretary = await login('crash.secretary');
  for (let i = 0; i < MATTERS; i++) {
    const res = await post(secretary, '/api/v1/matters', { itemId: item.id, regionCode: world.villageA1, title: `崩溃测试事项${i}` });
    if (res?.status !== 201) throw new Error(`matter: ${JSON.stringify(res)}`);
    matterIds.push(res.json.id as string);
  }
}, 120_000);

afterAll(async () => {
  await killServer().catch(() => undefined);
  await Promise.race([handle?.close().catch(() => undefined), sleep(5_000)]);
  await cluster?.destroy();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}, 30_000);

describe.skipIf(!!skipReason)(`the server killed mid-work${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  it('keeps the import all-or-nothing, every acknowledged transition and publish, a verifying audit log, and runs the queued jobs after a restart', async () => {
    const secretary = await login('crash.secretary');
    const supervisor = await login('crash.supervisor');
    // Jobs waiting in the queue at the kill (the worker's first round has run; the next is 30 s away).
    await enqueueJob(db(), 'audit.checkpoint', { by: 'crash-test-1' });
    await enqueueJob(db(), 'audit.checkpoint', { by: 'crash-test-2' });
    await enqueueJob(db(), 'matters.overdue_sweep', { by: 'crash-test' });
    const queued = await queryRows<{ id: number }>(db(), sql`select id from jobs where payload->>'by' like 'crash-test%' and status = 'queued'`);
    expect(queued).toHaveLength(3);

    const indexesBefore = await paymentIndexes();
    const file = paymentsCsv();
    let importDone = false;
    const importing = pushImport(file).finally(() => (importDone = true));
    const approved = new Map<string, number>(matterIds.map((id) => [id, 0]));
    const published = new Set<string>();
    let stop = false;
    const transitions = (async () => {
      for (let round = 0; round < REVIEW_STEPS && !stop; round++) {
        for (const id of matterIds) {
          if (stop) return;
          const res = await post(supervisor, `/api/v1/matters/${id}/actions`, { action: 'approve', note: `第${round + 1}轮评议通过` });
          if (res?.status === 200) approved.set(id, approved.get(id)! + 1);
          else if (res) throw new Error(`approve: ${res.status} ${JSON.stringify(res.json)}`);
          else return;
          await sleep(150);
        }
      }
    })();
    const publishes = (async () => {
      for (const id of draftIds) {
        if (stop) return;
        const res = await post(secretary, `/api/v1/disclosures/${id}/publish`);
        if (res?.status === 200) published.add(id);
        else if (res) throw new Error(`publish: ${res.status} ${JSON.stringify(res.json)}`);
        else return;
        await sleep(400);
      }
    })();

    // Kill once the import's transaction is writing rows, while matters move and items are published.
    const until = Date.now() + 60_000;
    while (!(await importIsWriting())) {
      if (importDone || Date.now() > until) throw new Error(`the import never started writing: ${JSON.stringify(await importing)}\n${serverLog()}`);
      await sleep(50);
    }
    await killServer();
    stop = true;
    const importAnswer = await importing;
    await Promise.all([transitions, publishes]);
    expect(importAnswer, 'the import was answered before the kill').toBeNull();
    expect([...approved.values()].reduce((a, b) => a + b, 0), 'no transition was acknowledged before the kill').toBeGreaterThan(0);
    expect(published.size, 'no publish was acknowledged before the kill').toBeGreaterThan(0);

    await startServer();

    // The import: nothing of it (it was killed before its commit), and no record claiming otherwise.
    expect(await importedRows()).toBe(0);
    const records = await queryRows<{ status: string; rows_imported: number }>(db(), sql`select status, rows_imported from data_imports where file_name = 'payments-crash.csv'`);
    expect(records.filter((r) => r.status !== 'failed'), 'a record of the killed import other than failed').toEqual([]);
    expect((await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from data_imports where status = 'running'`))[0]!.n).toBe(0);
    // A large load drops the table's secondary indexes inside its transaction: the crash brought them back.
    expect(await paymentIndexes()).toEqual(indexesBefore);

    // Every acknowledged transition is there, each with its history row and audit event (no partial transaction).
    for (const id of matterIds) {
      const [m] = await queryRows<{ current_step: number; events: number; audited: number }>(db(), sql`
        select m.current_step,
          (select count(*)::int from matter_events e where e.matter_id = m.id and e.action = 'approve') as events,
          (select count(*)::int from audit_events a where a.entity_id = m.id::text and a.action = 'matter.matter.approve') as audited
        from matters m where m.id = ${id}`);
      const acked = approved.get(id)!;
      expect(m!.events, `matter ${id}`).toBe(m!.audited);
      // Step 0 was the application; each approval opened the next step.
      expect(m!.current_step - 1, `matter ${id}`).toBe(m!.events);
      expect(m!.events, `matter ${id}: acknowledged approvals lost`).toBeGreaterThanOrEqual(acked);
      expect(m!.events, `matter ${id}: more than the one in flight`).toBeLessThanOrEqual(acked + 1);
    }

    // Every acknowledged publish is there; each item is published with its version and audit event, or still a draft.
    const items = await queryRows<{ id: string; status: string; versions: number; audited: number }>(db(), sql`
      select d.id, d.status,
        (select count(*)::int from disclosure_versions v where v.disclosure_id = d.id and v.version > 0) as versions,
        (select count(*)::int from audit_events a where a.entity_id = d.id::text and a.action = 'disclosure.item.publish') as audited
      from disclosures d where d.region_code = ${world.villageA1} and d.title like '崩溃测试公开%'`);
    expect(items).toHaveLength(DRAFTS);
    for (const d of items) {
      if (published.has(d.id)) expect(d.status, `publish of ${d.id} lost`).toBe('published');
      expect({ id: d.id, versions: d.versions, audited: d.audited }).toEqual(d.status === 'published' ? { id: d.id, versions: 1, audited: 1 } : { id: d.id, versions: 0, audited: 0 });
    }
    expect(items.filter((d) => d.status === 'published').length).toBeLessThanOrEqual(published.size + 1);

    // The queue resumes: the jobs queued before the kill run at the restarted server's first round.
    const jobsUntil = Date.now() + 30_000;
    let jobs = await queryRows<{ id: number; kind: string; status: string }>(db(), sql`select id, kind, status from jobs where payload->>'by' like 'crash-test%' order by id`);
    while (jobs.some((j) => j.status !== 'done') && Date.now() < jobsUntil) {
      await sleep(250);
      jobs = await queryRows(db(), sql`select id, kind, status from jobs where payload->>'by' like 'crash-test%' order by id`);
    }
    expect(jobs.map((j) => j.status), serverLog()).toEqual(['done', 'done', 'done']);

    const report = await verifyAuditLog(db());
    expect(report).toMatchObject({ ok: true, problem: null });
    expect(report.checkpointsChecked).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
