import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { migrateDatabase, openDatabase } from '@mpw/db';
import { PGLITE_SNAPSHOT, TEMPLATE_DB, pgAdminUrl, testDbKind, withDatabase } from './test-db.js';

/** Migrates once: a PGlite snapshot, or a PostgreSQL template database, that every test file clones. */
export default async function setup() {
  if (testDbKind() === 'postgres') {
    const admin = new pg.Client({ connectionString: pgAdminUrl() });
    await admin.connect();
    // Drop leftovers of earlier runs (databases of crashed runs are named mpw_t_*).
    const old = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'mpw_t_%' or datname = $1`, [TEMPLATE_DB]);
    for (const { datname } of old.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.query(`create database "${TEMPLATE_DB}"`);
    await admin.end();
    const handle = await openDatabase({ databaseUrl: withDatabase(pgAdminUrl(), TEMPLATE_DB), poolSize: 1 });
    await migrateDatabase(handle);
    await handle.close();
    return async () => {
      const c = new pg.Client({ connectionString: pgAdminUrl() });
      await c.connect();
      const left = await c.query<{ datname: string }>(`select datname from pg_database where datname like 'mpw_t_%' or datname = $1`, [TEMPLATE_DB]);
      for (const { datname } of left.rows) await c.query(`drop database if exists "${datname}" with (force)`);
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
