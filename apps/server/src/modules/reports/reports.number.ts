import type { Tx } from '@mpw/db';
import { nextDistrictYearNumber } from '../../lib/numbering.js';

/** The next report number of a district and year: JB<district 6 digits>-<year>-<5-digit sequence> (JB330102-2026-00042). */
export function nextReportNumber(tx: Tx, regionCode: string, year: number): Promise<string> {
  return nextDistrictYearNumber(tx, { table: 'reports', code: 'JB', lock: 7321010 }, regionCode, year);
}
