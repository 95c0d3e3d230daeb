import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { acquireDataDirLock, migrateDatabase, MIGRATIONS_FOLDER, openDatabase, type Db, type DbHandle } from '@mpw/db';
import type { TVerifyReport } from '@mpw/contracts';
import type { AppConfig } from '../../config.js';
import { AppError, ErrorCode } from '../../lib/errors.js';
import { loadSecretBox, type SecretBox } from '../../lib/secret-box.js';
import { signerFromEnvOrFile, type HashAlgorithm } from '../../lib/crypto/index.js';
import { auditHasher, setAuditHashAlgorithm } from '../audit/audit.log.js';
import { verifyAuditLog } from '../audit/audit.service.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, MANIFEST_ENTRY, ZBackupManifest, blobEntryName, type TBackupManifest } from './backup.manifest.js';
import { ArchiveFormatError, TarWriter, readTar } from './backup.tar.js';
import { PgToolError, pgDump, pgRestore, pgToolAvailable } from './backup.pgtools.js';
import * as repo from './backup.repository.js';
import { blobRoot, fsyncPath, hasBlobs, hashFile, listBlobs, verifiedBlob, writeHashed } from './backup.files.js';

export type Progress = (line: string) => void;
type Manifest = TBackupManifest;
type DatabasePart = Manifest['database'] & Pick<Manifest, 'audit' | 'sealed'>;

const APP_VERSION = (() => {
  try {
    const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
})();

const DUMP_FILE = 'database/pg_dump.custom';
const refused = (message: string) => new AppError(ErrorCode.CONFLICT, { message });
const badBackup = (message: string) => new AppError(ErrorCode.VALIDATION_FAILED, { message: `备份文件无效：${message}`, details: [{ path: 'file', message }] });

// ---------------------------------------------------------------------------
// Shared helpers

interface JournalEntry {
  tag: string;
  when: number;
}

function migrationJournal(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

function migrationLevel(latest: { createdAt: number } | null): Manifest['database']['migration'] {
  if (!latest) return { level: 0, tag: null, createdAt: null };
  const applied = migrationJournal().filter((e) => e.when <= latest.createdAt);
  return { level: applied.length, tag: applied.at(-1)?.tag ?? null, createdAt: latest.createdAt };
}

// ---------------------------------------------------------------------------
// Backup

export interface BackupSource {
  /** The open store; it need not be migrated to the current level. */
  handle: DbHandle;
  /** PostgreSQL: the connection for pg_dump. */
  databaseUrl?: string;
  /** The data folder whose `blobs/` holds attachments, imported files and error reports. */
  dataDir: string;
}

export interface CreateBackupInput {
  file: string;
  /** 'auto': pg_dump on PostgreSQL when installed, else logical; 'logical': the portable per-table dump (restores into either database). */
  format?: 'auto' | 'logical';
  onProgress?: Progress;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  dumpFormat: 'pg_dump' | 'logical';
  tables: number;
  rows: number;
  blobs: number;
  blobBytes: number;
  auditEvents: number;
}

/** What every dump records from its snapshot, whatever the format. */
async function snapshotFacts(s: repo.RawSession, tables: string[]) {
  const rowCounts: Record<string, number> = {};
  for (const t of tables) rowCounts[t] = await repo.countRows(s, t);
  const audit = await repo.auditHead(s);
  return {
    serverVersion: await repo.serverVersion(s),
    migration: migrationLevel(await repo.latestMigration(s)),
    rowCounts,
    audit,
    sealed: await repo.sealedKeyUse(s),
  };
}

const SNAPSHOT = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;

async function dumpLogical(handle: DbHandle, spool: string, progress: Progress): Promise<DatabasePart> {
  return handle.db.transaction(async (tx) => {
    const s = repo.rawSession(tx);
    await repo.usePortableFormats(s);
    const tables = await repo.listTables(s);
    const facts = await snapshotFacts(s, tables.map((t) => t.name));
    const dumps = [];
    for (const [i, t] of tables.entries()) {
      const file = `database/tables/${String(i + 1).padStart(4, '0')}-${t.name}.copy`;
      const written = await writeHashed(path.join(spool, file), (write) => s.copyTableOut(t.name, t.columns, write));
      dumps.push({ name: t.name, columns: t.columns, file, ...written });
    }
    const sequences = await repo.listSequences(s);
    progress(`数据库（逻辑导出）：${tables.length} 张表，${Object.values(facts.rowCounts).reduce((a, b) => a + b, 0)} 行`);
    const { audit, sealed, ...db } = facts;
    return { kind: handle.kind, dumpFormat: 'logical' as const, ...db, tables: dumps, sequences, audit, sealed };
  }, SNAPSHOT);
}

async function dumpWithPgDump(handle: DbHandle, url: string, spool: string, progress: Progress): Promise<DatabasePart> {
  return handle.db.transaction(async (tx) => {
    const s = repo.rawSession(tx);
    const tables = await repo.listTables(s);
    const facts = await snapshotFacts(s, tables.map((t) => t.name));
    // pg_dump reads the snapshot this transaction exported, so the counts above describe the dump exactly.
    const snapshot = await repo.exportSnapshot(s);
    const file = path.join(spool, DUMP_FILE);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await pgDump(url, file, snapshot);
    const dump = { file: DUMP_FILE, ...(await hashFile(file)) };
    progress(`数据库（pg_dump）：${tables.length} 张表，${Object.values(facts.rowCounts).reduce((a, b) => a + b, 0)} 行`);
    const { audit, sealed, ...db } = facts;
    return { kind: handle.kind, dumpFormat: 'pg_dump' as const, ...db, dump, audit, sealed };
  }, SNAPSHOT);
}

/**
 * Writes one backup file: a gzip'd tar of manifest.json, the database dump and every blob.
 * The database is read in one snapshot first; blobs are written before the rows that name
 * them and never deleted, so every blob the snapshot refers to is on disk when they are copied.
 */
export async function createBackup(source: BackupSource, input: CreateBackupInput): Promise<BackupSummary> {
  const progress = input.onProgress ?? (() => {});
  const file = path.resolve(input.file);
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const spool = path.join(dir, `.${path.basename(file)}.${tag}.d`);
  const tmp = path.join(dir, `.${path.basename(file)}.${tag}.tmp`);
  await mkdir(spool, { mode: 0o700 });
  try {
    let database: DatabasePart;
    const wantsPgDump = source.handle.kind === 'postgres' && input.format !== 'logical' && source.databaseUrl !== undefined;
    if (wantsPgDump && (await pgToolAvailable('pg_dump'))) {
      try {
        database = await dumpWithPgDump(source.handle, source.databaseUrl!, spool, progress);
      } catch (err) {
        if (!(err instanceof PgToolError)) throw err;
        progress(`pg_dump 失败，改用逻辑导出 (pg_dump failed, falling back to the logical dump): ${err.message.split('\n')[0]}`);
        await rm(path.join(spool, 'database'), { recursive: true, force: true });
        database = await dumpLogical(source.handle, spool, progress);
      }
    } else {
      if (wantsPgDump) progress('未找到 pg_dump，使用逻辑导出 (pg_dump not found: logical dump)');
      database = await dumpLogical(source.handle, spool, progress);
    }
    const blobs = await listBlobs(blobRoot(source.dataDir));
    const blobBytes = blobs.reduce((a, b) => a + b.size, 0);
    progress(`附件文件：${blobs.length} 个，${(blobBytes / 1024 / 1024).toFixed(1)} MB`);
    const { audit, sealed, ...db } = database;
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      appVersion: APP_VERSION,
      database: db,
      blobs: { count: blobs.length, bytes: blobBytes, sha256: blobs.map((b) => b.sha256) },
      audit,
      sealed,
    };
    const dbFiles = db.dump ? [db.dump] : (db.tables ?? []);

    const pass = new PassThrough();
    const done = pipeline(pass, createGzip(), createWriteStream(tmp, { mode: 0o600 }));
    try {
      const tar = new TarWriter(pass);
      await tar.addBuffer(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2)));
      for (const f of dbFiles) await tar.add(f.file, f.bytes, createReadStream(path.join(spool, f.file)));
      for (const b of blobs) await tar.add(blobEntryName(b.sha256), b.size, verifiedBlob(b.file, b.sha256));
      await tar.finish();
      pass.end();
      await done;
    } catch (err) {
      pass.destroy(err as Error);
      await done.catch(() => {});
      throw err;
    }
    await fsyncPath(tmp);
    await chmod(tmp, 0o600);
    await rename(tmp, file);
    await fsyncPath(dir);
    const bytes = (await stat(file)).size;
    return {
      file,
      bytes,
      dumpFormat: db.dumpFormat,
      tables: Object.keys(db.rowCounts).length,
      rows: Object.values(db.rowCounts).reduce((a, b) => a + b, 0),
      blobs: blobs.length,
      blobBytes,
      auditEvents: audit.events,
    };
  } finally {
    await rm(spool, { recursive: true, force: true });
    await rm(tmp, { force: true });
  }
}

// ---------------------------------------------------------------------------
// Restore

export interface RestoreInput {
  file: string;
  /** Embedded store: move the existing data aside first. PostgreSQL still needs an empty database. */
  force?: boolean;
  onProgress?: Progress;
}

export interface UnreadableSealed {
  column: string;
  label: string;
  keyId: string;
  count: number;
}

export interface RestoreReport {
  manifest: Pick<Manifest, 'createdAt' | 'appVersion'> & { kind: Manifest['database']['kind']; dumpFormat: Manifest['database']['dumpFormat']; migrationTag: string | null };
  tables: number;
  rows: number;
  blobs: number;
  audit: TVerifyReport;
  /** The restored log ends with the event the backup recorded as its head. */
  auditHeadMatches: boolean;
  /** Sealed values the keys in place cannot open. */
  unreadable: UnreadableSealed[];
  /** 'same' / 'different' signing key than the newest checkpoint's; 'absent': a new key will be made at first start. */
  signingKey: 'same' | 'different' | 'absent' | 'no-checkpoint';
  /** Where --force moved the previous data. */
  movedAside: string | null;
}

const SEALED_LABELS: Record<string, string> = {
  'reports.reporter_sealed': '举报人身份及联系方式',
  'users.totp_secret_sealed': '账号的双因素认证种子',
  'users.totp_pending_sealed': '账号待启用的双因素认证种子',
  'matters.applicant_id_sealed': '事项申请人身份证号',
};

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');

/**
 * What of the target already holds data: refuses a PostgreSQL database that is not empty, and
 * anything else unless --force (which then moves it aside, see moveAside).
 */
async function existingData(config: AppConfig, force: boolean): Promise<string[]> {
  const found: string[] = [];
  if (config.databaseUrl) {
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 1 });
    try {
      const objects = await handle.db.transaction(async (tx) => repo.userObjectCount(repo.rawSession(tx)));
      if (objects > 0) {
        const name = new URL(config.databaseUrl).pathname.slice(1);
        throw refused(
          `目标数据库 ${name} 不是空的（已有 ${objects} 个表或其他对象），恢复只写入新建的空数据库。` +
            `请用 createdb 新建一个空数据库并让 DATABASE_URL 指向它（服务启动时自动建了表的库也不算空）${force ? '；--force 不会清空 PostgreSQL 数据库' : ''}。` +
            `(the target database is not empty: create an empty one)`,
        );
      }
    } finally {
      await handle.close();
    }
  } else {
    const pgdata = path.join(config.dataDir, 'pgdata');
    if (existsSync(pgdata) && (await readdir(pgdata)).length > 0) found.push('pgdata');
  }
  if (await hasBlobs(blobRoot(config.dataDir))) found.push('blobs');
  if (found.length && !force) {
    throw refused(
      `目标数据目录 ${config.dataDir} 已有数据（${found.join('、')}），恢复只写入空的安装。` +
        `确认要用备份替换时请加 --force：原有数据会移到同一目录下的 before-restore-<时间>/，不会删除。(the target is not empty; --force moves it aside)`,
    );
  }
  return found;
}

async function moveAside(config: AppConfig, found: string[], progress: Progress): Promise<string | null> {
  if (found.length === 0) return null;
  const aside = path.join(config.dataDir, `before-restore-${stamp()}`);
  await mkdir(aside, { recursive: true, mode: 0o700 });
  for (const name of found) await rename(path.join(config.dataDir, name), path.join(aside, name));
  progress(`原有数据已移到 ${aside} (previous data moved aside)`);
  return aside;
}

/** Unpacks the archive into `staging`, checking every file against the manifest; returns the manifest. */
async function unpack(file: string, staging: string, progress: Progress): Promise<Manifest> {
  let input;
  try {
    await stat(file);
    input = createReadStream(file);
  } catch (err) {
    throw badBackup(`无法读取 ${file}: ${(err as Error).message}`);
  }
  const gunzip = createGunzip();
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  try {
    let manifest: Manifest | null = null;
    const expected = new Map<string, { sha256: string; bytes: number }>();
    const blobs = new Set<string>();
    let seenBlobs = 0;
    for await (const entry of readTar(gunzip as AsyncIterable<Buffer>)) {
      if (!manifest) {
        if (entry.name !== MANIFEST_ENTRY) throw badBackup(`第一个条目应为 ${MANIFEST_ENTRY}，实为 ${entry.name}`);
        if (entry.size > 512 * 1024 * 1024) throw badBackup('清单过大');
        const parts: Buffer[] = [];
        for await (const c of entry.body) parts.push(c);
        manifest = parseManifest(Buffer.concat(parts));
        for (const f of manifest.database.dump ? [manifest.database.dump] : (manifest.database.tables ?? [])) expected.set(f.file, f);
        for (const sha of manifest.blobs.sha256) blobs.add(sha);
        continue;
      }
      const dbFile = expected.get(entry.name);
      const blobSha = entry.name.split('/').at(-1)!;
      if (dbFile) {
        const got = await writeHashed(path.join(staging, entry.name), async (write) => {
          for await (const c of entry.body) await write(c);
        });
        if (got.sha256 !== dbFile.sha256 || got.bytes !== dbFile.bytes) throw badBackup(`${entry.name} 的内容与清单中的 SHA-256 不符（文件被改动或损坏）`);
        expected.delete(entry.name);
      } else if (blobs.has(blobSha) && entry.name === blobEntryName(blobSha)) {
        const got = await writeHashed(path.join(staging, entry.name), async (write) => {
          for await (const c of entry.body) await write(c);
        });
        if (got.sha256 !== blobSha) throw badBackup(`附件文件 ${blobSha} 的内容与其 SHA-256 不符（文件被改动或损坏）`);
        blobs.delete(blobSha);
        if (++seenBlobs % 1000 === 0) progress(`  已校验 ${seenBlobs} 个附件文件…`);
      } else {
        throw badBackup(`含有清单之外的条目 ${entry.name}`);
      }
    }
    if (!manifest) throw badBackup('没有清单 (no manifest.json)');
    const missing = [...expected.keys(), ...[...blobs].map(blobEntryName)];
    if (missing.length) throw badBackup(`缺少 ${missing.length} 个条目（如 ${missing[0]}），文件不完整`);
    progress(`备份文件完整：数据库 ${manifest.database.dumpFormat} 格式，${manifest.blobs.count} 个附件文件的 SHA-256 均已核对`);
    return manifest;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof ArchiveFormatError) throw badBackup(err.message);
    throw badBackup(`文件已损坏或不是备份文件（解压失败：${(err as Error).message}）`);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

function parseManifest(raw: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badBackup('清单不是有效的 JSON');
  }
  const head = json as { format?: unknown; formatVersion?: unknown };
  if (head?.format !== BACKUP_FORMAT) throw badBackup('不是本平台的备份文件');
  if (typeof head.formatVersion === 'number' && head.formatVersion > BACKUP_FORMAT_VERSION) {
    throw badBackup(`备份格式版本 ${head.formatVersion} 由更新的软件生成，请先升级本软件`);
  }
  const parsed = ZBackupManifest.safeParse(json);
  if (!parsed.success) throw badBackup(`清单内容不完整：${parsed.error.issues[0]?.path.join('.')}`);
  if (parsed.data.blobs.count !== parsed.data.blobs.sha256.length) throw badBackup('清单中的附件数量与列表不符');
  return parsed.data;
}

function checkCompatible(manifest: Manifest, targetKind: 'pglite' | 'postgres', hasPgRestore: boolean) {
  const journal = migrationJournal();
  const newest = journal.at(-1)?.when ?? 0;
  const level = manifest.database.migration;
  if (level.createdAt !== null && level.createdAt > newest) {
    throw refused(`备份来自更新的软件版本（数据库迁移 ${level.tag ?? level.createdAt}），本软件只到 ${journal.at(-1)?.tag}；请先升级本软件再恢复`);
  }
  if (manifest.database.dumpFormat === 'pg_dump') {
    if (targetKind !== 'postgres') throw refused('此备份是 pg_dump 格式，只能恢复到 PostgreSQL；要恢复到嵌入式数据库，请在原库上用 backup --logical 另做一份备份');
    if (!hasPgRestore) throw refused('此备份是 pg_dump 格式，需要 pg_restore（PostgreSQL 客户端工具，apt-get install postgresql-client），本机未找到');
  }
}

async function loadLogical(db: Db, manifest: Manifest, staging: string): Promise<void> {
  await db.transaction(async (tx) => {
    const s = repo.rawSession(tx);
    await repo.usePortableFormats(s);
    // The schema as it was when the backup was made; later migrations run after the load.
    const upto = manifest.database.migration.createdAt;
    if (upto !== null) {
      for (const m of readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER })) {
        if (m.folderMillis > upto) continue;
        for (const stmt of m.sql) if (stmt.trim()) await s.exec(stmt);
        await repo.recordMigration(s, m.hash, m.folderMillis);
      }
    }
    const tables = manifest.database.tables ?? [];
    // The rows are loaded as they were: no guard or trigger rewrites or refuses them.
    for (const t of tables) await repo.setUserTriggers(s, t.name, false);
    for (const t of tables) await s.copyTableIn(t.name, t.columns, createReadStream(path.join(staging, t.file)));
    for (const seq of manifest.database.sequences ?? []) await repo.setSequence(s, seq);
    for (const t of tables) await repo.setUserTriggers(s, t.name, true);
    await checkRowCounts(s, manifest);
  });
}

async function checkRowCounts(s: repo.RawSession, manifest: Manifest): Promise<void> {
  const wrong = [];
  for (const [table, n] of Object.entries(manifest.database.rowCounts)) {
    const got = await repo.countRows(s, table);
    if (got !== n) wrong.push(`${table}（清单 ${n} 行，实际 ${got} 行）`);
  }
  if (wrong.length) throw badBackup(`恢复后的行数与清单不符：${wrong.slice(0, 5).join('，')}`);
}

function loadKeys(config: AppConfig): { secrets: SecretBox | null; signerKeyId: string | null } {
  const hasSecret = Boolean(config.secretKeyHex) || existsSync(path.join(config.keyDir, 'secret.key'));
  const signingFile = path.join(config.keyDir, `audit-signing-${config.audit.signatureAlg}.json`);
  const hasSigning = Boolean(config.audit.signingKeyHex) || existsSync(signingFile);
  return {
    secrets: hasSecret ? loadSecretBox(config.secretKeyHex, config.keyDir) : null,
    signerKeyId: hasSigning ? signerFromEnvOrFile({ envValue: config.audit.signingKeyHex, filePath: signingFile, alg: config.audit.signatureAlg }).keyId : null,
  };
}

async function checkKeys(db: Db, config: AppConfig, manifest: Manifest): Promise<Pick<RestoreReport, 'unreadable' | 'signingKey'>> {
  const keys = loadKeys(config);
  const unreadable: UnreadableSealed[] = [];
  await db.transaction(async (tx) => {
    const s = repo.rawSession(tx);
    for (const { column, keyIds } of manifest.sealed) {
      for (const [keyId, count] of Object.entries(keyIds)) {
        const sample = keys.secrets ? await repo.sampleSealed(s, column, keyId) : null;
        let ok = false;
        if (sample && keys.secrets) {
          try {
            keys.secrets.open(sample);
            ok = true;
          } catch {
            ok = false;
          }
        }
        if (!ok) unreadable.push({ column, label: SEALED_LABELS[column] ?? column, keyId, count });
      }
    }
  });
  const cp = manifest.audit.checkpoint;
  const signingKey = !cp ? 'no-checkpoint' : keys.signerKeyId === null ? 'absent' : keys.signerKeyId === cp.keyId ? 'same' : 'different';
  return { unreadable, signingKey };
}

async function verifyAudit(db: Db, config: AppConfig, manifest: Manifest) {
  const previous = auditHasher().alg;
  setAuditHashAlgorithm((manifest.audit.hashAlg ?? config.audit.hashAlg) as HashAlgorithm);
  try {
    const report = await verifyAuditLog(db);
    const head = await db.transaction(async (tx) => repo.auditHead(repo.rawSession(tx)));
    const want = manifest.audit.head;
    const auditHeadMatches = want === null ? head.head === null : head.head?.seq === want.seq && head.head.chainHash === want.chainHash;
    return { report, auditHeadMatches };
  } finally {
    setAuditHashAlgorithm(previous);
  }
}

/**
 * Restores a backup onto an empty installation: checks the whole file first (manifest, every
 * SHA-256), loads the database as it was, checks the row counts, migrates to this software's
 * level, verifies the audit chain and says which sealed values the keys in place cannot open.
 * The embedded store is built beside the data folder and moved into place only when complete.
 */
export async function restoreBackup(config: AppConfig, input: RestoreInput): Promise<RestoreReport> {
  const progress = input.onProgress ?? (() => {});
  const targetKind = config.databaseUrl ? 'postgres' : 'pglite';
  await mkdir(config.dataDir, { recursive: true });
  const lock = targetKind === 'pglite' ? acquireDataDirLock(config.dataDir) : null;
  try {
    const found = await existingData(config, Boolean(input.force));
    const staging = path.join(config.dataDir, `restore-${stamp()}-${randomBytes(3).toString('hex')}.tmp`);
    await mkdir(staging, { mode: 0o700 });
    try {
      const manifest = await unpack(path.resolve(input.file), staging, progress);
      checkCompatible(manifest, targetKind, targetKind === 'postgres' && (await pgToolAvailable('pg_restore')));
      if (manifest.database.kind !== targetKind) progress(`跨库恢复：${manifest.database.kind} → ${targetKind}`);
      const movedAside = await moveAside(config, found, progress);

      const handle = config.databaseUrl ? await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 }) : await openDatabase({ dataDir: staging });
      let result;
      try {
        if (manifest.database.dumpFormat === 'pg_dump') {
          await pgRestore(config.databaseUrl!, path.join(staging, manifest.database.dump!.file));
          await handle.db.transaction(async (tx) => checkRowCounts(repo.rawSession(tx), manifest)).catch((err: Error) => {
            throw badBackup(`${err.message.replace(/^备份文件无效：/, '')}；pg_restore 已载入的数据留在数据库中，请删除该库后重新恢复`);
          });
        } else {
          await loadLogical(handle.db, manifest, staging);
        }
        const rows = Object.values(manifest.database.rowCounts).reduce((a, b) => a + b, 0);
        progress(`数据库已载入：${Object.keys(manifest.database.rowCounts).length} 张表，${rows} 行，行数与清单一致`);
        await migrateDatabase(handle);
        progress(`数据库迁移到当前版本 (${migrationJournal().at(-1)?.tag})`);
        const audit = await verifyAudit(handle.db, config, manifest);
        const keys = await checkKeys(handle.db, config, manifest);
        result = { rows, audit, keys };
      } finally {
        await handle.close();
      }

      if (targetKind === 'pglite') await rename(path.join(staging, 'pgdata'), path.join(config.dataDir, 'pgdata'));
      const stagedBlobs = path.join(staging, 'blobs');
      if (existsSync(stagedBlobs)) {
        await rm(blobRoot(config.dataDir), { recursive: true, force: true });
        await rename(stagedBlobs, blobRoot(config.dataDir));
      }
      progress(`附件文件已放入 ${blobRoot(config.dataDir)}`);
      return {
        manifest: {
          createdAt: manifest.createdAt,
          appVersion: manifest.appVersion,
          kind: manifest.database.kind,
          dumpFormat: manifest.database.dumpFormat,
          migrationTag: manifest.database.migration.tag,
        },
        tables: Object.keys(manifest.database.rowCounts).length,
        rows: result.rows,
        blobs: manifest.blobs.count,
        audit: result.audit.report,
        auditHeadMatches: result.audit.auditHeadMatches,
        ...result.keys,
        movedAside,
      };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } finally {
    lock?.release();
  }
}
