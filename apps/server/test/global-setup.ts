import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { migrateDatabase, openDatabase } from '@mpw/db';
import { PGLITE_SNAPSHOT, TEMPLATE_DB, TEST_RUN, pgAdminUrl, runOfTestDb, testDbKind, withDatabase } from './test-db.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Migrates once: a PGlite snapshot, or a PostgreSQL template database, that every test file clones. */
export default async function setup() {
  if (testDbKind() === 'postgres') {
    const admin = new pg.Client({ connectionString: pgAdminUrl() });
    await admin.connect();
    // Drop leftovers of runs that are no longer running (their databases are named mpw_t_<pid>_*).
    const old = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'mpw\\_t\\_%'`);
    for (const { datname } of old.rows) {
      const run = runOfTestDb(datname);
      if (run === TEST_RUN || (run === null ? datname.startsWith('mpw_t_') : !isAlive(Number(run)))) await admin.query(`drop database if exists "${datname}" with (force)`);
    }
    await admin.query(`create database "${TEMPLATE_DB}"`);
    await admin.end();
    const handle = await openDatabase({ databaseUrl: withDatabase(pgAdminUrl(), TEMPLATE_DB), poolSize: 1 });
    await migrateDatabase(handle);
    await handle.close();
    return async () => {
      const c = new pg.Client({ connectionString: pgAdminUrl() });
      await c.connect();
      const left = await c.query<{ datname: string }>(`select datname from pg_database where datname like 'mpw\\_t\\_%'`);
      for (const { datname } of left.rows) if (runOfTestDb(datname) === TEST_RUN) await c.query(`drop database if exists "${datname}" with (force)`);
      await c.end();
    };
  }
  const handle = await openDatabase({ inMemory: true });
  await migrateDatabase(handle);
  const { PGlite } = await import('@electric-sql/pglite');
  void PGlite;
  const client = (handle.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  const blob = await client.dumpDataDir('none');
  writeFileSync(PGLITE_SNAPSHOT, Buffer.from(await blob.arrayBuffer()));
  await handle.close();
}
