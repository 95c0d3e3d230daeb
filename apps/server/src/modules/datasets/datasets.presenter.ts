import { ZRejectedRow, type TApiToken, type TDataImport, type TDataImportDetail, type TDataset, type TRejectedRow } from '@mpw/contracts';
import type { ImportViewRow } from './datasets.history.repository.js';
import { tokenStatus, type ApiTokenViewRow } from './datasets.tokens.js';
import { formatCsv } from '../../lib/csv.js';

/** Rows are written by the importer with a dataset of the contract's list. */
const asDataset = (d: string): TDataset => d as TDataset;

export function presentImport(row: ImportViewRow): TDataImport {
  return {
    id: row.id,
    dataset: asDataset(row.dataset),
    fileName: row.fileName,
    format: row.format,
    encoding: row.encoding,
    sizeBytes: row.sizeBytes,
    via: row.via,
    tokenId: row.tokenId,
    tokenName: row.tokenName,
    strict: row.strict,
    status: row.status,
    rowsRead: row.rowsRead,
    rowsImported: row.rowsImported,
    rowsUpdated: row.rowsUpdated,
    rowsUnchanged: row.rowsUnchanged,
    rowsRejected: row.rowsRejected,
    rowsFlagged: row.rowsFlagged,
    message: row.message,
    hasErrorReport: Boolean(row.errorReportSha256) || row.rowsRejected > 0,
    regionCode: row.regionCode,
    regionName: row.regionName,
    createdBy: row.createdBy,
    createdByName: row.createdByName,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The rejected rows kept on the import row (the first ones); anything malformed there is left out. */
export function storedRejectedRows(value: unknown): TRejectedRow[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((r) => {
    const parsed = ZRejectedRow.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
}

export function presentImportDetail(row: ImportViewRow): TDataImportDetail {
  return { ...presentImport(row), rejectedRows: storedRejectedRows(row.rejected) };
}

/** An error report made from the rows kept on the import row, when no report file was stored. */
export function errorReportFromRows(rows: TRejectedRow[]): string {
  return formatCsv(['line', 'reason'], rows.map((r) => [r.line, r.reason]));
}

export function presentToken(row: ApiTokenViewRow, now = new Date()): TApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    datasets: row.datasets.map(asDataset),
    status: tokenStatus(row, now),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    userId: row.userId,
    username: row.username,
    regionCode: row.regionCode,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a token: never the token or its hash. */
export function auditableToken(row: Pick<ApiTokenViewRow, 'name' | 'prefix' | 'datasets' | 'expiresAt' | 'userId' | 'revokedAt'>) {
  return { name: row.name, prefix: row.prefix, datasets: row.datasets, expiresAt: row.expiresAt?.toISOString() ?? null, userId: row.userId, revokedAt: row.revokedAt?.toISOString() ?? null };
}
