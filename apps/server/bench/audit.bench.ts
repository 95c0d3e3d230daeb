/**
 * `npm run bench:audit`: how fast `audit verify` recomputes the log, against the raw speed of
 * the same hash function over the same bytes on this machine. Uses the embedded database
 * unless DATABASE_URL names a PostgreSQL server. Figures go to docs/benchmarks.md.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, queryRows } from '@mpw/db';
import { systemActor } from '../src/lib/actor.js';
import { createHasher, type HashAlgorithm } from '../src/lib/crypto/index.js';
import { appendAuditEvent, leafBytes, setAuditHashAlgorithm } from '../src/modules/audit/audit.log.js';
import { rowToLeaf, verifyAuditLog } from '../src/modules/audit/audit.service.js';
import { auditEvents } from '@mpw/db';
import { writeBenchmarkSection } from './write-benchmarks.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20000);
const alg = (process.env.MICROPOWER_AUDIT_HASH ?? 'sm3') as HashAlgorithm;
const handle = await openDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { inMemory: true });
await migrateDatabase(handle);
const db = handle.db;
setAuditHashAlgorithm(alg);
const existing = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_events`);
if (existing[0]!.n > 0) throw new Error('bench:audit needs an empty database (it appends synthetic events)');

process.stdout.write(`appending ${EVENTS} events (${handle.kind})…\n`);
const actor = { ...systemActor(), regionCode: '330299101201' };
for (let i = 0; i < EVENTS; i += 500) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('mpw.audited', 'on', true)`);
    for (let j = i; j < Math.min(EVENTS, i + 500); j++) {
      await appendAuditEvent(tx, actor, {
        action: 'finance.entry.create',
        entityType: 'ledger_entry',
        entityId: `E${j}`,
        regionCode: '330299101201',
        after: { amountFen: 123456 + j, summary: '村道硬化工程进度款', counterparty: '某某建筑有限公司', date: '2026-11-01' },
      });
    }
  });
}

const t0 = performance.now();
const report = await verifyAuditLog(db);
const verifySecs = (performance.now() - t0) / 1000;
if (!report.ok) throw new Error(`verify failed: ${report.problem}`);

// Raw hash speed over exactly the bytes verify hashes (leaf + chain), data already in memory.
const rows = await db.select().from(auditEvents).orderBy(auditEvents.seq);
const leaves = rows.map((r) => leafBytes(rowToLeaf(r)));
const h = createHasher(alg);
const zero = Buffer.from([0]);
const t1 = performance.now();
let prev: Buffer = Buffer.alloc(32);
for (const bytes of leaves) {
  const leaf = h.hash(zero, bytes);
  prev = h.hash(prev, leaf);
}
const hashSecs = (performance.now() - t1) / 1000;
const avgBytes = Math.round(leaves.reduce((a, b) => a + b.length, 0) / leaves.length);

const verifyRate = Math.round(EVENTS / verifySecs);
const hashRate = Math.round(EVENTS / hashSecs);
const line = `| ${new Date().toISOString().slice(0, 10)} | ${handle.kind} | ${alg} | ${EVENTS} | ${avgBytes} B | ${verifyRate.toLocaleString('en')} | ${hashRate.toLocaleString('en')} | ${(verifyRate / hashRate * 100).toFixed(1)}% |`;
process.stdout.write(`verify: ${verifyRate} events/s; raw ${alg} (leaf+chain): ${hashRate} events/s\n`);
writeBenchmarkSection(
  `audit-${handle.kind}-${alg}`,
  `### audit verify — ${handle.kind}, ${alg} (\`npm run bench:audit\`)\n\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.\n` +
    `Verify reads every event, rebuilds its canonical JSON, recomputes leaf and chain hashes and the Merkle root of each checkpoint; "raw" hashes the same bytes already in memory.\n\n` +
    `| date | database | hash | events | avg event | verify events/s | raw hash events/s | verify / raw |\n|---|---|---|---|---|---|---|---|\n${line}`,
);
await handle.close();
