import type { Readable } from 'node:stream';
import type { TDataset, TDatasetImportReport } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import type { AppDeps } from '../../types.js';

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
}

/**
 * Imports one file of one dataset (shared/spec/data-exchange.md): streamed, one transaction,
 * idempotent by natural key, every rejected row reported. Implemented by the datasets module.
 */
export async function importDataset(
  _deps: AppDeps,
  _actor: Actor,
  _dataset: TDataset,
  _input: Readable | Buffer,
  _opts: ImportOptions,
): Promise<TDatasetImportReport> {
  throw new Error('not implemented yet');
}

/** `residents.csv`, `payments.XLSX`, `救助保障对象.csv`? Only the spec's English names count. */
export function datasetFromFileName(fileName: string): TDataset | null {
  void fileName;
  return null;
}
