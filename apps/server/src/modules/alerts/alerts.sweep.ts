import type { TAlertRule } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import type { AppDeps } from '../../types.js';

export interface SweepOptions {
  /** The district to sweep (12 digits). */
  districtCode: string;
  /** YYYY-MM-DD; default today in China time. */
  asOf?: string;
  kind?: 'full' | 'incremental';
  /** Incremental: only these villages (null/undefined: the whole district). */
  villages?: string[] | null;
  /** Incremental: only rules that read this dataset. */
  dataset?: string | null;
  importId?: string | null;
  onProgress?: (rule: TAlertRule, done: number, total: number) => void;
}

export interface SweepResult {
  sweepId: string;
  asOf: string;
  kind: 'full' | 'incremental';
  /** Per rule evaluated: alerts raised for the first time, seen again (still open), and no longer seen (resolved by data). */
  perRule: Partial<Record<TAlertRule, { new: number; open: number; resolved: number }>>;
}

/** Evaluates the rules for one district as of a date and reconciles the alerts table. */
export async function runSweep(_deps: AppDeps, _actor: Actor, _opts: SweepOptions): Promise<SweepResult> {
  throw new Error('not implemented yet');
}
