import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { dataImports, queryRows, regions, type DbOrTx, type Tx } from '@mpw/db';
import type { TRegionLevel } from '@mpw/contracts';
import { regionRange } from '../../lib/scope.js';
import type { CellValue, ColumnDef, DatasetDef, SqlType } from './datasets.definitions.js';

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

/** A row that the upsert inserted or changed (unchanged rows are not returned). */
export interface ChangedRow {
  inserted: boolean;
  region_code: string;
  ids: string[];
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

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);
const typed = (value: CellValue | undefined, type: SqlType) => sql`${value ?? null}::${sql.raw(type)}`;

/** Conflict-key columns with their types (region_code is text). */
function conflictColumns(def: DatasetDef): { column: string; type: SqlType }[] {
  return def.conflict.map((column) => ({ column, type: def.columns.find((c) => c.column === column)?.type ?? 'text' }));
}

const keyValue = (def: DatasetDef, row: WriteRow, column: string) => (column === 'region_code' ? row.regionCode : row.values[column]);

/** The same text for a key read from a row and from the table. */
export function conflictKey(def: DatasetDef, row: WriteRow): string {
  return def.conflict.map((c) => String(keyValue(def, row, c) ?? '')).join('\u0001');
}

/**
 * Keys of the batch that already exist in the table outside the scope: another region's rows,
 * which an account bound to a region may not overwrite.
 */
export async function findKeysOutsideScope(tx: Tx, def: DatasetDef, rows: WriteRow[], scopeCode: string): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const cols = conflictColumns(def);
  const { lo, hi } = regionRange(scopeCode);
  const keys = rows.map((r) => Object.fromEntries(cols.map((c) => [c.column, keyValue(def, r, c.column) ?? null])));
  const found = await queryRows<{ k: string }>(
    tx,
    sql`select concat_ws(E'\\x01', ${sql.join(cols.map((c) => sql`t.${ident(c.column)}::text`), sql`, `)}) as k
        from ${ident(def.table)} t
        join jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as x(${recordType(cols)})
          on ${sql.join(cols.map((c) => sql`t.${ident(c.column)} = x.${ident(c.column)}`), sql` and `)}
        where not (t.region_code between ${lo} and ${hi})`,
  );
  return new Set(found.map((f) => f.k));
}

/** The column list of a jsonb_to_recordset: `"a" text, "b" date, …`. */
function recordType(cols: readonly { column: string; type: string }[]): SQL {
  return sql.raw(cols.map((c) => `"${c.column.replace(/"/g, '""')}" ${c.type}`).join(', '));
}

/**
 * One multi-row upsert by natural key. Only the columns the file has are written (a column
 * missing from the file leaves the stored value as it is); a row whose values did not change
 * is left alone (no new provenance, not returned), so a re-import of the same file changes nothing.
 */
export async function upsertRows(tx: Tx, def: DatasetDef, columns: readonly ColumnDef[], rows: WriteRow[], meta: WriteMeta): Promise<ChangedRow[]> {
  if (!rows.length) return [];
  const data: { column: string; type: SqlType | 'jsonb' | 'uuid'; value: (r: WriteRow) => unknown }[] = [
    ...columns.map((c) => ({ column: c.column, type: c.type, value: (r: WriteRow) => r.values[c.column] })),
    ...(def.conflict.includes('region_code') ? [] : [{ column: 'region_code', type: 'text' as const, value: (r: WriteRow) => r.regionCode }]),
    { column: 'extra', type: 'jsonb', value: (r: WriteRow) => (r.extra ? JSON.stringify(r.extra) : null) },
  ];
  const all = [
    ...data,
    ...(def.conflict.includes('region_code') ? [{ column: 'region_code', type: 'text' as const, value: (r: WriteRow) => r.regionCode }] : []),
    { column: 'import_id', type: 'uuid' as const, value: () => meta.importId },
    { column: 'source_line', type: 'integer' as const, value: (r: WriteRow) => r.line },
    { column: 'created_by', type: 'uuid' as const, value: () => meta.userId },
    { column: 'updated_by', type: 'uuid' as const, value: () => meta.userId },
  ];
  // The batch travels as one JSON parameter, unpacked by jsonb_to_recordset: a statement with a
  // few dozen placeholders rather than thousands keeps both the SQL building here and the parse there cheap.
  const batch = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const c of all) o[c.column] = c.column === 'extra' ? (r.extra ?? null) : (c.value(r) ?? null);
    return o;
  });
  // What a re-import may change: every data column of the file except the key itself.
  const changeable = data.filter((c) => !def.conflict.includes(c.column));
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
  return queryRows<ChangedRow & Record<string, unknown>>(
    tx,
    sql`insert into ${ident(def.table)} as t (${sql.join(all.map((c) => ident(c.column)), sql`, `)})
        select * from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(${recordType(all)})
        on conflict (${sql.join(def.conflict.map(ident), sql`, `)}) do update set ${sql.join(set, sql`, `)}
        where (${mine}) is distinct from (${theirs}) or t.deleted_at is not null
        returning (t.xmax = 0) as inserted, t.region_code, array[${ids}] as ids`,
  );
}

export type NewDataImport = typeof dataImports.$inferInsert;

export async function insertDataImport(tx: Tx, row: NewDataImport): Promise<void> {
  await tx.insert(dataImports).values(row);
}
