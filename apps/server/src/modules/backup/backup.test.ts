import { randomBytes } from 'node:crypto';
import { cpSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { MIGRATIONS_FOLDER, openDatabase, queryRows, users, type Db } from '@mpw/db';
import { loadConfig, type AppConfig } from '../../config.js';
import { systemActor } from '../../lib/actor.js';
import { blobStoreFor } from '../../lib/blob-store.js';
import { createTestContext, makeUser, makeWorld, testEnv, type TestContext } from '../../../test/helpers.js';
import { pgAdminUrl, testDbKind, testDbPrefix, withDatabase } from '../../../test/test-db.js';
import { audited } from '../audit/audit.log.js';
import { createCheckpoint } from '../audit/audit.service.js';
import { storeAttachment } from '../attachments/attachments.service.js';
import { TEST_TARGET, registerTestAttachmentTarget, tinyPng } from '../attachments/attachments.test-support.js';
import { seedDefaultCatalogue } from '../power/power.service.js';
import { enqueueJob } from '../jobs/jobs.repository.js';
import { createBackup, restoreBackup, type TBackupManifest } from './index.js';
import { readTar, TarWriter } from './backup.tar.js';

/**
 * Backup and restore on a real store: a small world (regions, accounts, the power catalogue,
 * attachments, a queued job, a sealed value, audit events and a checkpoint) is backed up and
 * restored into a fresh, empty installation, then compared table by table and blob by blob.
 * On PostgreSQL the main path is pg_dump; the logical format is also carried across to the
 * embedded database and back.
 */
const isPg = testDbKind() === 'postgres';
let ctx: TestContext;
let source: { db: Db; url?: string; dataDir: string };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'mpw-backup-'));
const madeDbs: string[] = [];
let backupFile: string;

async function adminQuery(text: string) {
  const c = new pg.Client({ connectionString: pgAdminUrl() });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** A new, empty PostgreSQL database (dropped after the file). */
async function emptyPgDatabase(): Promise<string> {
  const name = `${testDbPrefix()}restore_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database "${name}"`);
  madeDbs.push(name);
  return withDatabase(pgAdminUrl(), name);
}

/** A fresh installation's configuration with the source's keys (testEnv) and an empty data folder. */
function targetConfig(databaseUrl?: string, extra: Record<string, string> = {}): AppConfig {
  return loadConfig(testEnv({ ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...extra }));
}

/** One checksum per table over every row's text, in a fixed time zone. */
async function tableChecksums(db: Db): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const tables = await queryRows<{ name: string }>(tx, sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const [r] = await queryRows<{ sum: string; n: string }>(
        tx,
        sql`select md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as sum, count(*)::text as n from ${sql.identifier(name)} t`,
      );
      out[name] = `${r!.n}:${r!.sum}`;
    }
    return out;
  });
}

function blobFiles(dataDir: string): Record<string, string> {
  const root = path.join(dataDir, 'blobs');
  const out: Record<string, string> = {};
  if (!existsSync(root)) return out;
  for (const a of readdirSync(root)) {
    if (a === 'tmp') continue;
    for (const b of readdirSync(path.join(root, a))) {
      for (const f of readdirSync(path.join(root, a, b))) out[f] = readFileSync(path.join(root, a, b, f)).toString('base64');
    }
  }
  return out;
}

async function withStore<T>(config: AppConfig, work: (db: Db) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

/** Rewrites a backup file, letting `edit` change entries (name → new bytes). */
async function rewriteBackup(from: string, to: string, edit: (name: string, data: Buffer) => Buffer) {
  const pass = new PassThrough();
  const done = pipeline(pass, createGzip(), createWriteStream(to));
  const tar = new TarWriter(pass);
  const input = createReadStream(from).pipe(createGunzip());
  for await (const entry of readTar(input as AsyncIterable<Buffer>)) {
    const parts: Buffer[] = [];
    for await (const c of entry.body) parts.push(c);
    await tar.addBuffer(entry.name, edit(entry.name, Buffer.concat(parts)));
  }
  await tar.finish();
  pass.end();
  await done;
}

beforeAll(async () => {
  ctx = await createTestContext();
  const deps = ctx.platform.deps;
  source = { db: deps.db, url: (ctx.platform.handle as { url?: string }).url, dataDir: deps.config.dataDir };
  const world = await makeWorld(ctx);
  const secretary = await makeUser(ctx, world.villageA1, ['village_secretary']);
  await seedDefaultCatalogue(deps.db, systemActor(), world.district);
  registerTestAttachmentTarget();
  const store = blobStoreFor(source.dataDir);
  const actor = systemActor();
  for (const [seed, entityId] of [[1, world.villageA1], [2, world.villageA2], [1, world.villageB1]] as const) {
    await storeAttachment(deps.db, actor, { regionCode: entityId, entityType: TEST_TARGET, entityId, fileName: `照片${seed}.png`, data: tinyPng({ seed }) }, store);
  }
  await audited(deps.db, systemActor(), async (w) => {
    await w.tx.update(users).set({ totpPendingSealed: deps.secrets.seal('JBSWY3DPEHPK3PXP') }).where(eq(users.id, secretary.id));
    await w.record({ action: 'test.sealed', entityType: 'user', entityId: secretary.id, regionCode: world.villageA1 });
  });
  await enqueueJob(deps.db, 'test.backup', { n: 1 });
  await createCheckpoint(deps.db, systemActor(), deps.signer);
  // One event after the checkpoint: the head of the log is not the checkpoint's.
  await audited(deps.db, systemActor(), (w) => w.record({ action: 'test.after-checkpoint', entityType: 'test', entityId: null, regionCode: null }));
  backupFile = path.join(tmp, 'nightly', 'micropower.tar.gz');
});

afterAll(async () => {
  await ctx?.close();
  if (isPg) for (const name of madeDbs) await adminQuery(`drop database if exists "${name}" with (force)`);
  rmSync(tmp, { recursive: true, force: true });
});

describe(`backup and restore (${testDbKind()})`, () => {
  it('restores onto an empty installation: every table, every blob, the audit chain; names what other keys cannot open', async () => {
    const summary = await createBackup({ handle: ctx.platform.handle, databaseUrl: source.url, dataDir: source.dataDir }, { file: backupFile });
    expect(summary.dumpFormat).toBe(isPg ? 'pg_dump' : 'logical');
    expect(summary.blobs).toBe(2);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    // Nothing but the file is left beside it (no spool, no temporary file).
    expect(readdirSync(path.dirname(backupFile))).toEqual(['micropower.tar.gz']);

    // A new installation with its own secret key, whose blob folder already holds a file.
    const target = targetConfig(isPg ? await emptyPgDatabase() : undefined, { MICROPOWER_SECRET_KEY: 'ab'.repeat(32) });
    const old = path.join(target.dataDir, 'blobs', 'aa', 'bb', 'aabb'.padEnd(64, '0'));
    mkdirSync(path.dirname(old), { recursive: true });
    writeFileSync(old, 'old');
    await expect(restoreBackup(target, { file: backupFile })).rejects.toThrow(/已有数据（blobs）.*--force/);
    const lines: string[] = [];
    const report = await restoreBackup(target, { file: backupFile, force: true, onProgress: (l) => lines.push(l) });
    expect(report.movedAside).toMatch(/before-restore-/);
    expect(readFileSync(path.join(report.movedAside!, 'blobs', 'aa', 'bb', path.basename(old)), 'utf8')).toBe('old');
    expect(report.audit).toMatchObject({ ok: true, checkpointsChecked: 1 });
    expect(report.audit.eventsChecked).toBeGreaterThan(10);
    expect(report.auditHeadMatches).toBe(true);
    expect(report.unreadable).toEqual([{ column: 'users.totp_pending_sealed', label: '账号待启用的双因素认证种子', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), count: 1 }]);
    expect(report.signingKey).toBe('same');
    expect(lines.join('\n')).toMatch(/SHA-256 均已核对/);

    const want = await tableChecksums(source.db);
    expect(Object.keys(want).length).toBeGreaterThan(20);
    expect(blobFiles(target.dataDir)).toEqual(blobFiles(source.dataDir));
    // A second restore onto the now populated installation is refused (PostgreSQL: even with --force).
    await expect(restoreBackup(target, { file: backupFile, force: isPg })).rejects.toThrow(isPg ? /不是空的.*createdb/ : /已有数据（pgdata、blobs）/);
    await withStore(target, async (db) => {
      expect(await tableChecksums(db)).toEqual(want);
      // The restored store takes new work: the job sequence continues after the restored rows.
      await enqueueJob(db, 'test.after-restore', {});
      const jobs = await queryRows<{ kind: string }>(db, sql`select kind from jobs where kind like 'test.%' order by id`);
      expect(jobs.map((j) => j.kind)).toEqual(['test.backup', 'test.after-restore']);
    });
  });

  it.runIf(isPg)('carries the logical format from PostgreSQL to the embedded database and back', async () => {
    const file = path.join(tmp, 'logical.tar.gz');
    await createBackup({ handle: ctx.platform.handle, databaseUrl: source.url, dataDir: source.dataDir }, { file, format: 'logical' });
    const target = targetConfig();
    const report = await restoreBackup(target, { file });
    expect(report.manifest).toMatchObject({ kind: 'postgres', dumpFormat: 'logical' });
    expect(report).toMatchObject({ unreadable: [], auditHeadMatches: true, audit: { ok: true } });
    const back = path.join(tmp, 'from-pglite.tar.gz');
    const restored = await withStore(target, async (db) => {
      const sums = await tableChecksums(db);
      await createBackup({ handle: { db, kind: 'pglite', close: async () => {} }, dataDir: target.dataDir }, { file: back });
      return sums;
    });
    expect(restored).toEqual(await tableChecksums(source.db));
    const pgTarget = targetConfig(await emptyPgDatabase());
    const again = await restoreBackup(pgTarget, { file: back });
    expect(again.manifest.kind).toBe('pglite');
    expect(again.audit.ok).toBe(true);
    expect(await withStore(pgTarget, tableChecksums)).toEqual(restored);
    expect(blobFiles(pgTarget.dataDir)).toEqual(blobFiles(source.dataDir));
  });

  it('refuses a tampered or damaged backup before anything is written', async () => {
    const target = targetConfig(isPg ? await emptyPgDatabase() : undefined);
    const aBlob = (name: string) => name.startsWith('blobs/');
    let flipped = false;
    const blobTampered = path.join(tmp, 'blob-tampered.tar.gz');
    await rewriteBackup(backupFile, blobTampered, (name, data) => {
      if (!aBlob(name) || flipped) return data;
      flipped = true;
      const copy = Buffer.from(data);
      copy[copy.length - 1]! ^= 0xff;
      return copy;
    });
    await expect(restoreBackup(target, { file: blobTampered })).rejects.toThrow(/附件文件 [0-9a-f]{64} 的内容与其 SHA-256 不符/);

    const manifestTampered = path.join(tmp, 'manifest-tampered.tar.gz');
    await rewriteBackup(backupFile, manifestTampered, (name, data) => {
      if (name !== 'manifest.json') return data;
      const m = JSON.parse(data.toString('utf8')) as TBackupManifest;
      const file = m.database.dump ?? m.database.tables![0]!;
      file.sha256 = file.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      return Buffer.from(JSON.stringify(m));
    });
    await expect(restoreBackup(target, { file: manifestTampered })).rejects.toThrow(/内容与清单中的 SHA-256 不符/);

    const damaged = path.join(tmp, 'damaged.tar.gz');
    const bytes = readFileSync(backupFile);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x55;
    writeFileSync(damaged, bytes);
    await expect(restoreBackup(target, { file: damaged })).rejects.toThrow(/备份文件无效/);

    // The target is still empty: a good backup restores into it afterwards.
    expect(existsSync(path.join(target.dataDir, 'pgdata'))).toBe(false);
    expect(blobFiles(target.dataDir)).toEqual({});
    expect(readdirSync(target.dataDir).filter((f) => f.startsWith('restore-'))).toEqual([]);
  });

  it.runIf(isPg)('restores a backup of an older migration level and migrates it to the current one', async () => {
    // A database migrated only up to the second-to-last migration, holding one region.
    const folder = path.join(tmp, 'older-migrations');
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const current = journal.entries.length;
    journal.entries = journal.entries.slice(0, -1);
    writeFileSync(journalFile, JSON.stringify(journal));
    const url = await emptyPgDatabase();
    const older = await openDatabase({ databaseUrl: url, poolSize: 1 });
    const file = path.join(tmp, 'older.tar.gz');
    try {
      await migrate(older.db as never, { migrationsFolder: folder });
      await older.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('mpw.audited', 'on', true)`);
        await tx.execute(sql`insert into regions (code, name, level, parent_code, region_code) values ('990000000000', '旧版本区', 'district', null, '990000000000')`);
      });
      await createBackup({ handle: older, databaseUrl: url, dataDir: path.join(tmp, 'older-data') }, { file, format: 'logical' });
    } finally {
      await older.close();
    }
    const target = targetConfig(await emptyPgDatabase());
    const report = await restoreBackup(target, { file });
    expect(report.manifest.migrationTag).toBe(journal.entries.at(-1)!.tag);
    await withStore(target, async (db) => {
      const [level] = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from drizzle.__drizzle_migrations`);
      expect(Number(level!.n)).toBe(current);
      const regions = await queryRows<{ name: string }>(db, sql`select name from regions`);
      expect(regions.map((r) => r.name)).toEqual(['旧版本区']);
    });
  });
});
