import type { TRegion } from '@mpw/contracts';
import type { RegionRow } from './regions.repository.js';

export function presentRegion(row: RegionRow): TRegion {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    isDemo: row.isDemo,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
