import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Tx } from '@mpw/db';

/**
 * The queries of backup and restore. They work below Drizzle, on the driver's own client inside
 * a Drizzle transaction, because they read the catalogue and move whole tables with COPY.
 */

/** node-postgres's PoolClient or PGlite's Transaction, whichever runs under the transaction. */
interface NodePgClient {
  query(q: unknown, params?: unknown[]): unknown;
  connection: unknown;
}
interface PgliteTx {
  query<T>(q: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: T[]; blob?: Blob }>;
  exec(q: string): Promise<unknown>;
}

/** One database session: plain rows, several statements at once, and COPY in both directions. */
export interface RawSession {
  rows<T>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
  /** Every visible row of a table in COPY text format, in pieces, in the transaction's snapshot. */
  copyTableOut(table: string, columns: readonly string[], sink: (chunk: Buffer) => Promise<void>): Promise<void>;
  copyTableIn(table: string, columns: readonly string[], source: AsyncIterable<Buffer>): Promise<void>;
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const target = (table: string, columns: readonly string[]) => `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;

// A copy may take longer than the pool's query timeout: a large table is one statement.
const NO_TIMEOUT = 2 ** 31 - 1;
// Pages per COPY when the embedded database pages through a table; memory stays bounded by this.
const PGLITE_PAGES_PER_COPY = 256;
// Bytes per COPY when loading into the embedded database.
const PGLITE_LOAD_BYTES = 1 << 20;

export function rawSession(tx: Tx): RawSession {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client || typeof (client as { query?: unknown }).query !== 'function') throw new Error('backup: the database client is not reachable');
  return typeof (client as NodePgClient).connection === 'object' ? nodePgSession(client as NodePgClient) : pgliteSession(client as PgliteTx);
}

function nodePgSession(client: NodePgClient): RawSession {
  return {
    async rows<T>(text: string, params?: unknown[]) {
      return ((await client.query(text, params)) as { rows: T[] }).rows;
    },
    async exec(text) {
      await client.query(text);
    },
    async copyTableOut(table, columns, sink) {
      const stream = copyTo(`COPY ${target(table, columns)} TO STDOUT`);
      (stream as unknown as { query_timeout: number }).query_timeout = NO_TIMEOUT;
      for await (const chunk of client.query(stream) as AsyncIterable<Buffer>) await sink(chunk);
    },
    async copyTableIn(table, columns, source) {
      const stream = copyFrom(`COPY ${target(table, columns)} FROM STDIN`);
      (stream as unknown as { query_timeout: number }).query_timeout = NO_TIMEOUT;
      await pipeline(Readable.from(source), client.query(stream) as Writable);
    },
  };
}

function pgliteSession(client: PgliteTx): RawSession {
  const blobBytes = async (blob: Blob | undefined) => (blob ? Buffer.from(await blob.arrayBuffer()) : Buffer.alloc(0));
  const copyIn = (table: string, columns: readonly string[], data: Buffer) =>
    client.query(`COPY ${target(table, columns)} FROM '/dev/blob'`, [], { blob: new Blob([new Uint8Array(data)]) });
  const rows = async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows;
  return {
    rows,
    async exec(text) {
      await client.exec(text);
    },
    async copyTableOut(table, columns, sink) {
      // PGlite copies into memory: page through the heap by tuple id so each piece stays small.
      const [size] = await rows<{ pages: string }>(`SELECT (pg_relation_size($1::regclass) / current_setting('block_size')::int)::text AS pages`, [quoteIdent(table)]);
      const pages = Number(size?.pages ?? 0);
      const select = columns.map(quoteIdent).join(', ');
      for (let from = 0; from < pages; from += PGLITE_PAGES_PER_COPY) {
        const to = from + PGLITE_PAGES_PER_COPY;
        const r = await client.query(`COPY (SELECT ${select} FROM ${quoteIdent(table)} WHERE ctid >= '(${from},0)'::tid AND ctid < '(${to},0)'::tid) TO '/dev/blob'`);
        const bytes = await blobBytes(r.blob);
        if (bytes.length) await sink(bytes);
      }
    },
    async copyTableIn(table, columns, source) {
      // Rows end at a newline (newlines inside values are escaped), so a piece ends at the last one.
      let pending: Buffer = Buffer.alloc(0);
      for await (const chunk of source) {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        if (pending.length < PGLITE_LOAD_BYTES) continue;
        const cut = pending.lastIndexOf(0x0a) + 1;
        if (cut === 0) continue;
        await copyIn(table, columns, pending.subarray(0, cut));
        pending = pending.subarray(cut);
      }
      if (pending.length) await copyIn(table, columns, pending);
    },
  };
}

/**
 * Fixes how values are written and read for this transaction, as pg_dump does, so a dump loads
 * the same on a server with other date, interval or time-zone settings.
 */
export async function usePortableFormats(s: RawSession): Promise<void> {
  await s.exec(`SET LOCAL datestyle = 'ISO, YMD'; SET LOCAL intervalstyle = 'postgres'; SET LOCAL timezone = 'UTC'; SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'`);
}

export interface TableInfo {
  name: string;
  columns: string[];
}

/**
 * The tables of the public schema with their stored columns, parents before the tables whose
 * foreign keys point at them (so a load in this order satisfies every key).
 */
export async function listTables(s: RawSession): Promise<TableInfo[]> {
  const cols = await s.rows<{ table_name: string; column_name: string }>(
    `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      ORDER BY c.relname, a.attnum`,
  );
  const byTable = new Map<string, string[]>();
  for (const c of cols) {
    const list = byTable.get(c.table_name) ?? [];
    list.push(c.column_name);
    byTable.set(c.table_name, list);
  }
  const edges = await s.rows<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND k.conrelid <> k.confrelid`,
  );
  const parents = new Map<string, Set<string>>();
  for (const e of edges) {
    const set = parents.get(e.child) ?? new Set<string>();
    set.add(e.parent);
    parents.set(e.child, set);
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (placed.has(name) || visiting.has(name) || !byTable.has(name)) return;
    visiting.add(name);
    for (const p of [...(parents.get(name) ?? [])].sort()) visit(p);
    visiting.delete(name);
    placed.add(name);
    ordered.push({ name, columns: byTable.get(name)! });
  };
  for (const name of [...byTable.keys()].sort()) visit(name);
  return ordered;
}

export async function countRows(s: RawSession, table: string): Promise<number> {
  const [r] = await s.rows<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table)}`);
  return Number(r?.n ?? 0);
}

export async function listSequences(s: RawSession): Promise<{ name: string; lastValue: string; isCalled: boolean }[]> {
  const names = await s.rows<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY 1`,
  );
  const out = [];
  for (const { name } of names) {
    const [v] = await s.rows<{ last_value: string; is_called: boolean }>(`SELECT last_value::text AS last_value, is_called FROM ${quoteIdent(name)}`);
    out.push({ name, lastValue: v!.last_value, isCalled: v!.is_called });
  }
  return out;
}

export async function setSequence(s: RawSession, seq: { name: string; lastValue: string; isCalled: boolean }): Promise<void> {
  await s.rows(`SELECT setval($1::regclass, $2::bigint, $3::boolean)`, [quoteIdent(seq.name), seq.lastValue, seq.isCalled]);
}

export async function setUserTriggers(s: RawSession, table: string, enabled: boolean): Promise<void> {
  await s.exec(`ALTER TABLE ${quoteIdent(table)} ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER USER`);
}

export async function serverVersion(s: RawSession): Promise<string> {
  const [r] = await s.rows<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  return r?.v ?? '';
}

/** The newest applied migration (Drizzle's bookkeeping table), or null on a database never migrated. */
export async function latestMigration(s: RawSession): Promise<{ createdAt: number } | null> {
  const [present] = await s.rows<{ ok: boolean }>(`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`);
  if (!present?.ok) return null;
  const [r] = await s.rows<{ created_at: string | null }>(`SELECT max(created_at)::text AS created_at FROM drizzle.__drizzle_migrations`);
  return r?.created_at ? { createdAt: Number(r.created_at) } : null;
}

/** Records a migration as applied, the way Drizzle's migrator does. */
export async function recordMigration(s: RawSession, hash: string, createdAt: number): Promise<void> {
  await s.exec(`CREATE SCHEMA IF NOT EXISTS "drizzle"; CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
  await s.rows(`INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES ($1, $2)`, [hash, createdAt]);
}

async function hasTable(s: RawSession, table: string): Promise<boolean> {
  const [r] = await s.rows<{ ok: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS ok`, [`public.${quoteIdent(table)}`]);
  return Boolean(r?.ok);
}

export async function auditHead(s: RawSession) {
  if (!(await hasTable(s, 'audit_events'))) return { events: 0, head: null, checkpoint: null, hashAlg: null };
  const [head] = await s.rows<{ seq: string; chain_hash: string }>(`SELECT seq::text AS seq, chain_hash FROM audit_events ORDER BY seq DESC LIMIT 1`);
  const [cp] = await s.rows<{ tree_size: string; root_hash: string; key_id: string; signature_alg: string; hash_alg: string }>(
    `SELECT tree_size::text AS tree_size, root_hash, key_id, signature_alg, hash_alg FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1`,
  );
  return {
    events: head ? Number(head.seq) + 1 : 0,
    head: head ? { seq: Number(head.seq), chainHash: head.chain_hash } : null,
    checkpoint: cp ? { treeSize: Number(cp.tree_size), rootHash: cp.root_hash, keyId: cp.key_id, signatureAlg: cp.signature_alg } : null,
    hashAlg: cp?.hash_alg ?? null,
  };
}

/**
 * Values sealed with the secret key live in text columns named `*_sealed` (form
 * v1.<keyId>.…): per column, how many values each key id sealed.
 */
export async function sealedKeyUse(s: RawSession): Promise<{ column: string; keyIds: Record<string, number> }[]> {
  const cols = await s.rows<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name LIKE '%\\_sealed' AND data_type = 'text' ORDER BY 1, 2`,
  );
  const out = [];
  for (const c of cols) {
    const rows = await s.rows<{ key_id: string; n: string }>(
      `SELECT split_part(${quoteIdent(c.column_name)}, '.', 2) AS key_id, count(*)::text AS n FROM ${quoteIdent(c.table_name)}
        WHERE ${quoteIdent(c.column_name)} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    out.push({ column: `${c.table_name}.${c.column_name}`, keyIds: Object.fromEntries(rows.map((r) => [r.key_id, Number(r.n)])) });
  }
  return out;
}

/** One sealed value of a column under a key id, to try the current keys on. */
export async function sampleSealed(s: RawSession, column: string, keyId: string): Promise<string | null> {
  const [table, col] = column.split('.') as [string, string];
  const [r] = await s.rows<{ v: string }>(`SELECT ${quoteIdent(col)} AS v FROM ${quoteIdent(table)} WHERE ${quoteIdent(col)} LIKE $1 LIMIT 1`, [`v1.${keyId}.%`]);
  return r?.v ?? null;
}

/** Relations and schemas an application made: none in a freshly created database. */
export async function userObjectCount(s: RawSession): Promise<number> {
  const [r] = await s.rows<{ n: string }>(
    `SELECT ((SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%')
           + (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'))::text AS n`,
  );
  return Number(r?.n ?? 0);
}

/** Exports the transaction's snapshot so that pg_dump reads exactly what this transaction counted. */
export async function exportSnapshot(s: RawSession): Promise<string> {
  const [r] = await s.rows<{ id: string }>(`SELECT pg_export_snapshot() AS id`);
  return r!.id;
}
