import os from 'node:os';
import path from 'node:path';

export type TestDbKind = 'pglite' | 'postgres';

export const testDbKind = (): TestDbKind => (process.env.MPW_TEST_DB === 'postgres' ? 'postgres' : 'pglite');
export const pgAdminUrl = () => process.env.MPW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * Each test run names its databases after the process that started it (mpw_t_<pid>_…), so two
 * runs on one server leave each other alone; a run's global setup drops leftovers of runs whose
 * process is gone.
 */
export const TEST_RUN = (process.env.MPW_TEST_RUN ??= String(process.pid));
export const TEMPLATE_DB = `mpw_t_${TEST_RUN}_template`;
export const testDbPrefix = () => `mpw_t_${TEST_RUN}_`;
/** The run a test database belongs to, or null for a name this suite did not make. */
export function runOfTestDb(name: string): string | null {
  return /^mpw_t_(\d+)_/.exec(name)?.[1] ?? null;
}
export const PGLITE_SNAPSHOT = path.join(os.tmpdir(), `mpw-test-pglite-${process.getuid?.() ?? 0}.tar`);

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
