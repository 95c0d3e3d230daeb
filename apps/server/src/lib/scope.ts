import { and, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { regionPrefix } from '@mpw/contracts';

/**
 * The data-scope rule, in one place: an account sees its own region subtree. Region codes
 * are 12 digits and hierarchical, so the subtree is a contiguous range of codes — an
 * index-friendly predicate with bound parameters, never string concatenation.
 */
export function regionRange(scopeCode: string): { lo: string; hi: string } {
  const prefix = regionPrefix(scopeCode);
  return { lo: prefix.padEnd(12, '0'), hi: prefix.padEnd(12, '9') };
}

/** `null` is the system actor (command line, jobs): unrestricted, and only reachable from inside the process. */
export function inRegionScope(column: PgColumn, scopeCode: string | null): SQL {
  if (scopeCode === null) return sql`true`;
  const { lo, hi } = regionRange(scopeCode);
  return and(gte(column, lo), lte(column, hi)) as SQL;
}

/** Escapes LIKE wildcards so a search for "50%" means the characters, not a pattern. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
