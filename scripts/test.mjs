// `npm test`: every suite. Unit, service and route tests on the embedded database (PGlite);
// the database suites again on PostgreSQL when a server answers; browser journeys when
// Chromium is installed. A suite that cannot run here is skipped with the reason printed,
// unless MPW_REQUIRE_POSTGRES / MPW_REQUIRE_BROWSER make it mandatory (CI sets both).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pgUrl = process.env.MPW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const chromium = process.env.MPW_CHROMIUM ?? '/usr/bin/chromium';
const outDir = mkdtempSync(path.join(os.tmpdir(), 'mpw-test-report-'));
const results = [];

function vitest(name, args, env = {}) {
  const out = path.join(outDir, `${name}.json`);
  process.stdout.write(`\n=== ${name} ===\n`);
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    counts = { passed: j.numPassedTests, failed: j.numFailedTests + (j.numFailedTestSuites > 0 && j.numFailedTests === 0 ? 1 : 0), skipped: j.numPendingTests + j.numTodoTests };
  } else if (r.status !== 0) counts.failed = 1;
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
  results.push({ name, ...counts, status: r.status === 0 ? 'ok' : 'FAILED' });
}

function skip(name, reason, required) {
  if (required) {
    process.stdout.write(`\n=== ${name} === REQUIRED but cannot run: ${reason}\n`);
    results.push({ name, passed: 0, failed: 1, skipped: 0, status: `FAILED (${reason})` });
  } else {
    process.stdout.write(`\n=== ${name} === SKIPPED: ${reason}\n`);
    results.push({ name, passed: 0, failed: 0, skipped: 0, status: `SKIPPED (${reason})` });
  }
}

async function postgresAnswers() {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

process.stdout.write('\n=== type check (strict TypeScript, every package and app) ===\n');
const tc = spawnSync('npm', ['run', 'typecheck'], { cwd: root, stdio: 'inherit' });
results.push({ name: 'type check', passed: tc.status === 0 ? 1 : 0, failed: tc.status === 0 ? 0 : 1, skipped: 0, status: tc.status === 0 ? 'ok' : 'FAILED' });

vitest('unit, service and route tests on PGlite', [], { MPW_TEST_DB: 'pglite' });

if (await postgresAnswers()) {
  vitest('database tests on PostgreSQL', ['apps/server/src/modules', 'apps/server/test', 'packages/db', 'apps/cli'], { MPW_TEST_DB: 'postgres', MPW_TEST_PG_URL: pgUrl });
} else {
  skip('database tests on PostgreSQL', `no PostgreSQL server answers at ${pgUrl.replace(/\/\/[^@]*@/, '//')}`, process.env.MPW_REQUIRE_POSTGRES === '1');
}

if (existsSync(chromium)) {
  for (const app of ['console', 'portal']) {
    if (!existsSync(path.join(root, 'apps', app, 'dist', 'index.html')) || process.env.CI) {
      const b = spawnSync('npm', ['run', 'build', '-w', `@mpw/${app}`], { cwd: root, stdio: 'inherit' });
      if (b.status !== 0) results.push({ name: `build ${app}`, passed: 0, failed: 1, skipped: 0, status: 'FAILED' });
    }
  }
  vitest('browser journeys (Chromium)', ['--config', 'e2e/vitest.config.ts'], { MPW_CHROMIUM: chromium });
} else {
  skip('browser journeys (Chromium)', `no browser at ${chromium} (apt-get install chromium fonts-wqy-microhei)`, process.env.MPW_REQUIRE_BROWSER === '1');
}

process.stdout.write('\n=== secret scan (tracked files, build output, lockfile) ===\n');
const scan = spawnSync('node', ['scripts/secret-scan.mjs'], { cwd: root, stdio: 'inherit' });
results.push({ name: 'secret scan', passed: scan.status === 0 ? 1 : 0, failed: scan.status === 0 ? 0 : 1, skipped: 0, status: scan.status === 0 ? 'ok' : 'FAILED' });

const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`  ${r.status.padEnd(10)} ${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped\n`);
process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(total.failed > 0 || results.some((r) => r.status.startsWith('FAILED')) ? 1 : 0);
