import {
  BENEFIT_PROGRAMS,
  BUSINESS_ROLES,
  DATASET_COLUMNS,
  DATASET_KEYS,
  GENDERS,
  isCalendarDate,
  KINSHIP_RELATIONS,
  PAYMENT_PROGRAMS,
  RELATIONS_TO_HEAD,
  VEHICLE_TYPES,
  type DatasetColumn,
  type TDataset,
  type TRegionLevel,
} from '@mpw/contracts';
import { normalizeHeader } from '../../lib/csv.js';
import { checkIdNumber, isRealDay, PLAIN_ASCII, type IdNumberCheck } from './datasets.identity.js';

/**
 * The nine department datasets of shared/spec/data-exchange.md that this module stores itself
 * (regions, ledger, contracts and decisions belong to their own modules): how a row of the file
 * is checked and which table columns it fills.
 */
export const DEPARTMENT_DATASETS = [
  'residents',
  'cadres',
  'kinship',
  'deaths',
  'vehicles',
  'businesses',
  'public_employees',
  'benefit_recipients',
  'payments',
] as const satisfies readonly TDataset[];
export type DepartmentDataset = (typeof DEPARTMENT_DATASETS)[number];

export function isDepartmentDataset(d: TDataset): d is DepartmentDataset {
  return (DEPARTMENT_DATASETS as readonly string[]).includes(d);
}

export type SqlType = 'text' | 'date' | 'integer' | 'bigint' | 'boolean';
export type CellValue = string | number | boolean | null;

/** A table column filled from the file column `from` (absent from the file: left as it is on update). */
export interface ColumnDef {
  column: string;
  type: SqlType;
  from: string;
}

export interface ParsedRow {
  /** By table column. */
  values: Record<string, CellValue>;
  /** The region named by the row (village or cadre unit); null for datasets without one. */
  regionCode: string | null;
  /** The natural key, for duplicates inside one file. */
  key: string;
  /** An identity number failed GB 11643 (imported, flagged). */
  flagged: boolean;
}

export interface DatasetDef {
  table: string;
  /** The columns of the unique index a re-import updates by (ON CONFLICT target). */
  conflict: readonly string[];
  /** The file column giving region_code and the levels it may name; null: the importer's district. */
  region: { from: string; levels: readonly TRegionLevel[] } | null;
  /** Table columns holding identity numbers (for the follow-up sweep). */
  idColumns: readonly string[];
  columns: readonly ColumnDef[];
  parse(cells: Cells): ParsedRow;
}

/** A row fails a check: rejected with this Chinese reason. */
export class RowProblem extends Error {}

const DATE_HINT = '应为YYYY-MM-DD、YYYY/MM/DD或YYYYMMDD';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD`, a real calendar date → `YYYY-MM-DD`, or null. */
export function parseDatasetDate(text: string): string | null {
  // Most cells are already YYYY-MM-DD: no folding, no second pattern.
  const iso = ISO_DAY.exec(text);
  if (iso) return isRealDay(Number(iso[1]), Number(iso[2]), Number(iso[3])) ? text : null;
  const t = text.normalize('NFKC').trim();
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const day = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(day) ? day : null;
}

const PLAIN_YUAN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Yuan with at most two decimals (thousands separators allowed) → integer fen, exactly; or null. */
export function parseYuanToFen(text: string): number | null {
  const m = PLAIN_YUAN.exec(text) ?? PLAIN_YUAN.exec(text.normalize('NFKC').replace(/[,，\s]/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const GENDER_WORDS: Record<string, string> = { 男性: '男', 女性: '女', male: '男', female: '女', m: '男', f: '女' };

const columnMaps = new Map<TDataset, Map<string, DatasetColumn>>();
function columnsOf(dataset: TDataset): Map<string, DatasetColumn> {
  let m = columnMaps.get(dataset);
  if (!m) columnMaps.set(dataset, (m = new Map(DATASET_COLUMNS[dataset].map((col) => [col.key, col]))));
  return m;
}

/** Distinct values of an enumeration column remembered per file (they repeat on every row). */
const ENUM_MEMO_LIMIT = 1000;

/**
 * The cells of one row by column key, with typed readers that throw RowProblem naming the column.
 * One instance reads every row of a file: `get` reads the current row.
 */
export class Cells {
  private readonly columns: Map<string, DatasetColumn>;
  private readonly enumMemo = new Map<string, Map<string, string | null>>();

  constructor(
    dataset: TDataset,
    private readonly get: (key: string) => string,
  ) {
    this.columns = columnsOf(dataset);
  }

  label(key: string): string {
    return this.columns.get(key)?.zh ?? key;
  }

  private raw(key: string): string | null {
    const v = this.get(key).trim();
    if (v !== '') return v;
    if (this.columns.get(key)?.required) throw new RowProblem(`${this.label(key)}（${key}）不能为空`);
    return null;
  }

  text(key: string, max = 200): string | null {
    const v = this.raw(key);
    if (v !== null && v.length > max) throw new RowProblem(`${this.label(key)}不能超过${max}个字符`);
    return v;
  }

  /** Codes and numbers: full-width forms folded, inner spaces removed, upper case unless `keepCase`. */
  code(key: string, max = 64, keepCase = false): string | null {
    const v0 = this.raw(key);
    const folded = v0 === null || PLAIN_ASCII.test(v0) ? v0 : v0.normalize('NFKC').replace(/\s+/g, '');
    const v = folded !== null && !keepCase ? folded.toUpperCase() : folded;
    if (v !== null && v.length > max) throw new RowProblem(`${this.label(key)}不能超过${max}个字符`);
    return v;
  }

  id(key: string): IdNumberCheck {
    const v = this.raw(key);
    if (v === null) throw new RowProblem(`${this.label(key)}（${key}）不能为空`);
    const id = checkIdNumber(v);
    if (id.value.length > 32) throw new RowProblem(`${this.label(key)}“${v.slice(0, 32)}…”过长`);
    return id;
  }

  date(key: string): string | null {
    const v = this.raw(key);
    if (v === null) return null;
    const d = parseDatasetDate(v);
    if (!d) throw new RowProblem(`${this.label(key)}“${v}”不是有效日期（${DATE_HINT}）`);
    return d;
  }

  fen(key: string): number | null {
    const v = this.raw(key);
    if (v === null) return null;
    const fen = parseYuanToFen(v);
    if (fen === null) throw new RowProblem(`${this.label(key)}“${v}”应为不小于0的元金额，最多两位小数`);
    return fen;
  }

  count(key: string): number | null {
    const v0 = this.raw(key);
    const v = v0 === null || PLAIN_ASCII.test(v0) ? v0 : v0.normalize('NFKC');
    if (v === null) return null;
    if (!/^\d{1,4}$/.test(v)) throw new RowProblem(`${this.label(key)}“${v}”应为不小于0的整数`);
    return Number(v);
  }

  oneOf(key: string, list: readonly string[], words: Record<string, string> = {}): string | null {
    const v = this.raw(key);
    if (v === null) return null;
    let memo = this.enumMemo.get(key);
    if (!memo) this.enumMemo.set(key, (memo = new Map()));
    let hit = memo.get(v);
    if (hit === undefined) {
      const n = normalizeHeader(v);
      hit = list.find((x) => normalizeHeader(x) === n) ?? (Object.hasOwn(words, n) ? words[n]! : null);
      if (memo.size < ENUM_MEMO_LIMIT) memo.set(v, hit);
    }
    if (!hit) throw new RowProblem(`${this.label(key)}“${v}”无法识别（应为 ${list.join('、')}）`);
    return hit;
  }

  region(key: string): string {
    const v = this.code(key)!;
    if (!/^\d{12}$/.test(v)) throw new RowProblem(`${this.label(key)}“${v}”应为12位区划代码`);
    return v;
  }

  /** An end date before the start date is a mistake in the file. */
  period(startKey: string, endKey: string): { start: string | null; end: string | null } {
    const start = this.date(startKey);
    const end = this.date(endKey);
    if (start && end && end < start) throw new RowProblem(`${this.label(endKey)}${end}早于${this.label(startKey)}${start}`);
    return { start, end };
  }
}

const c = (column: string, type: SqlType, from = column): ColumnDef => ({ column, type, from });
const idCols = (from = 'id_number') => [c('id_number', 'text', from), c('id_valid', 'boolean', from)];
const KEY_SEP = '\u0001';
const key = (...parts: (string | null)[]) => parts.map((p) => p ?? '').join(KEY_SEP);

/** Relations that read the other way round when the pair is stored in order (the rest are symmetric). */
const CONVERSE_RELATION: Record<string, string> = { 父母: '子女', 子女: '父母' };

export const DATASET_DEFS: Record<DepartmentDataset, DatasetDef> = {
  residents: {
    table: 'residents',
    conflict: ['id_number'],
    region: { from: 'village_code', levels: ['village'] },
    idColumns: ['id_number'],
    columns: [...idCols(), c('name', 'text'), c('gender', 'text'), c('birth_date', 'date'), c('household_id', 'text'), c('relation_to_head', 'text')],
    parse(x) {
      const id = x.id('id_number');
      return {
        values: {
          id_number: id.value,
          id_valid: id.valid,
          name: x.text('name', 50),
          gender: x.oneOf('gender', GENDERS, GENDER_WORDS),
          birth_date: x.date('birth_date'),
          household_id: x.code('household_id', 64, true),
          relation_to_head: x.oneOf('relation_to_head', RELATIONS_TO_HEAD),
        },
        regionCode: x.region('village_code'),
        key: id.value,
        flagged: !id.valid,
      };
    },
  },
  cadres: {
    table: 'cadres',
    conflict: ['id_number', 'position', 'start_date'],
    region: { from: 'region_code', levels: ['village', 'township'] },
    idColumns: ['id_number'],
    columns: [...idCols(), c('name', 'text'), c('position', 'text'), c('start_date', 'date'), c('end_date', 'date')],
    parse(x) {
      const id = x.id('id_number');
      const position = x.text('position', 50);
      const { start, end } = x.period('start_date', 'end_date');
      return {
        values: { id_number: id.value, id_valid: id.valid, name: x.text('name', 50), position, start_date: start, end_date: end },
        regionCode: x.region('region_code'),
        key: key(id.value, position, start),
        flagged: !id.valid,
      };
    },
  },
  kinship: {
    table: 'kinship',
    conflict: ['id_number_a', 'id_number_b'],
    region: null,
    idColumns: ['id_number_a', 'id_number_b'],
    columns: [c('id_number_a', 'text'), c('id_number_b', 'text'), c('relation', 'text')],
    parse(x) {
      let a = x.id('id_number_a');
      let b = x.id('id_number_b');
      let relation = x.oneOf('relation', KINSHIP_RELATIONS)!;
      if (a.value === b.value) throw new RowProblem(`${x.label('id_number_a')}与${x.label('id_number_b')}相同`);
      // The key is the unordered pair: stored as a < b, the relation turned round with it.
      if (a.value > b.value) {
        [a, b] = [b, a];
        relation = CONVERSE_RELATION[relation] ?? relation;
      }
      return {
        values: { id_number_a: a.value, id_number_b: b.value, relation },
        regionCode: null,
        key: key(a.value, b.value),
        flagged: !a.valid || !b.valid,
      };
    },
  },
  deaths: {
    table: 'deaths',
    conflict: ['id_number'],
    region: null,
    idColumns: ['id_number'],
    columns: [...idCols(), c('name', 'text'), c('death_date', 'date')],
    parse(x) {
      const id = x.id('id_number');
      return {
        values: { id_number: id.value, id_valid: id.valid, name: x.text('name', 50), death_date: x.date('death_date') },
        regionCode: null,
        key: id.value,
        flagged: !id.valid,
      };
    },
  },
  vehicles: {
    table: 'vehicles',
    conflict: ['plate'],
    region: null,
    idColumns: ['id_number'],
    columns: [c('plate', 'text'), ...idCols(), c('vehicle_type', 'text'), c('registered_date', 'date')],
    parse(x) {
      const plate = x.code('plate', 20)!;
      const id = x.id('id_number');
      return {
        values: { plate, id_number: id.value, id_valid: id.valid, vehicle_type: x.oneOf('vehicle_type', VEHICLE_TYPES), registered_date: x.date('registered_date') },
        regionCode: null,
        key: plate,
        flagged: !id.valid,
      };
    },
  },
  businesses: {
    table: 'businesses',
    conflict: ['credit_code', 'id_number', 'role'],
    region: null,
    idColumns: ['id_number'],
    columns: [c('credit_code', 'text'), c('company_name', 'text'), ...idCols(), c('role', 'text'), c('registered_capital_fen', 'bigint', 'registered_capital')],
    parse(x) {
      const creditCode = x.code('credit_code')!;
      if (!/^[0-9A-Z]{18}$/.test(creditCode)) throw new RowProblem(`${x.label('credit_code')}“${creditCode}”应为18位数字或大写字母`);
      const id = x.id('id_number');
      const role = x.oneOf('role', BUSINESS_ROLES);
      return {
        values: { credit_code: creditCode, company_name: x.text('company_name'), id_number: id.value, id_valid: id.valid, role, registered_capital_fen: x.fen('registered_capital') },
        regionCode: null,
        key: key(creditCode, id.value, role),
        flagged: !id.valid,
      };
    },
  },
  public_employees: {
    table: 'public_employees',
    conflict: ['id_number'],
    region: null,
    idColumns: ['id_number'],
    columns: [...idCols(), c('name', 'text'), c('employer', 'text'), c('start_date', 'date'), c('end_date', 'date')],
    parse(x) {
      const id = x.id('id_number');
      const { start, end } = x.period('start_date', 'end_date');
      return {
        values: { id_number: id.value, id_valid: id.valid, name: x.text('name', 50), employer: x.text('employer'), start_date: start, end_date: end },
        regionCode: null,
        key: id.value,
        flagged: !id.valid,
      };
    },
  },
  benefit_recipients: {
    table: 'benefit_recipients',
    conflict: ['id_number', 'program', 'region_code', 'start_date'],
    region: { from: 'village_code', levels: ['village'] },
    idColumns: ['id_number'],
    columns: [
      ...idCols(),
      c('name', 'text'),
      c('program', 'text'),
      c('household_size', 'integer'),
      c('start_date', 'date'),
      c('end_date', 'date'),
      c('monthly_amount_fen', 'bigint', 'monthly_amount'),
    ],
    parse(x) {
      const id = x.id('id_number');
      const program = x.oneOf('program', BENEFIT_PROGRAMS);
      const village = x.region('village_code');
      const { start, end } = x.period('start_date', 'end_date');
      return {
        values: {
          id_number: id.value,
          id_valid: id.valid,
          name: x.text('name', 50),
          program,
          household_size: x.count('household_size'),
          start_date: start,
          end_date: end,
          monthly_amount_fen: x.fen('monthly_amount'),
        },
        regionCode: village,
        key: key(id.value, program, village, start),
        flagged: !id.valid,
      };
    },
  },
  payments: {
    table: 'subsidy_payments',
    conflict: ['payment_no'],
    region: { from: 'village_code', levels: ['village'] },
    idColumns: ['id_number'],
    columns: [
      c('payment_no', 'text', 'payment_id'),
      ...idCols(),
      c('name', 'text'),
      c('program', 'text'),
      c('amount_fen', 'bigint', 'amount'),
      c('paid_date', 'date'),
      c('bank_account', 'text'),
    ],
    parse(x) {
      const paymentNo = x.code('payment_id', 64, true)!;
      const id = x.id('id_number');
      return {
        values: {
          payment_no: paymentNo,
          id_number: id.value,
          id_valid: id.valid,
          name: x.text('name', 50),
          program: x.oneOf('program', PAYMENT_PROGRAMS),
          amount_fen: x.fen('amount'),
          paid_date: x.date('paid_date'),
          bank_account: x.text('bank_account', 64),
        },
        regionCode: x.region('village_code'),
        key: paymentNo,
        flagged: !id.valid,
      };
    },
  },
};

/** The key columns of a dataset in words, for the duplicate message. */
export function keyLabel(dataset: DepartmentDataset): string {
  const cols = DATASET_COLUMNS[dataset];
  return DATASET_KEYS[dataset].map((k) => cols.find((col) => col.key === k)?.zh ?? k).join('、');
}
