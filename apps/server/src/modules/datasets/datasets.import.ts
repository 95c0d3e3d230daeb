import { districtOf } from '../settings/settings.service.js';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import { once } from 'node:events';
import type { Db } from '@mpw/db';
import { DATASET_COLUMNS, DATASETS, isWithinRegion, type TDataset, type TDatasetImportReport, type TRejectedRow } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/errors.js';
import { blobStoreFor, type BlobStore } from '../../lib/blob-store.js';
import { csvField, formatCsv, normalizeHeader } from '../../lib/csv.js';
import { audited } from '../audit/audit.log.js';
import type { AppDeps } from '../../types.js';
import { importRegions } from '../regions/regions.service.js';
import { importLedgerCsv } from '../books/books.exchange.js';
import { importContracts } from '../assets/assets.import.js';
import { importDecisionsCsv } from '../decisions/decisions.import.js';
import { emitDatasetImported } from './datasets.events.js';
import { KeyLines } from './datasets.keys.js';
import { Cells, DATASET_DEFS, isDepartmentDataset, keyLabel, RowProblem, type ColumnDef, type DepartmentDataset, type ParsedRow } from './datasets.definitions.js';
import { formatOfFileName, readRecordBatches, readRecords, sniffEncoding, UnreadableFileError, type DatasetFormat, type ReadState } from './datasets.reader.js';
import * as repo from './datasets.repository.js';

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  /** Known for files on disk and uploads with a length. */
  totalBytes?: number;
}

export interface ImportOptions {
  /** The file name as it came (kept in provenance; the dataset is chosen from it unless given). */
  fileName: string;
  via: 'cli' | 'upload' | 'api';
  /** Import nothing if any row is bad. */
  strict?: boolean;
  /** Defaults to the file name's extension; JSON is an array of objects keyed like the CSV header. */
  format?: 'csv' | 'xlsx' | 'json';
  tokenId?: string | null;
  totalBytes?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Follow-up work (the incremental alert sweep) inline rather than queued (the command line). */
  inline?: boolean;
  /**
   * The district that person-level data without a village column (deaths, vehicles, …) belongs
   * to. Defaults to the district of the importing account; for the system actor (command line),
   * to the only district in the store.
   */
  districtCode?: string;
  /** Rows from which a load counts as large (REBUILD_INDEXES_MIN_ROWS); tests lower it. */
  largeLoadRows?: number;
}

/** Changed rows from which an import refreshes the table's planner statistics. */
const ANALYZE_AFTER_ROWS = 1000;
/** Rows staged and merged per batch. */
const BATCH_ROWS = 20_000;
/**
 * A load expected to hold at least this many rows and at least as many as its table already
 * holds drops the table's secondary indexes and builds them again before it commits: one sort
 * per index instead of an index insert per row (docs/benchmarks.md). Smaller loads keep them and
 * never hold readers of the table up.
 */
const REBUILD_INDEXES_MIN_ROWS = 100_000;
/** How long such a load waits for readers of the table to finish before it keeps the indexes instead. */
const LOAD_LOCK_TIMEOUT_MS = 2_000;
/** Rejected rows kept in the data_imports record (the error report holds all of them). */
const RECORDED_REJECTS = 200;
/** Rejected rows returned in the report; beyond this only the error report lists them (bounded memory). */
const REPORTED_REJECTS = 100_000;
/** Regions, ledger, contracts and decisions are read whole by their modules: village-scale files. */
const MAX_DELEGATED_BYTES = 64 * 1024 * 1024;

/** The whole file is refused (nothing imported): a missing column, an empty or unreadable file. */
class FileRefused extends Error {}
/** Strict mode and a rejected row: roll everything back. */
class StrictAbort extends Error {}

/**
 * Imports one file of one dataset (shared/spec/data-exchange.md): streamed, one transaction,
 * idempotent by natural key, every rejected row reported. The file is kept in the blob store,
 * a data_imports record tells what came of it (also when it was refused), and listeners hear
 * about committed changes (emitDatasetImported).
 */
export async function importDataset(deps: AppDeps, actor: Actor, dataset: TDataset, input: Readable | Buffer, opts: ImportOptions): Promise<TDatasetImportReport> {
  if (isDepartmentDataset(dataset)) return importDepartmentFile(deps, actor, dataset, input, opts);
  return importModuleFile(deps, actor, dataset, input, opts);
}

/** `residents.csv`, `payments.XLSX`, `/data/2026-05/kinship.json` → the dataset; anything else null. */
export function datasetFromFileName(fileName: string): TDataset | null {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const m = /^(.+)\.(csv|xlsx|json)$/i.exec(base.trim());
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  return (DATASETS as readonly string[]).includes(name) ? (name as TDataset) : null;
}

// ---------------------------------------------------------------- shared pieces

function newReport(importId: string, dataset: TDataset, fileName: string): TDatasetImportReport {
  return { importId, dataset, fileName, status: 'committed', rowsRead: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, flagged: 0, rejectedRows: [], message: null };
}

/** The district data without a village belongs to: the option, the actor's, or the only one in the store. */
async function resolveDistrict(db: Db, actor: Actor, given: string | undefined): Promise<{ code: string | null; problem: string | null }> {
  if (given) {
    if (!/^\d{6}000000$/.test(given)) return { code: null, problem: `区县代码“${given}”应为以000000结尾的12位代码` };
    if (actor.regionCode && !isWithinRegion(given, actor.regionCode) && districtOf(actor.regionCode) !== given) return { code: null, problem: `区县 ${given} 不在本账号管辖范围内` };
    return { code: given, problem: null };
  }
  if (actor.regionCode) return { code: districtOf(actor.regionCode), problem: null };
  const districts = await repo.findDistrictCodes(db);
  if (districts.length === 1) return { code: districts[0]!, problem: null };
  return {
    code: null,
    problem: districts.length ? `库中有${districts.length}个区县，无法确定数据所属区县，请指定区县（--district）` : '库中还没有区县，请先导入行政区划（regions.csv）',
  };
}

/** Writes every rejected row to a temporary CSV (line, reason, the row as it came), stored as a blob at the end. */
class ErrorReport {
  private out: WriteStream | null = null;
  private readonly file = path.join(os.tmpdir(), `mpw-import-errors-${randomUUID()}.csv`);
  private header: string[] = [];
  count = 0;

  setHeader(header: string[]) {
    this.header = header;
  }

  async add(line: number, reason: string, raw: string[] | null) {
    if (!this.out) {
      this.out = createWriteStream(this.file, { mode: 0o600 });
      this.out.write(`${['行号(line)', '原因(reason)', ...this.header].map(csvField).join(',')}\r\n`);
    }
    this.count++;
    if (!this.out.write(`${[line, reason, ...(raw ?? [])].map(csvField).join(',')}\r\n`)) await once(this.out, 'drain');
  }

  /** Stores the report (when any row was rejected) and removes the temporary file; the blob's sha256 or null. */
  async finish(blobs: BlobStore): Promise<string | null> {
    if (!this.out) return null;
    const out = this.out;
    this.out = null;
    out.end();
    await once(out, 'close');
    try {
      return (await blobs.put(createReadStream(this.file))).sha256;
    } finally {
      await rm(this.file, { force: true });
    }
  }

  async discard() {
    if (this.out) {
      this.out.destroy();
      this.out = null;
    }
    await rm(this.file, { force: true });
  }
}

/**
 * Passes the file's bytes on to the reader while counting them (progress) and copying them to
 * the blob store, with backpressure on both sides.
 */
class Tee extends Transform {
  bytes = 0;
  readonly copy = new PassThrough();

  constructor(private readonly onBytes: () => void) {
    super();
    this.copy.on('error', () => {});
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.onBytes();
    if (this.copy.destroyed || this.copy.write(chunk)) return done(null, chunk);
    this.copy.once('drain', () => done(null, chunk));
  }

  override _flush(done: TransformCallback): void {
    this.copy.end();
    done();
  }

  /** A failed source (client gone, size limit) fails the copy too, so the blob store's write ends. */
  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    if (!this.copy.writableFinished && !this.copy.destroyed) this.copy.destroy(err ?? new Error('input ended early'));
    done(err);
  }

  /** Lets the rest of the input flow into the copy after the reader stopped early (refusal, error). */
  async drain(): Promise<void> {
    if (this.writableFinished || this.destroyed) return;
    this.unpipe();
    this.removeAllListeners('data');
    this.removeAllListeners('readable');
    this.resume();
    await new Promise<void>((resolve) => {
      this.once('finish', resolve);
      this.once('close', resolve);
      this.once('error', () => resolve());
    });
  }
}

/** Cuts a buffer into chunks, so progress moves and decoders see a stream. */
function bufferStream(buf: Buffer): Readable {
  const size = 256 * 1024;
  return Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
    })(),
    { objectMode: false },
  );
}

interface HeaderMap {
  /** Column index → dataset key (null: an extra column). */
  keys: (string | null)[];
  names: string[];
  present: Set<string>;
  missing: string[];
}

function mapHeader(dataset: TDataset, header: string[]): HeaderMap {
  const lookup = new Map<string, string>();
  for (const c of DATASET_COLUMNS[dataset]) for (const name of [c.key, c.zh, ...(c.aliases ?? [])]) lookup.set(normalizeHeader(name), c.key);
  const present = new Set<string>();
  const keys = header.map((h) => {
    const k = lookup.get(normalizeHeader(h));
    // A second column for the same field is kept as an extra attribute, not silently merged.
    if (!k || present.has(k)) return null;
    present.add(k);
    return k;
  });
  const missing = DATASET_COLUMNS[dataset].filter((c) => c.required && !present.has(c.key)).map((c) => `${c.zh}（${c.key}）`);
  return { keys, names: header.map((h, i) => h.trim() || `列${i + 1}`), present, missing };
}

/** Runs the work once: an import reads its input as it goes, so a retried transaction could not read it again. */
async function auditedOnce<T>(db: Db, actor: Actor, work: Parameters<typeof audited<T>>[2]): Promise<T> {
  let ran = false;
  return audited(db, actor, async (w) => {
    if (ran) throw new Error('数据库事务冲突，导入已中止，请重新导入');
    ran = true;
    return work(w);
  });
}

// ---------------------------------------------------------------- department datasets

interface Affected {
  villages: Set<string>;
  idNumbers: Set<string>;
}

async function importDepartmentFile(deps: AppDeps, actor: Actor, dataset: DepartmentDataset, input: Readable | Buffer, opts: ImportOptions): Promise<TDatasetImportReport> {
  const def = DATASET_DEFS[dataset];
  const district = await resolveDistrict(deps.db, actor, opts.districtCode);
  const importId = randomUUID();
  const startedAt = new Date();
  const format: DatasetFormat = opts.format ?? formatOfFileName(opts.fileName);
  const report = newReport(importId, dataset, opts.fileName);
  const blobs = blobStoreFor(deps.config.dataDir);
  const errors = new ErrorReport();
  const state: ReadState = { encoding: null };
  const source = Buffer.isBuffer(input) ? bufferStream(input) : input;
  const tee = new Tee(() => opts.onProgress?.({ rowsRead: report.rowsRead, bytesRead: tee.bytes, totalBytes: opts.totalBytes }));
  source.on('error', (err) => tee.destroy(err));
  source.pipe(tee);
  const stored = blobs.put(tee.copy).catch(() => null);
  const affected = new Map<string, Affected>();
  const addAffected = (district: string, village: string | null, ids: string[]) => {
    let a = affected.get(district);
    if (!a) affected.set(district, (a = { villages: new Set(), idNumbers: new Set() }));
    if (village) a.villages.add(village);
    for (const id of ids) a.idNumbers.add(id);
  };
  const reject = async (line: number, reason: string, raw: string[] | null) => {
    report.rejected++;
    if (report.rejectedRows.length < REPORTED_REJECTS) report.rejectedRows.push({ line, reason });
    await errors.add(line, reason, raw);
  };

  let blobSha: string | null = null;
  let errorSha: string | null = null;
  // The record belongs to the importer's region; the system actor's to the data's district.
  let recordRegion = actor.regionCode ?? district.code;

  const record = (status: 'committed' | 'rejected' | 'failed'): repo.NewDataImport => ({
    id: importId,
    dataset,
    fileName: opts.fileName,
    format,
    encoding: state.encoding,
    blobSha256: blobSha,
    sizeBytes: tee.bytes,
    via: opts.via,
    tokenId: opts.tokenId ?? null,
    strict: opts.strict ?? false,
    status,
    rowsRead: report.rowsRead,
    rowsImported: report.imported,
    rowsUpdated: report.updated,
    rowsUnchanged: report.unchanged,
    rowsRejected: report.rejected,
    rowsFlagged: report.flagged,
    rejected: report.rejectedRows.slice(0, RECORDED_REJECTS),
    errorReportSha256: errorSha,
    message: report.message,
    startedAt,
    finishedAt: new Date(),
    regionCode: recordRegion ?? '000000000000',
    createdBy: actor.userId,
    updatedBy: actor.userId,
  });
  const counts = () => ({
    dataset,
    fileName: opts.fileName,
    format,
    encoding: state.encoding,
    sizeBytes: tee.bytes,
    blobSha256: blobSha,
    via: opts.via,
    strict: opts.strict ?? false,
    rowsRead: report.rowsRead,
    imported: report.imported,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected,
    flagged: report.flagged,
  });
  /** Reading is over (or stopped): the whole input is in the blob store, the error report too. */
  const finishFiles = async () => {
    await tee.drain();
    blobSha = (await stored)?.sha256 ?? null;
    errorSha = await errors.finish(blobs);
  };

  try {
    await auditedOnce(deps.db, actor, async (w) => {
      const regionLevels = new Map<string, string | null>();
      const seen = new KeyLines();
      let header: HeaderMap | null = null;
      let columns: ColumnDef[] = [];
      /** Checked rows waiting for the next write: as COPY text, with their lines and cells as they came. */
      interface Batch {
        text: repo.StageBuffer;
        lines: number[];
        flagged: boolean[];
        raw: string[][];
        /** Per row: its region code and identity numbers (what a direct load reports as changed). */
        regions: string[];
        people: (string | null)[][];
      }
      const newBatch = (): Batch => ({ text: new repo.StageBuffer(columns, { importId, userId: actor.userId }), lines: [], flagged: [], raw: [], regions: [], people: [] });
      let batch: Batch | null = null;

      const startFile = (h: HeaderMap) => {
        if (h.missing.length) throw new FileRefused(`文件缺少必需的列：${h.missing.join('、')}，整个文件未导入`);
        header = h;
        columns = def.columns.filter((c) => h.present.has(c.from));
        errors.setHeader(h.names);
      };

      const regionProblem = async (code: string, levels: readonly string[], label: string): Promise<string | null> => {
        if (actor.regionCode && !isWithinRegion(code, actor.regionCode)) return `${label} ${code} 不在本账号管辖范围内`;
        if (!regionLevels.has(code)) regionLevels.set(code, await repo.findRegionLevel(w.tx, code));
        const level = regionLevels.get(code);
        if (!level) return `${label} ${code} 不是已登记的区划`;
        if (!levels.includes(level)) return `${label} ${code} 不是${levels.includes('township') ? '村或乡镇' : '村'}`;
        return null;
      };
      /** The answer of regionProblem per region code of this file (the same for every row). */
      const regionChecked = new Map<string, string | null>();
      const regionLabel = def.region ? (DATASET_COLUMNS[dataset].find((c) => c.key === def.region!.from)?.zh ?? def.region.from) : '';

      // One reader of cells for the whole file, over the current row through the header's column positions.
      let row: string[] = [];
      let position = new Map<string, number>();
      let extraColumns: { index: number; name: string }[] = [];
      let headerWidth = 0;
      let headerNames: string[] = [];
      const cells = new Cells(dataset, (k) => {
        const i = position.get(k);
        return i === undefined ? '' : (row[i] ?? '');
      });
      const useHeader = (h: HeaderMap) => {
        position = new Map();
        extraColumns = [];
        h.keys.forEach((k, i) => {
          if (k) position.set(k, i);
          else extraColumns.push({ index: i, name: h.names[i] ?? `列${i + 1}` });
        });
        headerWidth = h.keys.length;
        headerNames = h.names;
      };
      /** Columns not in the spec, header → value, non-empty values only (cells beyond the header too). */
      const extraOf = (raw: string[]): Record<string, string> | null => {
        let extra: Record<string, string> | null = null;
        for (const { index, name } of extraColumns) {
          const cell = raw[index];
          if (cell !== undefined && cell.trim() !== '') (extra ??= {})[name] = cell;
        }
        for (let i = headerWidth; i < raw.length; i++) if (raw[i]!.trim() !== '') (extra ??= {})[headerNames[i] ?? `列${i + 1}`] = raw[i]!;
        return extra;
      };

      // Rows go to the database a batch at a time, while the next batch is being read and
      // checked: at most one batch is in flight, and its failure fails the import.
      let staged = false;
      const ids = new repo.RowIds();

      // The table's secondary indexes: kept, or for a large load dropped and built again before the commit.
      let tableRows = 0;
      let dropped: repo.IndexDef[] | null = null;
      let keepIndexes = false;
      let locked = false;
      /** A large load into an empty table: rows are copied straight in, without staging and merge. */
      let direct = false;
      const fileBytes = opts.totalBytes ?? (Buffer.isBuffer(input) ? input.length : undefined);
      /** The rows the file will hold: scaled by the share of its bytes read so far when its size is known, else those read. */
      const expectedRows = () => (fileBytes && tee.bytes ? Math.round(report.rowsRead * Math.max(1, fileBytes / tee.bytes)) : report.rowsRead);
      const isLargeLoad = () => {
        const expected = expectedRows();
        return expected >= (opts.largeLoadRows ?? REBUILD_INDEXES_MIN_ROWS) && expected >= tableRows;
      };
      const lockForLoad = async () => (locked ||= await repo.lockTableForLoad(w.tx, def.table, LOAD_LOCK_TIMEOUT_MS));
      const planIndexes = async () => {
        if (dropped || keepIndexes || !isLargeLoad()) return;
        const indexes = await repo.findSecondaryIndexes(w.tx, def.table);
        if (indexes.length && (await lockForLoad())) {
          await repo.dropIndexes(w.tx, indexes);
          dropped = indexes;
        } else keepIndexes = true;
      };
      /** Rows copied straight into the (empty, locked) table: all inserted, reported as the merge would. */
      const loadDirect = async (rows: Batch) => {
        await repo.loadRows(w.tx, def, columns, rows.text);
        const byRegion = new Map<string, string[]>();
        for (let i = 0; i < rows.lines.length; i++) {
          const region = rows.regions[i]!;
          let people = byRegion.get(region);
          if (!people) byRegion.set(region, (people = []));
          for (const id of rows.people[i]!) if (id) people.push(id);
          if (rows.flagged[i]) report.flagged++;
        }
        for (const [region, people] of byRegion) {
          const village = def.region && regionLevels.get(region) === 'village' ? region : null;
          addAffected(districtOf(region), village, people);
        }
        report.imported += rows.lines.length;
      };

      let inFlight: Promise<void> | null = null;
      let flightError: unknown = null;
      const settle = async () => {
        if (inFlight) await inFlight;
        inFlight = null;
        if (flightError) throw flightError;
      };
      const write = async (rows: Batch) => {
        // In strict mode a rejected row means nothing is kept: stop writing, keep checking.
        if (!rows.lines.length || (opts.strict && report.rejected)) return;
        if (!staged) {
          // What the table held before this import wrote to it.
          tableRows = await repo.estimateTableRows(w.tx, def.table, 10_000_000);
          // A first load of a table (the common bulk case) needs no merge: nothing is there to meet.
          direct = isLargeLoad() && (await lockForLoad()) && (await repo.isTableEmpty(w.tx, def.table));
          if (!direct) await repo.createStage(w.tx, columns);
          staged = true;
        }
        if (direct) {
          await planIndexes();
          return loadDirect(rows);
        }
        await repo.stageRows(w.tx, columns, rows.text);
        // Rows without a village belong to the district: there, "another region" means another district.
        const scope = def.region ? actor.regionCode : actor.regionCode && district.code;
        let written = rows.lines.length;
        let flagged = 0;
        const foreign = scope ? new Set(await repo.unstageKeysOutsideScope(w.tx, def, scope)) : null;
        for (let i = 0; i < rows.lines.length; i++) {
          if (foreign?.has(rows.lines[i]!)) {
            written--;
            await reject(rows.lines[i]!, '该记录已由其他辖区导入，本账号不能更新', rows.raw[i]!);
          } else if (rows.flagged[i]) flagged++;
        }
        if (opts.strict && report.rejected) return;
        await planIndexes();
        const merged = await repo.mergeStaged(w.tx, def, columns, { importId, userId: actor.userId });
        let changed = 0;
        for (const m of merged) {
          report.imported += m.inserted;
          report.updated += m.updated;
          changed += m.inserted + m.updated;
          const village = def.region && regionLevels.get(m.region_code) === 'village' ? m.region_code : null;
          addAffected(districtOf(m.region_code), village, m.ids);
        }
        report.unchanged += written - changed;
        report.flagged += flagged;
      };
      const flush = async () => {
        const rows = batch;
        batch = null;
        await settle();
        if (!rows) return;
        inFlight = write(rows).catch((err: unknown) => {
          flightError = err;
        });
      };

      try {
        for await (const records of readRecordBatches(tee, format, state)) {
          for (const rec of records) {
            let pending: Promise<void> | void;
            if (format === 'json') {
              const h = mapHeader(dataset, rec.header ?? []);
              if (!header) startFile(h);
              useHeader(h);
              pending = acceptRow(rec.line, rec.cells);
            } else if (!header) {
              startFile(mapHeader(dataset, rec.cells));
              useHeader(header!);
              continue;
            } else pending = acceptRow(rec.line, rec.cells);
            if (pending) await pending;
          }
        }
        if (!header) throw new FileRefused(tee.bytes === 0 ? '文件为空（0字节），未导入' : '文件没有表头行，未导入');
        await flush();
        await settle();
      } catch (err) {
        // Never leave a batch running on the connection when the transaction is rolled back.
        await inFlight;
        throw err;
      }

      /**
       * Checks one row and adds it to the batch. Synchronous unless something must be awaited (a
       * region not seen before, a rejected row, a full batch): a file of a million rows should
       * not cost a million promises.
       */
      function acceptRow(line: number, raw: string[]): Promise<void> | void {
        report.rowsRead++;
        row = raw;
        let parsed;
        try {
          parsed = def.parse(cells);
        } catch (err) {
          if (err instanceof RowProblem) return reject(line, err.message, raw);
          throw err;
        }
        const first = seen.get(parsed.key);
        if (first !== undefined) return reject(line, `与第${first}行重复（${keyLabel(dataset)}相同）`, raw);
        seen.set(parsed.key, line);
        const extra = extraOf(raw);
        if (def.region) {
          const code = parsed.regionCode!;
          const problem = regionChecked.get(code);
          if (problem === undefined) {
            return regionProblem(code, def.region.levels, regionLabel).then((p) => {
              regionChecked.set(code, p);
              return p ? reject(line, p, raw) : take(line, parsed, code, extra, raw);
            });
          }
          if (problem) return reject(line, problem, raw);
          return take(line, parsed, code, extra, raw);
        }
        if (!district.code) throw new FileRefused(`${district.problem}，整个文件未导入`);
        return take(line, parsed, district.code, extra, raw);
      }

      function take(line: number, parsed: ParsedRow, regionCode: string, extra: Record<string, string> | null, raw: string[]): Promise<void> | void {
        recordRegion ??= districtOf(regionCode);
        const b = (batch ??= newBatch());
        b.text.add({ line, values: parsed.values, regionCode, extra }, ids.take());
        b.lines.push(line);
        b.flagged.push(parsed.flagged);
        b.raw.push(raw);
        b.regions.push(regionCode);
        b.people.push(def.idColumns.map((c) => parsed.values[c] as string | null));
        if (b.lines.length >= BATCH_ROWS) return flush();
      }

      report.rejectedRows.sort((a, b) => a.line - b.line);
      if (opts.strict && report.rejected) throw new StrictAbort();
      if (dropped) await repo.createIndexes(w.tx, dropped);
      if (report.rowsRead === 0) report.message = '文件只有表头，没有数据行';
      await finishFiles();
      await repo.insertDataImport(w.tx, record('committed'));
      await w.record({ action: 'dataset.import.commit', entityType: 'data_import', entityId: importId, regionCode: recordRegion, after: counts() });
    });
  } catch (err) {
    let status: 'rejected' | 'failed' = 'rejected';
    if (err instanceof StrictAbort) report.message = `严格模式：有${report.rejected}行被拒收，整个文件未导入`;
    else if (err instanceof FileRefused || err instanceof UnreadableFileError) report.message = err.message;
    else {
      status = 'failed';
      report.message = `导入失败，整个文件未导入：${(err as Error).message}`;
    }
    report.status = status;
    report.imported = report.updated = report.unchanged = report.flagged = 0;
    affected.clear();
    await finishFiles().catch(() => errors.discard());
    await audited(deps.db, actor, async (w) => {
      await repo.insertDataImport(w.tx, record(status));
      await w.record({ action: `dataset.import.${status === 'failed' ? 'fail' : 'reject'}`, entityType: 'data_import', entityId: importId, regionCode: recordRegion, after: { ...counts(), message: report.message } });
    });
    return report;
  }

  // After a large load the planner's statistics are stale until autovacuum gets round to it, and
  // the sweep's joins right after would be planned for an empty table: refresh them now.
  if (report.imported + report.updated >= ANALYZE_AFTER_ROWS) await deps.db.execute(sql.raw(`analyze "${def.table}"`));
  await announce(deps, report, opts, affected);
  return report;
}

/** Tells listeners (the incremental alert sweep) what the committed import changed, per district. */
async function announce(deps: AppDeps, report: TDatasetImportReport, opts: ImportOptions, affected: Map<string, Affected>) {
  try {
    for (const [districtCode, a] of affected) {
      await emitDatasetImported(deps, {
        importId: report.importId,
        dataset: report.dataset,
        districtCode,
        villages: [...a.villages].sort(),
        idNumbers: [...a.idNumbers].sort(),
        inline: opts.inline ?? false,
      });
    }
  } catch (err) {
    // The data is in; only the follow-up failed, and a later full sweep catches up.
    const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
    const note = `数据已导入，但后续预警检查未完成（稍后的全量扫描会补上）：${cause.length > 200 ? `${cause.slice(0, 200)}…` : cause}`;
    report.message = report.message ? `${report.message}；${note}` : note;
  }
}

// ---------------------------------------------------------------- regions, ledger, contracts, decisions

async function readAll(input: Readable | Buffer, onBytes: (n: number) => void): Promise<Buffer> {
  if (Buffer.isBuffer(input)) {
    if (input.length > MAX_DELEGATED_BYTES) throw new FileRefused(`文件超过${MAX_DELEGATED_BYTES / 1024 / 1024}MB，未导入`);
    onBytes(input.length);
    return input;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DELEGATED_BYTES) {
      input.destroy();
      throw new FileRefused(`文件超过${MAX_DELEGATED_BYTES / 1024 / 1024}MB，未导入`);
    }
    chunks.push(chunk);
    onBytes(size);
  }
  return Buffer.concat(chunks);
}

/** An XLSX or JSON file as the CSV text the module importers read. */
async function toCsvText(buf: Buffer, format: DatasetFormat): Promise<string> {
  const state: ReadState = { encoding: null };
  const rows: string[][] = [];
  let header: string[] | null = null;
  for await (const rec of readRecords(bufferStream(buf), format, state)) {
    if (format === 'json') {
      header ??= rec.header ?? [];
      const byKey = new Map((rec.header ?? []).map((k, i) => [k, rec.cells[i] ?? '']));
      rows.push(header.map((k) => byKey.get(k) ?? ''));
    } else if (!header) header = rec.cells;
    else rows.push(rec.cells);
  }
  return header ? formatCsv(header, rows) : '';
}

interface ModuleReport {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  flagged: number;
  rejected: TRejectedRow[];
}

async function runModuleImporter(
  deps: AppDeps, actor: Actor, dataset: TDataset, file: Buffer | string, opts: ImportOptions,
  more: { importId: string; format: DatasetFormat; villages: Set<string> },
): Promise<ModuleReport> {
  // The village datasets read the file itself (CSV, XLSX or JSON) as a stream: lines are the file's own.
  const o = { strict: opts.strict, fileName: opts.fileName, ...more };
  switch (dataset) {
    case 'regions': {
      const r = await importRegions(deps.db, actor, file, { strict: opts.strict });
      return { read: r.created + r.updated + r.unchanged + r.rejected.length, created: r.created, updated: r.updated, unchanged: r.unchanged, flagged: 0, rejected: r.rejected };
    }
    case 'ledger': {
      const r = await importLedgerCsv(deps.db, actor, file, o);
      return { ...r, flagged: 0 };
    }
    case 'contracts':
      return importContracts(deps.db, actor, file, o);
    case 'decisions': {
      const r = await importDecisionsCsv(deps.db, actor, file, o);
      return { ...r, flagged: 0 };
    }
    default:
      throw new Error(`dataset ${dataset} is not imported by a module`);
  }
}

/**
 * regions, ledger, contracts and decisions belong to their modules, whose importers read the
 * whole (village-scale) file: this wraps them with the same record, blob and event as the rest.
 */
async function importModuleFile(deps: AppDeps, actor: Actor, dataset: TDataset, input: Readable | Buffer, opts: ImportOptions): Promise<TDatasetImportReport> {
  const importId = randomUUID();
  const startedAt = new Date();
  const format: DatasetFormat = opts.format ?? formatOfFileName(opts.fileName);
  const report = newReport(importId, dataset, opts.fileName);
  const blobs = blobStoreFor(deps.config.dataDir);
  let buf: Buffer = Buffer.alloc(0);
  let encoding: string | null = null;
  let blobSha: string | null = null;
  let errorSha: string | null = null;
  let villages: string[] = [];
  let status: 'committed' | 'rejected' | 'failed' = 'committed';
  try {
    buf = await readAll(input, (n) => opts.onProgress?.({ rowsRead: 0, bytesRead: n, totalBytes: opts.totalBytes }));
    blobSha = (await blobs.put(buf)).sha256;
    if (buf.length === 0) throw new FileRefused('文件为空（0字节），未导入');
    // Only regions still reads CSV text; ledger, contracts and decisions read the file as it came.
    const csv: Buffer | string = format === 'csv' || dataset !== 'regions' ? buf : await toCsvText(buf, format);
    const changedVillages = new Set<string>();
    if (format === 'csv') encoding = sniffEncoding(buf.subarray(0, 64 * 1024), buf.length <= 64 * 1024);
    const r = await runModuleImporter(deps, actor, dataset, csv, opts, { importId, format, villages: changedVillages });
    Object.assign(report, { rowsRead: r.read, imported: r.created, updated: r.updated, unchanged: r.unchanged, flagged: r.flagged, rejected: r.rejected.length, rejectedRows: r.rejected });
    if (opts.strict && r.rejected.length) {
      status = 'rejected';
      report.message = `严格模式：有${r.rejected.length}行被拒收，整个文件未导入`;
      report.imported = report.updated = report.unchanged = report.flagged = 0;
    } else if (r.created + r.updated > 0) villages = [...changedVillages].sort();
  } catch (err) {
    const known = err instanceof FileRefused || err instanceof UnreadableFileError || err instanceof AppError;
    status = known ? 'rejected' : 'failed';
    report.message = known ? `${(err as Error).message}${err instanceof AppError ? '，整个文件未导入' : ''}` : `导入失败，整个文件未导入：${(err as Error).message}`;
  }
  report.status = status;
  if (report.rejectedRows.length) {
    const errors = new ErrorReport();
    for (const x of report.rejectedRows) await errors.add(x.line, x.reason, null);
    errorSha = await errors.finish(blobs);
  }
  const district = villages[0] ? districtOf(villages[0]) : actor.regionCode ? districtOf(actor.regionCode) : (await resolveDistrict(deps.db, actor, opts.districtCode)).code;
  const regionCode = actor.regionCode ?? district ?? '000000000000';
  await audited(deps.db, actor, async (w) => {
    await repo.insertDataImport(w.tx, {
      id: importId,
      dataset,
      fileName: opts.fileName,
      format,
      encoding,
      blobSha256: blobSha,
      sizeBytes: buf.length,
      via: opts.via,
      tokenId: opts.tokenId ?? null,
      strict: opts.strict ?? false,
      status,
      rowsRead: report.rowsRead,
      rowsImported: report.imported,
      rowsUpdated: report.updated,
      rowsUnchanged: report.unchanged,
      rowsRejected: report.rejected,
      rowsFlagged: report.flagged,
      rejected: report.rejectedRows.slice(0, RECORDED_REJECTS),
      errorReportSha256: errorSha,
      message: report.message,
      startedAt,
      finishedAt: new Date(),
      regionCode,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    });
    const action = status === 'committed' ? 'commit' : status === 'failed' ? 'fail' : 'reject';
    await w.record({
      action: `dataset.import.${action}`,
      entityType: 'data_import',
      entityId: importId,
      regionCode,
      after: { dataset, fileName: opts.fileName, format, sizeBytes: buf.length, blobSha256: blobSha, via: opts.via, strict: opts.strict ?? false, rowsRead: report.rowsRead, imported: report.imported, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected, flagged: report.flagged, message: report.message },
    });
  });
  if (status === 'committed' && report.imported + report.updated > 0) {
    const byDistrict = new Map<string, Affected>();
    for (const v of villages) {
      const d = districtOf(v);
      if (!byDistrict.has(d)) byDistrict.set(d, { villages: new Set(), idNumbers: new Set() });
      byDistrict.get(d)!.villages.add(v);
    }
    if (!byDistrict.size && district) byDistrict.set(district, { villages: new Set(), idNumbers: new Set() });
    await announce(deps, report, opts, byDistrict);
  }
  return report;
}
