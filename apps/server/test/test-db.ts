import os from 'node:os';
import path from 'node:path';

export type TestDbKind = 'pglite' | 'postgres';

export const testDbKind = (): TestDbKind => (process.env.MPW_TEST_DB === 'postgres' ? 'postgres' : 'pglite');
export const pgAdminUrl = () => process.env.MPW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'mpw_test_template';
export const PGLITE_SNAPSHOT = path.join(os.tmpdir(), `mpw-test-pglite-${process.getuid?.() ?? 0}.tar`);

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
