import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

export type Schema = typeof schema;
/** One type for both drivers: services and repositories never know which database runs underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the embedded database lives (pglite only). */
  dataDir?: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

export class StoreOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}

export interface OpenOptions {
  /** postgres://… selects a PostgreSQL server; otherwise the embedded PGlite store under dataDir/pgdata. */
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
  /** For tests: start an embedded database from a dumped data directory (tar) held in memory. */
  pgliteLoadDataDir?: Blob;
  /** For tests: an in-memory embedded database, no data folder, no lock. */
  inMemory?: boolean;
}

const RESTORE_STEPS = [
  '恢复步骤 / To restore:',
  '  1. 停止所有使用该数据目录的进程 (stop every process using this data folder);',
  '  2. 将损坏的目录改名保存以备排查 (move the damaged folder aside, keep it for analysis);',
  '  3. 用备份恢复: npx micropower restore <备份文件> (restore from your latest backup), 或从备份复制 pgdata 目录;',
  '  4. 再运行 npx micropower audit verify 确认留痕链完整 (then verify the audit chain).',
  '数据不会被自动重建 (the store is never recreated silently).',
].join('\n');

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options);
}

async function openPostgres(url: string, poolSize: number): Promise<DbHandle> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // Keep bigint/int8 counts as JS numbers (they fit: row counts, sequence numbers).
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30000,
    query_timeout: 30000,
  });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // drizzle's transaction() sends BEGIN before it enters its try/finally: when BEGIN fails on a
  // connection that died, the client would never go back to the pool, and after `poolSize` such
  // failures every request would wait for a connection that never comes. The first promise-style
  // query after a checkout is that BEGIN (pool.query uses callbacks), so when it fails the client
  // is released here, with the error, and the pool drops it.
  const justAcquired = new WeakSet<object>();
  pool.on('acquire', (client) => justAcquired.add(client));
  pool.on('connect', (client) => {
    // Nor may a connection that is checked out when the server goes away between two queries (a
    // crash, a restart): pg emits that as an 'error' event, which without a listener would end the
    // process. The client is then marked unusable, its next query fails (answered 503) and the
    // pool drops it on release.
    client.on('error', () => {});
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = justAcquired.delete(client);
      const result = query(...args);
      if (!first || !(result instanceof Promise)) return result;
      return result.catch((err: unknown) => {
        client.release(err instanceof Error ? err : new Error(String(err)));
        throw err;
      });
    };
  });
  const db = drizzle(pool, { schema }) as unknown as Db;
  return { db, kind: 'postgres', close: () => pool.end() };
}

async function openPglite(options: OpenOptions): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (options.inMemory || options.pgliteLoadDataDir) {
    const client = await PGlite.create({ loadDataDir: options.pgliteLoadDataDir });
    const db = drizzle(client, { schema }) as unknown as Db;
    return { db, kind: 'pglite', close: () => client.close() };
  }
  const dataDir = path.resolve(options.dataDir ?? './data');
  mkdirSync(dataDir, { recursive: true });
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  const pgdata = path.join(dataDir, 'pgdata');
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0 && !existsSync(path.join(pgdata, 'PG_VERSION'))) {
    lock.release();
    throw new StoreOpenError(`嵌入式数据库目录 ${pgdata} 不是有效的数据库 (not a database folder).\n${RESTORE_STEPS}`);
  }
  let client;
  try {
    client = await PGlite.create(pgdata);
    await client.query('select 1');
  } catch (err) {
    lock.release();
    throw new StoreOpenError(`无法打开嵌入式数据库 ${pgdata} (cannot open the embedded database): ${(err as Error).message}\n${RESTORE_STEPS}`, { cause: err });
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    dataDir,
    close: async () => {
      try {
        await client.close();
      } finally {
        lock.release();
      }
    },
  };
}

/** Applies every pending migration. On PostgreSQL an advisory lock keeps concurrent instances from racing. */
export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  await handle.db.execute(sql`select pg_advisory_lock(7321001)`);
  try {
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await handle.db.execute(sql`select pg_advisory_unlock(7321001)`);
  }
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs raw SQL and returns its rows, the same shape from both drivers. */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
