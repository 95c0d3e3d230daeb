/**
 * Import speed of the village datasets (decisions, contracts, ledger) through their modules'
 * importers, on PostgreSQL: a synthetic district (test/synth) with enough villages for about
 * 20,000 ledger rows, imported into a fresh database. Prints rows per second per dataset.
 *
 *   npx tsx apps/server/bench/village-books.bench.ts [--villages N] [--months N]
 *
 * DATABASE_URL names the server (a fresh database is created beside it and dropped after);
 * default postgres://postgres@127.0.0.1:5432/postgres.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase, openDatabase } from '@mpw/db';
import { systemActor } from '../src/lib/actor.js';
import { importRegions } from '../src/modules/regions/regions.service.js';
import { importLedgerCsv } from '../src/modules/books/books.exchange.js';
import { importContracts } from '../src/modules/assets/assets.import.js';
import { importDecisionsCsv } from '../src/modules/decisions/decisions.import.js';
import { generateDistrict } from '../test/synth/district.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const VILLAGES = Number(arg('villages') ?? 160);
const MONTHS = arg('months') ? Number(arg('months')) : undefined;
const log = (s: string) => process.stdout.write(`${s}\n`);

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-bench-books-'));
  const townships = Math.max(1, Math.ceil(VILLAGES / 20));
  const syn = await generateDistrict({ dir, seed: 20261129, district6: '330299', townships, villagesPerTownship: Math.ceil(VILLAGES / townships), residentsPerVillage: 800, payments: 5000, months: MONTHS });
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `mpw_bench_books_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    const actor = { ...systemActor(), regionCode: syn.districtCode };
    const fileOf = (dataset: string) => syn.files.find((f) => f.dataset === dataset)!;
    await importRegions(db, systemActor(), readFileSync(fileOf('regions').path));
    const runs = [
      ['decisions', (p: string) => importDecisionsCsv(db, actor, createReadStream(p), { fileName: 'decisions.csv' })],
      ['contracts', (p: string) => importContracts(db, actor, createReadStream(p), { fileName: 'contracts.csv' })],
      ['ledger', (p: string) => importLedgerCsv(db, actor, createReadStream(p), { fileName: 'ledger.csv' })],
    ] as const;
    for (const pass of ['first import', 're-import (unchanged)']) {
      for (const [dataset, run] of runs) {
        const f = fileOf(dataset);
        const t = performance.now();
        const r = await run(f.path);
        const secs = (performance.now() - t) / 1000;
        log(`${pass.padEnd(22)} ${dataset.padEnd(10)} ${String(r.read).padStart(7)} rows ${secs.toFixed(1).padStart(6)} s ${Math.round(r.read / secs).toLocaleString('en').padStart(8)} rows/s  created ${r.created} updated ${r.updated} unchanged ${r.unchanged} rejected ${r.rejected.length}`);
      }
    }
  } finally {
    await handle.close();
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
