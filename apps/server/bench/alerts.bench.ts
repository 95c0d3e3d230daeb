/**
 * `npm run bench:alerts`: generate a synthetic district (about 300,000 residents and 1,000,000
 * payments, test/synth), import it and sweep it, on PostgreSQL and on PGlite. Measures import
 * rows per second (per dataset and in total), the full sweep, an incremental sweep after a
 * 1,000-row payments import, and the peak resident memory of this process. Also checks the
 * alerts against what the generator injected. Figures go to docs/benchmarks.md.
 *
 *   --residents N       residents in the district (default 300000)
 *   --payments N        payments (default 1000000)
 *   --pglite-scale F    run PGlite on a district F times the size (e.g. 0.2) and say so
 *   --only postgres|pglite
 *
 * PostgreSQL: DATABASE_URL names the server (a fresh database is created beside it and dropped
 * after); default postgres://postgres@127.0.0.1:5432/postgres.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, queryRows, type DbHandle } from '@mpw/db';
import { loadConfig } from '../src/config.js';
import { openPlatform } from '../src/platform.js';
import { systemActor } from '../src/lib/actor.js';
import { importDataset } from '../src/modules/datasets/datasets.import.js';
import { isDepartmentDataset } from '../src/modules/datasets/datasets.definitions.js';
import type { TDataset } from '@mpw/contracts';
import { runSweep } from '../src/modules/alerts/alerts.sweep.js';
import { SPEC_RULES, generateDistrict, type SynthResult } from '../test/synth/district.js';
import { writeBenchmarkSection } from './write-benchmarks.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const RESIDENTS = Number(arg('residents') ?? 300_000);
const PAYMENTS = Number(arg('payments') ?? 1_000_000);
const PGLITE_SCALE = Number(arg('pglite-scale') ?? 1);
const ONLY = arg('only');
/** About 1,500 residents a village, at most 20 villages a township (10 × 20 at the full size). */
function layoutFor(residents: number): { townships: number; villagesPerTownship: number } {
  const villages = Math.max(6, Math.round(residents / 1500));
  const townships = Math.max(2, Math.ceil(villages / 20));
  return { townships, villagesPerTownship: Math.ceil(villages / townships) };
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
sampler.unref();
const resetPeak = () => (peakRss = process.memoryUsage().rss);
const mb = (b: number) => `${Math.round(b / 1048576)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const log = (s: string) => process.stdout.write(`${s}\n`);

/** What to undo if the run is interrupted (Ctrl-C): the bench database and the temporary folders. */
const onInterrupt = new Set<() => Promise<void> | void>();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: cleaning up…`);
    void Promise.allSettled([...onInterrupt].map((f) => f())).then(() => process.exit(130));
  });

async function generate(scale: number): Promise<{ syn: SynthResult; secs: number; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-bench-alerts-'));
  onInterrupt.add(() => rmSync(dir, { recursive: true, force: true }));
  const t0 = performance.now();
  const { townships, villagesPerTownship } = layoutFor(RESIDENTS * scale);
  const syn = await generateDistrict({
    dir,
    seed: 20261129,
    district6: '330299',
    townships,
    villagesPerTownship,
    residentsPerVillage: Math.round((RESIDENTS * scale) / (townships * villagesPerTownship)),
    payments: Math.round(PAYMENTS * scale),
  });
  return { syn, secs: (performance.now() - t0) / 1000, dir };
}

interface Figures {
  kind: 'postgres' | 'pglite';
  scale: number;
  perDataset: { dataset: string; rows: number; secs: number }[];
  importRows: number;
  importSecs: number;
  /** The nine department datasets (the datasets module's own import; the rest go to their modules' importers). */
  departmentRows: number;
  departmentSecs: number;
  /** Peak RSS while the payments file alone was imported. */
  paymentsPeak: number;
  fullSweepSecs: number;
  incImportSecs: number;
  incSweepSecs: number;
  /** The payments file imported a second time: the merge path (every row met by its stored twin, none changed). */
  reimport: { rows: number; secs: number; unchanged: number } | null;
  importPeak: number;
  sweepPeak: number;
  alerts: number;
  mismatches: string[];
}

async function openTarget(kind: 'postgres' | 'pglite'): Promise<{ handle: DbHandle; url?: string; cleanup: () => Promise<void> }> {
  if (kind === 'postgres') {
    const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `mpw_bench_alerts_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
    return {
      handle,
      url: u.toString(),
      cleanup: async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`drop database if exists "${name}" with (force)`);
        await c.end();
      },
    };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mpw-bench-pglite-'));
  const handle = await openDatabase({ dataDir });
  return { handle, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function run(kind: 'postgres' | 'pglite', syn: SynthResult, scale: number): Promise<Figures> {
  const { handle, url, cleanup } = await openTarget(kind);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mpw-bench-data-'));
  onInterrupt.add(cleanup);
  onInterrupt.add(() => rmSync(dataDir, { recursive: true, force: true }));
  try {
    await migrateDatabase(handle);
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      MICROPOWER_DATA_DIR: dataDir,
      MICROPOWER_JOBS: 'false',
      MICROPOWER_DEMO_SEED: 'false',
      MICROPOWER_AUDIT_SIGNING_KEY: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
      MICROPOWER_SECRET_KEY: '0f'.repeat(32),
      ...(url ? { DATABASE_URL: url } : {}),
    });
    const platform = await openPlatform(config, { handle, migrate: false });
    const deps = platform.deps;
    const actor = { ...systemActor(), regionCode: syn.districtCode };
    const perDataset: Figures['perDataset'] = [];
    const refused: string[] = [];
    resetPeak();
    const t0 = performance.now();
    let paymentsPeak = 0;
    let earlierPeak = 0;
    for (const f of syn.files) {
      if (f.dataset === 'payments') {
        earlierPeak = peakRss;
        resetPeak();
      }
      const t = performance.now();
      const r = await importDataset(deps, f.dataset === 'regions' ? systemActor() : actor, f.dataset, createReadStream(f.path), { fileName: path.basename(f.path), via: 'cli', totalBytes: statSync(f.path).size });
      const secs = (performance.now() - t) / 1000;
      if (f.dataset === 'payments') paymentsPeak = Math.max(peakRss, process.memoryUsage().rss);
      if (r.status !== 'committed' || r.rejected) {
        const why = `${f.dataset}: ${r.status}, ${r.rejected} rejected: ${r.message ?? ''} ${JSON.stringify(r.rejectedRows.slice(0, 3))}`;
        log(`  ${kind} import ${why}`);
        refused.push(why);
        if (r.status !== 'committed') continue;
      }
      perDataset.push({ dataset: f.dataset, rows: f.rows, secs });
      log(`  ${kind} import ${f.dataset.padEnd(18)} ${String(f.rows).padStart(9)} rows ${secs.toFixed(1).padStart(7)} s ${fmt(f.rows / secs).padStart(9)} rows/s`);
    }
    const importSecs = (performance.now() - t0) / 1000;
    const importPeak = Math.max(earlierPeak, peakRss, paymentsPeak);

    resetPeak();
    const t1 = performance.now();
    await runSweep(deps, actor, { districtCode: syn.districtCode, asOf: syn.asOf, kind: 'full' });
    const fullSweepSecs = (performance.now() - t1) / 1000;
    log(`  ${kind} full sweep ${fullSweepSecs.toFixed(1)} s`);

    const inc = syn.incremental;
    const t2 = performance.now();
    const r = await importDataset(deps, actor, 'payments', createReadStream(inc.file.path), { fileName: 'payments.csv', via: 'cli' });
    const incImportSecs = (performance.now() - t2) / 1000;
    const t3 = performance.now();
    await runSweep(deps, actor, { districtCode: syn.districtCode, asOf: syn.asOf, kind: 'incremental', villages: [inc.village], dataset: 'payments', importId: r.importId });
    const incSweepSecs = (performance.now() - t3) / 1000;
    const sweepPeak = peakRss;
    log(`  ${kind} incremental: import ${inc.file.rows} rows ${incImportSecs.toFixed(2)} s, sweep ${incSweepSecs.toFixed(2)} s`);

    // A first load copies rows straight in; every later load merges. Time the merge on the big file too.
    const paymentsFile = syn.files.find((f) => f.dataset === 'payments');
    let reimport: Figures['reimport'] = null;
    if (paymentsFile) {
      const t4 = performance.now();
      const again = await importDataset(deps, actor, 'payments', createReadStream(paymentsFile.path), { fileName: 'payments.csv', via: 'cli', totalBytes: statSync(paymentsFile.path).size });
      reimport = { rows: paymentsFile.rows, secs: (performance.now() - t4) / 1000, unchanged: again.unchanged };
      log(`  ${kind} re-import payments (merge) ${fmt(reimport.rows)} rows ${reimport.secs.toFixed(1)} s ${fmt(reimport.rows / reimport.secs)} rows/s, ${fmt(again.unchanged)} unchanged`);
    }

    // The figures only count if the engine found what was injected.
    const fired = await queryRows<{ rule: string; subject_type: string; subject_id: string }>(
      deps.db,
      sql`select rule, subject_type, subject_id from alerts where region_code like ${`${syn.districtCode.slice(0, 6)}%`} and resolved_by_data_at is null`,
    );
    const rules = new Set<string>(SPEC_RULES);
    const k = (rule: string, t: string, id: string) => `${rule} ${t}:${id}`;
    const got = new Set(fired.filter((a) => rules.has(a.rule)).map((a) => k(a.rule, a.subject_type, a.subject_id)));
    const want = new Set([...syn.expected, inc.expected].map((c) => k(c.rule, c.subjectType, c.subjectId)));
    const mismatches = [...refused.map((x) => `import refused ${x}`), ...[...want].filter((x) => !got.has(x)).map((x) => `missing ${x}`), ...[...got].filter((x) => !want.has(x)).map((x) => `unexpected ${x}`)];
    await platform.close();
    const importRows = perDataset.reduce((n, d) => n + d.rows, 0);
    const department = perDataset.filter((d) => isDepartmentDataset(d.dataset as TDataset));
    const departmentRows = department.reduce((n, d) => n + d.rows, 0);
    const departmentSecs = department.reduce((n, d) => n + d.secs, 0);
    return { kind, scale, perDataset, importRows, importSecs, departmentRows, departmentSecs, paymentsPeak, fullSweepSecs, incImportSecs, incSweepSecs, reimport, importPeak, sweepPeak, alerts: got.size, mismatches };
  } finally {
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function section(f: Figures, syn: SynthResult, genSecs: number): string {
  const residents = f.perDataset.find((d) => d.dataset === 'residents')?.rows ?? 0;
  const payments = f.perDataset.find((d) => d.dataset === 'payments')?.rows ?? 0;
  const target = f.kind === 'postgres';
  const verdict = (ok: boolean) => (target ? (ok ? ' (target met)' : ' (target missed)') : '');
  const rows = f.perDataset.map((d) => `| ${d.dataset} | ${fmt(d.rows)} | ${d.secs.toFixed(1)} | ${fmt(d.rows / d.secs)} |`).join('\n');
  const rate = f.importRows / f.importSecs;
  const departmentRate = f.departmentRows / f.departmentSecs;
  const paymentsFile = f.perDataset.find((d) => d.dataset === 'payments');
  return (
    `### alerts: import and sweep — ${f.kind} (\`npm run bench:alerts\`, ${new Date().toISOString().slice(0, 10)})\n\n` +
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} RAM, Node ${process.version}.\n` +
    `District: synthetic (test/synth, docs/synthetic-data.md), ${syn.villages.length} villages, ${fmt(residents)} residents, ${fmt(payments)} payments` +
    (f.scale !== 1 ? ` — **scaled to ${f.scale} of the full size with --pglite-scale**` : '') +
    `; generated in ${genSecs.toFixed(1)} s. Sweep as of ${syn.asOf}.\n\n` +
    `| figure | value |\n|---|---|\n` +
    `| import, department data (the nine datasets of the datasets module) | ${fmt(f.departmentRows)} rows in ${f.departmentSecs.toFixed(1)} s = **${fmt(departmentRate)} rows/s**${target ? verdict(departmentRate >= 50_000).replace('target', 'target ≥ 50,000') : ''} |\n` +
    `| import, all files (with regions, decisions, contracts, ledger through their modules) | ${fmt(f.importRows)} rows in ${f.importSecs.toFixed(1)} s = ${fmt(rate)} rows/s |\n` +
    `| full sweep (18 rules) | **${f.fullSweepSecs.toFixed(1)} s**${target ? verdict(f.fullSweepSecs < 30).replace('target', 'target < 30 s') : ''} |\n` +
    `| 1,000-row payments import | ${f.incImportSecs.toFixed(2)} s |\n` +
    `| incremental sweep after it (one village, payment rules) | **${f.incSweepSecs.toFixed(2)} s**${target ? verdict(f.incSweepSecs < 2).replace('target', 'target < 2 s') : ''} |\n` +
    (f.reimport ? `| payments file imported again (merge path: each row met by its stored twin; ${fmt(f.reimport.unchanged)} unchanged) | ${f.reimport.secs.toFixed(1)} s = ${fmt(f.reimport.rows / f.reimport.secs)} rows/s |\n` : '') +
    `| peak RSS of the process, import | ${mb(f.importPeak)} |\n` +
    `| peak RSS of the process, payments file alone (${fmt(paymentsFile?.rows ?? 0)} rows) | ${mb(f.paymentsPeak)}${paymentsFile && paymentsFile.rows >= 1_000_000 ? ` (limit 500 MB: ${f.paymentsPeak <= 500 * 1048576 ? 'met' : 'missed'})` : ''} |\n` +
    `| peak RSS of the process, sweeps | ${mb(f.sweepPeak)} |\n` +
    `| alerts raised / injected cases found | ${fmt(f.alerts)} / ${f.mismatches.length ? `${f.mismatches.length} differences (first: ${f.mismatches.slice(0, 3).join('; ')})` : 'all, nothing else'} |\n\n` +
    `${f.kind === 'pglite' ? 'PGlite runs inside the process, so its RSS includes the database.' : 'PostgreSQL runs as its own server; RSS is the Node process only.'}\n\n` +
    `| dataset | rows | seconds | rows/s |\n|---|---|---|---|\n${rows}`
  );
}

const targets = (['postgres', 'pglite'] as const).filter((k) => !ONLY || ONLY === k);
let full: { syn: SynthResult; secs: number; dir: string } | null = null;
try {
  for (const kind of targets) {
    const scale = kind === 'pglite' ? PGLITE_SCALE : 1;
    let gen: { syn: SynthResult; secs: number; dir: string } | null = full && scale === 1 ? full : null;
    if (!gen) {
      log(`generating ${fmt(RESIDENTS * scale)} residents, ${fmt(PAYMENTS * scale)} payments…`);
      gen = await generate(scale);
      log(`  generated in ${gen.secs.toFixed(1)} s (${gen.syn.files.map((f) => `${f.dataset} ${fmt(f.rows)}`).join(', ')})`);
      if (scale === 1) full = gen;
    }
    log(`${kind}${scale !== 1 ? ` (scaled to ${scale} with --pglite-scale)` : ''}:`);
    const f = await run(kind, gen.syn, scale);
    if (f.mismatches.length) log(`  ${f.mismatches.length} differences from the injected cases, e.g.\n    ${f.mismatches.slice(0, 10).join('\n    ')}`);
    writeBenchmarkSection(`alerts-${kind}`, section(f, gen.syn, gen.secs));
    if (gen !== full) rmSync(gen.dir, { recursive: true, force: true });
  }
} finally {
  if (full) rmSync(full.dir, { recursive: true, force: true });
}
log('figures written to docs/benchmarks.md');
