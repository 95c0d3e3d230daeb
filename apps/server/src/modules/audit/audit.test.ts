import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, regions } from '@mpw/db';
import { createTestContext, login, makeUser, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { systemActor } from '../../lib/actor.js';
import { verifyConsistency, verifyInclusion, createHasher, verifyCheckpoint } from '../../lib/crypto/index.js';
import { audited } from './audit.log.js';
import { createCheckpoint, getConsistencyProof, getInclusionProof, verifyAuditLog } from './audit.service.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../../../..');

let ctx: TestContext;
let world: World;

beforeAll(async () => {
  ctx = await createTestContext();
  world = await makeWorld(ctx);
});
afterAll(() => ctx.close());

const db = () => ctx.platform.deps.db;

async function expectRejected(p: Promise<unknown>, pattern: RegExp) {
  let error: unknown;
  try {
    await p;
  } catch (err) {
    error = err;
  }
  expect(error, 'expected the database to refuse').toBeDefined();
  const text = `${(error as Error).message} ${((error as Error).cause as Error | undefined)?.message ?? ''}`;
  expect(text).toMatch(pattern);
}

describe('append-only audit tables', () => {
  it('refuse UPDATE, DELETE and TRUNCATE', async () => {
    await makeUser(ctx, world.villageA1, ['village_secretary']);
    await expectRejected(db().execute(sql`update audit_events set action = 'x' where seq = 0`), /append-only/);
    await expectRejected(db().execute(sql`delete from audit_events where seq = 0`), /append-only/);
    await expectRejected(db().execute(sql`truncate audit_events`), /append-only/);
    await createCheckpoint(db(), systemActor(), ctx.platform.deps.signer);
    await expectRejected(db().execute(sql`update audit_checkpoints set root_hash = 'x'`), /append-only/);
    await expectRejected(db().execute(sql`delete from audit_checkpoints`), /append-only/);
  });

  it('refuse business writes made outside the audit mechanism', async () => {
    await expectRejected(
      db().insert(regions).values({ code: `${world.townshipA.slice(0, 9)}288`, name: '偷建村', level: 'village', parentCode: world.townshipA, regionCode: `${world.townshipA.slice(0, 9)}288` }),
      /outside an audited transaction/,
    );
    await expectRejected(db().execute(sql`update users set display_name = 'x'`), /outside an audited transaction/);
  });

  it('roll the business write back when the audit event cannot be written', async () => {
    const code = `${world.townshipA.slice(0, 9)}277`;
    await expectRejected(
      audited(db(), systemActor(), async (w) => {
        await w.tx.insert(regions).values({ code, name: '回滚村', level: 'village', parentCode: world.townshipA, regionCode: code });
        // An entity type of null violates the audit table's constraint: the event fails, so must the region.
        await w.record({ action: 'region.region.create', entityType: null as unknown as string, entityId: code });
      }),
      /null value|not-null|violates/,
    );
    const rows = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from regions where code = ${code}`);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('audit events', () => {
  it('record who, role, region, action, entity, before/after and request id — with secrets redacted', async () => {
    const admin = await makeUser(ctx, world.district, ['district_admin']);
    const c = await login(ctx.app, admin.username);
    const res = await c.post('/api/v1/users', { username: 'audited.one', displayName: '被审计', regionCode: world.villageA1, roles: ['village_accountant'], password: 'Secret-pass-4242' });
    expect(res.statusCode).toBe(201);
    const requestId = res.headers['x-request-id'];
    const [e] = await queryRows<{ actor_id: string; actor_role: string; region_code: string; after: unknown; request_id: string; action: string }>(
      db(),
      sql`select actor_id, actor_role, region_code, after, request_id, action from audit_events where action = 'user.account.create' and entity_id = ${res.json().id}`,
    );
    expect(e).toMatchObject({ actor_id: admin.id, actor_role: 'district_admin', region_code: world.villageA1, request_id: requestId });
    const dump = await queryRows<{ t: string }>(db(), sql`select string_agg(coalesce(after::text, '') || coalesce(before::text, ''), ' ') as t from audit_events`);
    expect(dump[0]!.t).not.toContain('Secret-pass-4242');
    expect(dump[0]!.t).not.toContain('scrypt$');
  });

  it('are listed only within the actor’s region scope', async () => {
    const t = await makeUser(ctx, world.townshipB, ['township_discipline']);
    await makeUser(ctx, world.villageA1, ['village_secretary']);
    const c = await login(ctx.app, t.username);
    const res = await c.get('/api/v1/audit/events?pageSize=200');
    expect(res.statusCode).toBe(200);
    const data = res.json().data as { regionCode: string }[];
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((e) => e.regionCode.startsWith(world.townshipB.slice(0, 9)))).toBe(true);
  });
});

describe('Merkle log, checkpoints and proofs', () => {
  it('signs checkpoints whose inclusion and consistency proofs verify (RFC 9162)', async () => {
    const h = createHasher('sm3');
    const first = await createCheckpoint(db(), systemActor(), ctx.platform.deps.signer);
    for (let i = 0; i < 5; i++) await makeUser(ctx, world.villageB1, ['village_supervisor']);
    const second = await createCheckpoint(db(), systemActor(), ctx.platform.deps.signer);
    expect(second.treeSize).toBeGreaterThan(first.treeSize);
    expect(verifyCheckpoint(second as Parameters<typeof verifyCheckpoint>[0], { trustedPublicKeyHex: ctx.platform.deps.signer.publicKeyHex })).toBe(true);

    for (const seq of [0, 1, first.treeSize - 1, second.treeSize - 1]) {
      const p = await getInclusionProof(db(), seq, second.treeSize);
      const ok = verifyInclusion(h, seq, second.treeSize, Buffer.from(p.leafHash, 'hex'), p.proof.map((x) => Buffer.from(x, 'hex')), Buffer.from(second.rootHash, 'hex'));
      expect(ok, `inclusion of ${seq}`).toBe(true);
    }
    const cons = await getConsistencyProof(db(), first.treeSize, second.treeSize);
    expect(
      verifyConsistency(h, first.treeSize, second.treeSize, Buffer.from(first.rootHash, 'hex'), Buffer.from(second.rootHash, 'hex'), cons.proof.map((x) => Buffer.from(x, 'hex'))),
    ).toBe(true);
    // A proof against a root that was not signed fails.
    const wrongRoot = Buffer.from(first.rootHash, 'hex');
    const p = await getInclusionProof(db(), 1, second.treeSize);
    expect(verifyInclusion(h, 1, second.treeSize, Buffer.from(p.leafHash, 'hex'), p.proof.map((x) => Buffer.from(x, 'hex')), wrongRoot)).toBe(false);
  });

  it('publishes the latest checkpoint and proofs on public routes, and a receipt verifies offline', async () => {
    await createCheckpoint(db(), systemActor(), ctx.platform.deps.signer);
    const latest = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/audit/checkpoint/latest' });
    expect(latest.statusCode).toBe(200);
    const cp = latest.json();
    const cons = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/audit/proofs/consistency?first=1&second=${cp.treeSize}` });
    expect(cons.statusCode).toBe(404); // size 1 was never a checkpoint
    const receipt = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/audit/receipts/3` });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.json().event).toBeUndefined();

    const admin = await makeUser(ctx, world.district, ['district_admin']);
    const c = await login(ctx.app, admin.username);
    await createCheckpoint(db(), systemActor(), ctx.platform.deps.signer);
    const staffReceipt = await c.get('/api/v1/audit/events/3/receipt');
    expect(staffReceipt.statusCode).toBe(200);
    expect(staffReceipt.json().event.seq).toBe(3);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-receipt-'));
    const file = path.join(dir, 'receipt.json');
    writeFileSync(file, staffReceipt.body);
    const okRun = await run('node', [path.join(ROOT, 'tools/verify-receipt.mjs'), file, '--public-key', ctx.platform.deps.signer.publicKeyHex]);
    expect(okRun.stdout).toMatch(/OK/);
    const bad = staffReceipt.json();
    bad.event.action = 'forged';
    writeFileSync(file, JSON.stringify(bad));
    await expect(run('node', [path.join(ROOT, 'tools/verify-receipt.mjs'), file])).rejects.toMatchObject({ code: 1 });
  });

  it('answers 404 for a proof of an event not yet covered by a checkpoint', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/audit/proofs/inclusion?leafIndex=999999' });
    expect(res.statusCode).toBe(404);
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/audit/proofs/inclusion?leafIndex=-1' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('audit verify catches tampering at the first bad event', () => {
  async function freshLog() {
    // A dedicated context: tampering must not disturb the other tests' log.
    const c = await createTestContext();
    const w = await makeWorld(c);
    for (let i = 0; i < 4; i++) await makeUser(c, w.villageA1, ['village_secretary']);
    await createCheckpoint(c.platform.deps.db, systemActor(), c.platform.deps.signer);
    for (let i = 0; i < 2; i++) await makeUser(c, w.villageA2, ['village_secretary']);
    return c;
  }

  it('passes on an untouched log', async () => {
    const c = await freshLog();
    try {
      const r = await verifyAuditLog(c.platform.deps.db);
      expect(r).toMatchObject({ ok: true, firstBadSeq: null });
      expect(r.eventsChecked).toBeGreaterThan(10);
      expect(r.checkpointsChecked).toBe(1);
    } finally {
      await c.close();
    }
  });

  /** Builds a fresh log, tampers with it as a superuser would, and returns what verify says. */
  async function verifyAfter(change: (c: TestContext) => Promise<ReturnType<typeof sql>[]>) {
    const c = await freshLog();
    try {
      const statements = await change(c);
      await c.platform.deps.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        for (const s of statements) await tx.execute(s);
      });
      return await verifyAuditLog(c.platform.deps.db);
    } finally {
      await c.close();
    }
  }

  it('an edited past event', async () => {
    const r = await verifyAfter(async () => [sql`update audit_events set after = '{"name":"篡改"}'::jsonb where seq = 5`]);
    expect(r).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('an edit that also recomputed the leaf hash is caught by the hash chain', async () => {
    const r = await verifyAfter(async (c) => {
      const { auditEvents } = await import('@mpw/db');
      const { rowToLeaf } = await import('./audit.presenter.js');
      const { computeLeafHash, auditHasher } = await import('./audit.log.js');
      const [row] = await c.platform.deps.db.select().from(auditEvents).where(sql`seq = 4`);
      const leafHash = computeLeafHash(auditHasher(), rowToLeaf({ ...row!, actorName: 'someone-else' })).toString('hex');
      return [sql`update audit_events set actor_name = 'someone-else', leaf_hash = ${leafHash} where seq = 4`];
    });
    expect(r).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('a deleted event', async () => {
    const r = await verifyAfter(async () => [sql`delete from audit_events where seq = 7`]);
    expect(r).toMatchObject({ ok: false, firstBadSeq: 7 });
  });

  it('two swapped events', async () => {
    const r = await verifyAfter(async () => [
      sql`update audit_events set seq = -1 where seq = 3`,
      sql`update audit_events set seq = 3 where seq = 8`,
      sql`update audit_events set seq = 8 where seq = -1`,
    ]);
    expect(r).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('deleting the newest events behind a checkpoint', async () => {
    let size = 0;
    const r = await verifyAfter(async (c) => {
      size = (await createCheckpoint(c.platform.deps.db, systemActor(), c.platform.deps.signer)).treeSize;
      return [sql`delete from audit_events where seq >= ${size - 2}`];
    });
    expect(r).toMatchObject({ ok: false, firstBadSeq: size - 2 });
  });

  it('the command line reports the first bad event and exits non-zero', async () => {
    if (process.env.MPW_TEST_DB !== 'postgres') return; // the CLI needs a database another process can open: see cli.test.ts for the embedded store
    const c = await freshLog();
    try {
      const url = (c.platform.handle as unknown as { url?: string }).url;
      await c.platform.deps.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`update audit_events set action = 'forged' where seq = 6`);
      });
      const env = { ...process.env, DATABASE_URL: url, MICROPOWER_AUDIT_SIGNING_KEY: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8', MICROPOWER_SECRET_KEY: '0f'.repeat(32), MICROPOWER_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'mpw-cli-')), LOG_LEVEL: 'silent' };
      const err = await run('node', [path.join(ROOT, 'apps/cli/bin/micropower.mjs'), 'audit', 'verify'], { env }).catch((e) => e);
      expect(err.code).toBe(1);
      expect(err.stdout).toMatch(/FAILED at event #6/);
    } finally {
      await c.close();
    }
  });
});
