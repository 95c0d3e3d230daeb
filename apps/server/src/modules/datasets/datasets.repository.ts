import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { from as copyFrom } from 'pg-copy-streams';
import { dataImports, queryRows, regions, type DbOrTx, type Tx } from '@mpw/db';
import type { TRegionLevel } from '@mpw/contracts';
import { regionRange } from '../../lib/scope.js';
import type { CellValue, ColumnDef, DatasetDef } from './datasets.definitions.js';

/** A checked row on its way into its table. */
export interface WriteRow {
  line: number;
  /** By table column. */
  values: Record<string, CellValue>;
  regionCode: string;
  extra: Record<string, string> | null;
}

export interface WriteMeta {
  importId: string;
  userId: string | null;
}

export async function findRegionLevel(db: DbOrTx, code: string): Promise<TRegionLevel | null> {
  const rows = await db
    .select({ level: regions.level })
    .from(regions)
    .where(and(eq(regions.code, code), isNull(regions.deletedAt)))
    .limit(1);
  return rows[0]?.level ?? null;
}

export async function findDistrictCodes(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.level, 'district'), isNull(regions.deletedAt)))
    .orderBy(asc(regions.code));
  return rows.map((r) => r.code);
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
const ident = (name: string) => sql.raw(quoted(name));

// ---------------------------------------------------------------- staging and merge

/**
 * The rows of an import travel through a temporary staging table (dropped at commit): they go in
 * with COPY — the fastest way into PostgreSQL, and PGlite reads the same text from a blob — and
 * one INSERT … SELECT … ON CONFLICT per batch merges them into the dataset's table.
 */
const STAGE = 'mpw_import_stage';

/** Columns of the staging table: the new row's id, the file's columns, then what every row carries. */
function stageColumns(columns: readonly ColumnDef[]): { column: string; type: string }[] {
  return [
    { column: 'id', type: 'uuid' },
    ...columns.map((c) => ({ column: c.column, type: c.type })),
    { column: 'region_code', type: 'text' },
    { column: 'extra', type: 'jsonb' },
    { column: 'source_line', type: 'integer' },
  ];
}

/** The columns of a batch's COPY text: the staged ones, then the provenance every row of the import shares. */
function loadColumns(columns: readonly ColumnDef[]): { column: string; type: string }[] {
  return [...stageColumns(columns), { column: 'import_id', type: 'uuid' }, { column: 'created_by', type: 'uuid' }, { column: 'updated_by', type: 'uuid' }];
}

/**
 * Ids for the rows an import inserts, in the layout of a version 7 UUID (RFC 9562): the time the
 * import started, random bits drawn once per import, and the row's sequence number, so that the
 * ids of one import ascend and a large load appends to the primary-key index instead of touching
 * a random page of it for every row (random ids made up a good part of the cost of an insert).
 */
export class RowIds {
  private readonly prefix: string;
  private next = 0;

  constructor(now = Date.now()) {
    const ms = now.toString(16).padStart(12, '0').slice(-12);
    const r = randomBytes(6).toString('hex');
    const variant = (8 + (parseInt(r[3]!, 16) & 3)).toString(16);
    this.prefix = `${ms.slice(0, 8)}-${ms.slice(8)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(7, 11)}`;
  }

  take(): string {
    return this.prefix + (this.next++).toString(16).padStart(8, '0');
  }
}

/** Creates the (empty) staging table for an import with these file columns. */
export async function createStage(tx: Tx, columns: readonly ColumnDef[]): Promise<void> {
  const cols = loadColumns(columns).map((c) => `${quoted(c.column)} ${c.type}`);
  await tx.execute(sql.raw(`drop table if exists ${STAGE}`));
  await tx.execute(sql.raw(`create temporary table ${STAGE} (${cols.join(', ')}) on commit drop`));
}

// COPY's text format: tab between fields, \N for null; backslash, tab, CR and LF escaped.
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
function copyText(v: string): string {
  return COPY_SPECIAL.test(v) ? v.replace(COPY_SPECIAL_ALL, (ch) => COPY_ESCAPES[ch]!) : v;
}
function copyField(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return copyText(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

/**
 * The rows of a batch as COPY text, in the order of stageColumns, encoded as each row is checked:
 * the text waits outside the JavaScript heap, so a batch in flight costs the garbage collector
 * next to nothing.
 */
export class StageBuffer {
  private buf = Buffer.allocUnsafeSlow(1 << 20);
  private used = 0;
  private readonly provenance: string;
  rows = 0;

  constructor(private readonly columns: readonly ColumnDef[], meta: WriteMeta) {
    this.provenance = `\t${meta.importId}\t${meta.userId ?? '\\N'}\t${meta.userId ?? '\\N'}\n`;
  }

  add(row: WriteRow, id: string): void {
    const fields: string[] = [id];
    for (const c of this.columns) fields.push(copyField(row.values[c.column]));
    fields.push(copyText(row.regionCode), row.extra ? copyText(JSON.stringify(row.extra)) : '\\N', `${row.line}${this.provenance}`);
    const text = fields.join('\t');
    // At most three bytes of UTF-8 per UTF-16 unit.
    if (this.used + text.length * 3 > this.buf.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.used + text.length * 3));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    this.used += this.buf.write(text, this.used, 'utf8');
    this.rows++;
  }

  get data(): Buffer {
    return this.buf.subarray(0, this.used);
  }
}

/** The driver's own client under a drizzle transaction: node-postgres's PoolClient or PGlite's Transaction. */
interface PgClientLike {
  query(q: unknown): unknown;
  connection: unknown;
}
interface PgliteTxLike {
  query(q: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
  exec: unknown;
}
function driverClient(tx: Tx): PgClientLike | PgliteTxLike {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client || typeof (client as { query?: unknown }).query !== 'function') throw new Error('import staging: the database client is not reachable');
  return client as PgClientLike | PgliteTxLike;
}
const isNodePg = (c: PgClientLike | PgliteTxLike): c is PgClientLike => typeof (c as PgClientLike).connection === 'object';

/** Appends a batch of rows to the staging table with one COPY. */
export async function stageRows(tx: Tx, columns: readonly ColumnDef[], rows: StageBuffer): Promise<void> {
  await copyRows(tx, STAGE, columns, rows);
}

/**
 * Writes a batch of rows straight into the dataset's table with one COPY: only for a load into
 * an empty table that this transaction holds locked (lockTableForLoad), where no row can meet an
 * existing key and the file's own duplicates were refused while it was read.
 */
export async function loadRows(tx: Tx, def: DatasetDef, columns: readonly ColumnDef[], rows: StageBuffer): Promise<void> {
  await copyRows(tx, quoted(def.table), columns, rows);
}

async function copyRows(tx: Tx, table: string, columns: readonly ColumnDef[], rows: StageBuffer): Promise<void> {
  if (!rows.rows) return;
  const target = `${table} (${loadColumns(columns).map((c) => quoted(c.column)).join(', ')})`;
  const client = driverClient(tx);
  if (isNodePg(client)) {
    const stream = client.query(copyFrom(`copy ${target} from stdin`)) as Writable;
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(rows.data);
    });
  } else {
    await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([new Uint8Array(rows.data)]) });
  }
}

/** Whether the table holds no row at all, soft-deleted ones included. */
export async function isTableEmpty(tx: Tx, table: string): Promise<boolean> {
  const [row] = await queryRows<{ empty: boolean }>(tx, sql`select not exists (select 1 from ${ident(table)}) as empty`);
  return row?.empty ?? false;
}

/**
 * Lines of the staged rows whose key already exists in the table outside the scope: another
 * region's rows, which an account bound to a region may not overwrite. They are taken out of
 * the staging table.
 */
export async function unstageKeysOutsideScope(tx: Tx, def: DatasetDef, scopeCode: string): Promise<number[]> {
  const { lo, hi } = regionRange(scopeCode);
  const on = sql.join(def.conflict.map((c) => sql`t.${ident(c)} = s.${ident(c)}`), sql` and `);
  const found = await queryRows<{ source_line: number }>(
    tx,
    sql`delete from ${sql.raw(STAGE)} s using ${ident(def.table)} t
        where ${on} and not (t.region_code between ${lo} and ${hi})
        returning s.source_line`,
  );
  return found.map((f) => f.source_line);
}

/** What a merge changed, per region code of the changed rows. */
export interface MergedRegion {
  region_code: string;
  inserted: number;
  updated: number;
  /** Identity numbers of the inserted or changed rows. */
  ids: string[];
}

/**
 * Merges the staged rows into the dataset's table by natural key and empties the staging table.
 * Only the columns the file has are written (a column missing from the file leaves the stored
 * value as it is); a row whose values did not change is left alone (no new provenance, not
 * counted), so a re-import of the same file changes nothing.
 */
export async function mergeStaged(tx: Tx, def: DatasetDef, columns: readonly ColumnDef[], meta: WriteMeta): Promise<MergedRegion[]> {
  const staged = stageColumns(columns).filter((c) => c.column !== 'source_line');
  // What a re-import may change: every staged column except the key itself.
  const changeable = staged.filter((c) => c.column !== 'id' && !def.conflict.includes(c.column));
  const set: SQL[] = [
    ...changeable.map((c) => sql`${ident(c.column)} = excluded.${ident(c.column)}`),
    sql`import_id = excluded.import_id`,
    sql`source_line = excluded.source_line`,
    sql`updated_by = excluded.updated_by`,
    sql`updated_at = now()`,
    sql`deleted_at = null`,
  ];
  const mine = sql.join(changeable.map((c) => sql`t.${ident(c.column)}`), sql`, `);
  const theirs = sql.join(changeable.map((c) => sql`excluded.${ident(c.column)}`), sql`, `);
  const ids = sql.join(def.idColumns.map((c) => sql`t.${ident(c)}`), sql`, `);
  const into = sql.join([...staged.map((c) => ident(c.column)), sql`import_id`, sql`source_line`, sql`created_by`, sql`updated_by`], sql`, `);
  const from = sql.join([...staged.map((c) => sql`s.${ident(c.column)}`), sql`${meta.importId}::uuid`, sql`s.source_line`, sql`${meta.userId}::uuid`, sql`${meta.userId}::uuid`], sql`, `);
  const merged = await queryRows<MergedRegion & Record<string, unknown>>(
    tx,
    sql`with m as (
          insert into ${ident(def.table)} as t (${into})
          select ${from} from ${sql.raw(STAGE)} s
          on conflict (${sql.join(def.conflict.map(ident), sql`, `)}) do update set ${sql.join(set, sql`, `)}
          where (${mine}) is distinct from (${theirs}) or t.deleted_at is not null
          returning (t.xmax = 0) as inserted, t.region_code, array[${ids}] as ids
        ),
        n as (
          select region_code, count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
          from m group by region_code
        ),
        -- Byte order is enough to drop repeated identity numbers, and much cheaper than the database's collation.
        i as (
          select m.region_code, array_agg(distinct x.id collate "C") as ids from m cross join lateral unnest(m.ids) as x(id) group by m.region_code
        )
        select n.region_code, n.inserted, n.updated, coalesce(i.ids, array[]::text[]) as ids
        from n left join i on i.region_code = n.region_code`,
  );
  await tx.execute(sql.raw(`truncate ${STAGE}`));
  return merged;
}

// ---------------------------------------------------------------- secondary indexes of a large load

/**
 * An index as the database would create it again: `name` as SQL (schema-qualified where the
 * search path needs it), `definition` its CREATE INDEX statement.
 */
export interface IndexDef {
  name: string;
  definition: string;
}

/**
 * The indexes of a table that a large load may drop and build again: not the primary key, not
 * unique (the merge finds existing rows through the natural key's unique index, and unique
 * indexes are constraints), not behind a constraint, valid.
 */
export async function findSecondaryIndexes(tx: Tx, table: string): Promise<IndexDef[]> {
  return queryRows<{ name: string; definition: string }>(
    tx,
    sql`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i
        where i.indrelid = ${table}::regclass and i.indisvalid
          and not i.indisprimary and not i.indisunique and not i.indisexclusion
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
        order by 1`,
  );
}

/**
 * About how many rows the table holds: the planner's figure when the table was ever analyzed
 * (an import of 1,000 rows or more analyzes it), else a count that stops at `limit`.
 */
export async function estimateTableRows(tx: Tx, table: string, limit: number): Promise<number> {
  const [stats] = await queryRows<{ reltuples: number }>(tx, sql`select reltuples::float8 as reltuples from pg_class where oid = ${table}::regclass`);
  if (stats && stats.reltuples >= 0) return stats.reltuples;
  const [counted] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from (select 1 from ${ident(table)} limit ${limit}) s`);
  return counted?.n ?? 0;
}

const LOCK_NOT_AVAILABLE = '55P03';
const sqlState = (err: unknown): string | undefined => (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;

/**
 * Takes the table for the rest of the transaction (a large load: its indexes are dropped or its
 * rows copied straight in). Waits at most `lockTimeoutMs` for readers to finish (while it waits,
 * new readers queue behind it) and, when they do not, leaves everything as it was and answers
 * false.
 */
export async function lockTableForLoad(tx: Tx, table: string, lockTimeoutMs: number): Promise<boolean> {
  const [before] = await queryRows<{ timeout: string }>(tx, sql`select current_setting('lock_timeout') as timeout`);
  await tx.execute(sql`savepoint mpw_load_lock`);
  try {
    await tx.execute(sql`select set_config('lock_timeout', ${`${lockTimeoutMs}ms`}, true)`);
    await tx.execute(sql.raw(`lock table ${quoted(table)} in access exclusive mode`));
  } catch (err) {
    if (sqlState(err) !== LOCK_NOT_AVAILABLE) throw err;
    await tx.execute(sql`rollback to savepoint mpw_load_lock`);
    return false;
  }
  await tx.execute(sql`release savepoint mpw_load_lock`);
  await tx.execute(sql`select set_config('lock_timeout', ${before?.timeout ?? '0'}, true)`);
  return true;
}

/** Drops these indexes of a table locked for a load; the transaction's rollback brings them back. */
export async function dropIndexes(tx: Tx, indexes: readonly IndexDef[]): Promise<void> {
  for (const index of indexes) await tx.execute(sql.raw(`drop index ${index.name}`));
}

/** Builds the indexes again (one sort each, much cheaper than an index insert per loaded row). */
export async function createIndexes(tx: Tx, indexes: readonly IndexDef[]): Promise<void> {
  for (const index of indexes) await tx.execute(sql.raw(index.definition));
}

export type NewDataImport = typeof dataImports.$inferInsert;

export async function insertDataImport(tx: Tx, row: NewDataImport): Promise<void> {
  await tx.insert(dataImports).values(row);
}
