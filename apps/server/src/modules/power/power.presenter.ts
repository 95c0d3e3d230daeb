import { ZPowerItemContent, type TPowerItem, type TPowerItemContent } from '@mpw/contracts';
import type { PowerItemRow, PowerItemVersionRow } from './power.repository.js';

export function presentItem(row: PowerItemRow, version: PowerItemVersionRow): TPowerItem {
  return presentItemContent(row, version.version, ZPowerItemContent.parse(version.content));
}

/** The item with the content of one of its versions, already parsed. */
export function presentItemContent(row: PowerItemRow, version: number, content: TPowerItemContent): TPowerItem {
  return {
    id: row.id,
    code: row.code,
    regionCode: row.regionCode,
    scopeLevel: row.scopeLevel,
    status: row.status,
    version,
    content,
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
