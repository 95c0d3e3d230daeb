import type { TDataset } from '@mpw/contracts';
import type { AppDeps } from '../../types.js';

/** What an import changed, for whoever re-checks derived data (the alert sweep). */
export interface DatasetImported {
  importId: string;
  dataset: TDataset;
  /** The district the data belongs to. */
  districtCode: string;
  /** Villages of rows inserted or changed (datasets with a village column). */
  villages: string[];
  /** Identity numbers of rows inserted or changed (person-level datasets). */
  idNumbers: string[];
  /** Run follow-up work now, in this process (the command line), rather than through the job queue. */
  inline: boolean;
}

type Listener = (deps: AppDeps, e: DatasetImported) => Promise<void>;
const listeners: Listener[] = [];

/** Modules register here (at import time) to hear about committed imports. */
export function onDatasetImported(listener: Listener): void {
  listeners.push(listener);
}

/** Called by the import after its transaction committed. */
export async function emitDatasetImported(deps: AppDeps, e: DatasetImported): Promise<void> {
  for (const l of listeners) await l(deps, e);
}
