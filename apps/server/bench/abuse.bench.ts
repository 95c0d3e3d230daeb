/**
 * `npm run bench:abuse`: latency of a normal request while another client floods the server with
 * abusive bodies (JSON nested 500,000 deep, an array of 200,000 elements, a body over the 1 MiB
 * limit). The request limits (src/plugins/request-limits.ts) refuse those in one linear scan, so
 * the normal request's p50 and p99 should stay within twice their value without the flood.
 *
 * The server runs in a child process on the embedded database (or DATABASE_URL: a fresh database
 * is created beside it and dropped after) with the demo regions; autocannon drives it over loopback.
 *
 *   --duration S       seconds per measured run (default 10)
 *   --connections N    connections of the normal client (default 4)
 *   --flooders N       connections of the abusive client (default 2)
 *
 * Figures go to docs/benchmarks.md (section bench:abuse).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openPlatform } from '../src/platform.js';
import { buildApp } from '../src/app.js';
import { systemActor } from '../src/lib/actor.js';
import { importRegions } from '../src/modules/regions/regions.service.js';
import { DEMO_REGIONS_CSV } from '../src/modules/demo/demo.data.js';
import { REQUEST_LIMITS } from '../src/plugins/request-limits.js';
import { writeBenchmarkSection } from './write-benchmarks.js';

/** The part of autocannon's result this bench reads (the package ships no types). */
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Req = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: { url: string; connections: number; duration: number; requests: Req[] }) => Promise<CannonResult>;

const SELF = fileURLToPath(import.meta.url);
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const DURATION = Number(arg('duration') ?? 10);
const CONNECTIONS = Number(arg('connections') ?? 4);
const FLOODERS = Number(arg('flooders') ?? 2);
const VILLAGE = '330299101201';
const log = (s: string) => process.stdout.write(`${s}\n`);

/** The child: the real app on its own event loop, request logs at info level to /dev/null. */
async function serveChild(databaseUrl: string | undefined, dataDir: string) {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    MICROPOWER_DATA_DIR: dataDir,
    MICROPOWER_JOBS: 'false',
    MICROPOWER_DEMO_SEED: 'false',
    MICROPOWER_AUDIT_SIGNING_KEY: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
    MICROPOWER_SECRET_KEY: '0f'.repeat(32),
  });
  const platform = await openPlatform(config);
  await importRegions(platform.deps.db, systemActor(), DEMO_REGIONS_CSV, { strict: true, isDemo: true });
  const app = await buildApp(platform.deps, { logger: { file: '/dev/null' }, serveWeb: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send!({ port: (app.server.address() as AddressInfo).port });
  process.once('disconnect', () => void app.close().then(() => platform.close()).then(() => process.exit(0)));
}

interface Run {
  p50: number;
  p99: number;
  max: number;
  rps: number;
  errors: number;
  non2xx: number;
}

const summarize = (r: CannonResult): Run => ({ p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, rps: r.requests.average, errors: r.errors + r.timeouts, non2xx: r.non2xx });

const json = { 'content-type': 'application/json' };
const ABUSE: Req[] = [
  { method: 'POST', path: '/api/v1/auth/login', headers: json, body: '['.repeat(500_000) + ']'.repeat(500_000) },
  { method: 'POST', path: '/api/v1/auth/login', headers: json, body: `{"username":[${'1,'.repeat(200_000)}1],"password":"x"}` },
  { method: 'POST', path: '/api/v1/auth/login', headers: json, body: `{"username":"${'x'.repeat(1024 * 1024 + 1)}","password":"x"}` },
];

async function main() {
  const adminUrl = process.env.DATABASE_URL;
  const dbName = `mpw_bench_abuse_${process.pid}`;
  let databaseUrl: string | undefined;
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${dbName}"`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mpw-bench-abuse-'));
  const child = fork(SELF, ['--child', databaseUrl ?? '', dataDir], { stdio: 'inherit', execArgv: process.execArgv });
  try {
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { port: number }));
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const normal: Req[] = [{ method: 'GET', path: `/api/v1/public/villages/${VILLAGE}` }];
    log(`warming up (3 s)…`);
    await autocannon({ url: base, connections: CONNECTIONS, duration: 3, requests: normal });

    const alone = summarize(await autocannon({ url: base, connections: CONNECTIONS, duration: DURATION, requests: normal }));
    log(`normal alone:        p50 ${alone.p50} ms  p99 ${alone.p99} ms  ${Math.round(alone.rps)} req/s`);
    const [underRaw, floodRaw] = await Promise.all([
      autocannon({ url: base, connections: CONNECTIONS, duration: DURATION, requests: normal }),
      autocannon({ url: base, connections: FLOODERS, duration: DURATION, requests: ABUSE }),
    ]);
    const under = summarize(underRaw);
    const flood = summarize(floodRaw);
    const statuses = Object.entries(floodRaw.statusCodeStats ?? {}).map(([s, v]) => `${s}×${v.count}`).join(', ');
    log(`normal under abuse:  p50 ${under.p50} ms  p99 ${under.p99} ms  ${Math.round(under.rps)} req/s`);
    log(`abusive client:      ${Math.round(flood.rps)} req/s  answers ${statuses}  connection errors ${flood.errors}`);
    const ratio50 = under.p50 / Math.max(alone.p50, 0.001);
    const ratio99 = under.p99 / Math.max(alone.p99, 0.001);
    const within = ratio50 <= 2 && ratio99 <= 2;
    log(`ratio p50 ${ratio50.toFixed(2)}  p99 ${ratio99.toFixed(2)}: ${within ? 'within' : 'NOT within'} twice the normal`);

    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    writeBenchmarkSection(
      'abuse',
      `## Latency under abusive bodies (\`npm run bench:abuse\`)

Measured ${when} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')}.
A normal client (${CONNECTIONS} connections) reads a village's public page (\`GET /api/v1/public/villages/:code\`) for ${DURATION} s, alone and then while
an abusive client (${FLOODERS} connections) sends, in turn, JSON nested 500,000 deep, an array of 200,000 elements and a body over 1 MiB
to \`POST /api/v1/auth/login\`. Limits: depth ${REQUEST_LIMITS.jsonDepth}, ${REQUEST_LIMITS.arrayLength} elements per array, 1 MiB per body (src/plugins/request-limits.ts).

| normal request | p50 | p99 | max | req/s |
|---|---|---|---|---|
| alone | ${alone.p50} ms | ${alone.p99} ms | ${alone.max} ms | ${Math.round(alone.rps)} |
| under abuse | ${under.p50} ms | ${under.p99} ms | ${under.max} ms | ${Math.round(under.rps)} |
| ratio | ${ratio50.toFixed(2)} | ${ratio99.toFixed(2)} | | |

The abusive client got ${Math.round(flood.rps)} answers a second (${statuses || 'none'}; ${flood.errors} connection errors, as the server
may close a connection whose body is over the limit). Target: under abuse, p50 and p99 within twice the normal — ${within ? 'met' : '**not met**'}.`,
    );
    log('written to docs/benchmarks.md (bench:abuse)');
  } finally {
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    if (adminUrl) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    }
  }
}

if (process.argv[2] === '--child') await serveChild(process.argv[3] || undefined, process.argv[4]!);
else await main();
