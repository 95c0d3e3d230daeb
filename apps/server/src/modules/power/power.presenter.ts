import { ZPowerItemContent, type TPowerItem } from '@mpw/contracts';
import type { PowerItemRow, PowerItemVersionRow } from './power.repository.js';

export function presentItem(row: PowerItemRow, version: PowerItemVersionRow): TPowerItem {
  return {
    id: row.id,
    code: row.code,
    regionCode: row.regionCode,
    scopeLevel: row.scopeLevel,
    status: row.status,
    version: version.version,
    content: ZPowerItemContent.parse(version.content),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentVersion(v: PowerItemVersionRow) {
  return {
    version: v.version,
    content: ZPowerItemContent.parse(v.content),
    changeNote: v.changeNote,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
  };
}
