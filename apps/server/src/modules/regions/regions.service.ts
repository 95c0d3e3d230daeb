import type { Db } from '@mpw/db';
import {
  isWithinRegion,
  parentCodeOf,
  regionLevelOf,
  REGION_LEVEL_LABELS,
  type TCreateRegionRequest,
  type TRegion,
  type TRegionLevel,
  type TRegionTreeNode,
  type TUpdateRegionRequest,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound } from '../../lib/errors.js';
import { parseCsv } from '../../lib/csv.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import * as repo from './regions.repository.js';
import { presentRegion } from './regions.presenter.js';

export async function getRegionByCode(db: Db, actor: Actor, code: string): Promise<TRegion> {
  const row = await repo.getRegionInScope(db, code, actor.regionCode);
  if (!row) throw notFound('区划');
  return presentRegion(row);
}

export async function findRegions(db: Db, actor: Actor, q: { current: number; pageSize: number; parentCode?: string; level?: TRegionLevel; q?: string }) {
  const { rows, total } = await repo.findRegions(
    db,
    { scopeCode: actor.regionCode, parentCode: q.parentCode, level: q.level, q: q.q },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map(presentRegion), total };
}

/** The actor's region subtree with village and account counts per node. */
export async function getRegionTree(db: Db, actor: Actor): Promise<TRegionTreeNode[]> {
  const [rows, userCounts] = await Promise.all([
    repo.listRegionsInScope(db, actor.regionCode),
    repo.countUsersByRegion(db, actor.regionCode),
  ]);
  const users = new Map(userCounts.map((u) => [u.regionCode, Number(u.n)]));
  const nodes = new Map<string, TRegionTreeNode>(
    rows.map((r) => [r.code, { code: r.code, name: r.name, level: r.level, userCount: users.get(r.code) ?? 0, villageCount: 0, children: [] }]),
  );
  const roots: TRegionTreeNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const total = (n: TRegionTreeNode): { villages: number; users: number } => {
    let villages = n.level === 'village' ? 1 : 0;
    let userSum = n.userCount;
    for (const c of n.children) {
      const t = total(c);
      villages += t.villages;
      userSum += t.users;
    }
    n.villageCount = villages;
    n.userCount = userSum;
    return { villages, users: userSum };
  };
  roots.forEach(total);
  return roots;
}

function codeProblem(code: string, level?: string): string | null {
  if (!/^\d{12}$/.test(code)) return '区划代码必须是12位数字';
  if (level && regionLevelOf(code) !== level) {
    return `级别与代码不符：代码 ${code} 表示${REGION_LEVEL_LABELS[regionLevelOf(code)].zh}`;
  }
  return null;
}

/** Creates or revives a region inside an open audited transaction. */
async function upsertRegion(w: AuditedTx, code: string, name: string, opts: { isDemo?: boolean } = {}): Promise<'created' | 'updated' | 'unchanged'> {
  const level = regionLevelOf(code);
  const parentCode = parentCodeOf(code);
  if (parentCode) {
    const parent = await repo.getRegionInScope(w.tx, parentCode, null);
    if (!parent) throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `code: 上级区划 ${parentCode} 不存在`, details: [{ path: 'code', message: `上级区划 ${parentCode} 不存在` }] });
  }
  const existing = await repo.getRegionAnyState(w.tx, code);
  const now = new Date();
  if (!existing) {
    const row = { code, name, level, parentCode, isDemo: opts.isDemo ?? false, regionCode: code, createdBy: w.actor.userId, updatedBy: w.actor.userId };
    await repo.insertRegion(w.tx, row);
    await w.record({ action: 'region.region.create', entityType: 'region', entityId: code, regionCode: code, after: row });
    return 'created';
  }
  if (existing.name === name && !existing.deletedAt) return 'unchanged';
  await repo.updateRegion(w.tx, code, { name, deletedAt: null, updatedAt: now, updatedBy: w.actor.userId });
  await w.record({
    action: existing.deletedAt ? 'region.region.restore' : 'region.region.update',
    entityType: 'region',
    entityId: code,
    regionCode: code,
    before: { name: existing.name, deletedAt: existing.deletedAt },
    after: { name, deletedAt: null },
  });
  return 'updated';
}

function assertInScope(actor: Actor, code: string) {
  // A district admin may create anything in the district, but not the district itself.
  if (!actor.regionCode || !isWithinRegion(code, actor.regionCode) || code === actor.regionCode) throw notFound('上级区划');
}

export async function createRegion(db: Db, actor: Actor, input: TCreateRegionRequest): Promise<TRegion> {
  assertInScope(actor, input.code);
  const existing = await repo.getRegionAnyState(db, input.code);
  if (existing && !existing.deletedAt) throw new AppError(ErrorCode.CONFLICT, { message: `code: 区划代码 ${input.code} 已存在`, details: [{ path: 'code', message: '已存在' }] });
  await audited(db, actor, (w) => upsertRegion(w, input.code, input.name));
  return getRegionByCode(db, actor, input.code);
}

export async function updateRegion(db: Db, actor: Actor, code: string, input: TUpdateRegionRequest): Promise<TRegion> {
  const row = await repo.getRegionInScope(db, code, actor.regionCode);
  if (!row) throw notFound('区划');
  await audited(db, actor, async (w) => {
    await repo.updateRegion(w.tx, code, { name: input.name, updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({ action: 'region.region.update', entityType: 'region', entityId: code, regionCode: code, before: { name: row.name }, after: { name: input.name } });
  });
  return getRegionByCode(db, actor, code);
}

/** Soft delete; refused while the region still has live sub-regions or active accounts. */
export async function deleteRegion(db: Db, actor: Actor, code: string): Promise<void> {
  const row = await repo.getRegionInScope(db, code, actor.regionCode);
  if (!row || code === actor.regionCode) throw notFound('区划');
  if ((await repo.countLiveChildren(db, code)) > 0) throw new AppError(ErrorCode.CONFLICT, { message: '该区划下还有下级区划，不能删除' });
  if ((await repo.countActiveUsersIn(db, code)) > 0) throw new AppError(ErrorCode.CONFLICT, { message: '该区划下还有在用账号，请先停用' });
  await audited(db, actor, async (w) => {
    const deletedAt = new Date();
    await repo.updateRegion(w.tx, code, { deletedAt, updatedAt: deletedAt, updatedBy: actor.userId });
    await w.record({ action: 'region.region.delete', entityType: 'region', entityId: code, regionCode: code, before: presentRegion(row), after: { deletedAt } });
  });
}

export const REGION_COLUMNS = [
  { key: 'code', zh: '区划代码' },
  { key: 'name', zh: '名称' },
  { key: 'level', zh: '级别' },
  { key: 'parent_code', zh: '上级代码', required: false },
];

const LEVEL_WORDS: Record<string, TRegionLevel> = {
  district: 'district', township: 'township', village: 'village',
  区县: 'district', 区: 'district', 县: 'district', 乡镇: 'township', 镇: 'township', 乡: 'township', 街道: 'township', 村: 'village', 社区: 'village',
};

export interface RegionImportReport {
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; reason: string }[];
}

/**
 * Imports regions.csv (shared/spec/data-exchange.md). Rows are applied parents first in
 * one transaction; every bad row is reported with its line; `strict` imports nothing if any row is bad.
 */
export async function importRegions(db: Db, actor: Actor, file: Buffer | string, opts: { strict?: boolean; isDemo?: boolean } = {}): Promise<RegionImportReport> {
  const { rows, missingColumns } = parseCsv(file, REGION_COLUMNS);
  if (missingColumns.length) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `文件缺少列：${missingColumns.join('、')}`, details: missingColumns.map((c) => ({ path: c, message: '缺少此列' })) });
  }
  const report: RegionImportReport = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  const good: { line: number; code: string; name: string }[] = [];
  for (const r of rows) {
    const code = r.values.code ?? '';
    const name = (r.values.name ?? '').trim();
    const level = LEVEL_WORDS[(r.values.level ?? '').trim().toLowerCase()];
    const parent = (r.values.parent_code ?? '').trim();
    const problem =
      codeProblem(code) ??
      (!name ? '名称不能为空' : name.length > 50 ? '名称不能超过50个字' : null) ??
      (!level ? `级别“${r.values.level ?? ''}”无法识别（应为 district/township/village 或 区县/乡镇/村）` : null) ??
      codeProblem(code, level) ??
      (parent && parent !== (parentCodeOf(code) ?? '') ? `上级代码应为 ${parentCodeOf(code)}` : null) ??
      (actor.regionCode && !isWithinRegion(code, actor.regionCode) ? '不在本账号管辖范围内' : null);
    if (problem) report.rejected.push({ line: r.line, reason: problem });
    else good.push({ line: r.line, code, name });
  }
  // Strict mode still applies the good rows (then rolls back) so that every bad row is reported, not only the first kind.
  good.sort((a, b) => a.code.localeCompare(b.code) || a.line - b.line);
  // Shorter prefixes (district, then townships) sort before their children.
  good.sort((a, b) => levelRank(a.code) - levelRank(b.code));
  await audited(db, actor, async (w) => {
    for (const g of good) {
      const parentCode = parentCodeOf(g.code);
      if (parentCode && !(await repo.getRegionInScope(w.tx, parentCode, null))) {
        report.rejected.push({ line: g.line, reason: `上级区划 ${parentCode} 不存在` });
        continue;
      }
      const outcome = await upsertRegion(w, g.code, g.name, { isDemo: opts.isDemo });
      report[outcome]++;
    }
    if (opts.strict && report.rejected.length) throw new StrictImportAbort();
    await w.record({ action: 'region.import', entityType: 'region_import', entityId: null, after: { created: report.created, updated: report.updated, rejected: report.rejected.length } });
  }).catch((err) => {
    if (!(err instanceof StrictImportAbort)) throw err;
    report.created = report.updated = report.unchanged = 0;
  });
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

class StrictImportAbort extends Error {}

const levelRank = (code: string) => ({ district: 0, township: 1, village: 2 })[regionLevelOf(code)];
