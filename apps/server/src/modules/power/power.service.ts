import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import { ErrorCode, ZPowerItemContent, regionLevelOf, type TPowerItem, type TPowerItemContent } from '@mpw/contracts';
import { renderFlowchartSvg } from '@mpw/flowchart';
import type { Actor } from '../../lib/actor.js';
import { AppError, notFound } from '../../lib/errors.js';
import { audited, type AuditedTx } from '../audit/audit.log.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { DEFAULT_CATALOGUE } from './power.catalogue.js';
import * as repo from './power.repository.js';
import { canApprove, canEditItem, needsApproval } from './power.policy.js';
import { presentItem, presentItemContent, presentVersion } from './power.presenter.js';
import { ImmutableCache, cachesPerHandle } from '../../lib/revalidate.js';

type ItemStatus = repo.PowerItemRow['status'];

/**
 * A version of an item never changes once written (an edit makes a new one), so its parsed
 * content and its flowchart are kept per (item, version): the item row, read on every request,
 * names the version in force, so a new version shows at once on every instance.
 */
const versionCaches = cachesPerHandle(() => ({ content: new ImmutableCache<TPowerItemContent>(5000), flowcharts: new ImmutableCache<string>(2000) }));

export async function findItems(
  db: Db,
  actor: Actor | null,
  q: { current: number; pageSize: number; category?: string; q?: string; status?: ItemStatus; regionCode?: string; applicableTo?: string },
) {
  const { rows, total } = await repo.findItems(
    db,
    { scopeCode: actor ? actor.regionCode : null, applicableTo: q.applicableTo ?? q.regionCode, category: q.category, q: q.q, status: q.status },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  const versionContent = versionCaches(db).content;
  const key = (itemId: string, version: number) => `${itemId}:${version}`;
  const missing = rows.filter((r) => !versionContent.get(key(r.id, r.currentVersion))).map((r) => ({ itemId: r.id, version: r.currentVersion }));
  for (const v of await repo.getVersions(db, missing)) versionContent.set(key(v.itemId, v.version), ZPowerItemContent.parse(v.content));
  const data = rows.map((row) => presentItemContent(row, row.currentVersion, versionContent.get(key(row.id, row.currentVersion))!));
  return { data, total };
}

/**
 * What a page of items is made of, short: everything of each item but its content, which the
 * (item, version) pair fixes for good. Equal texts mean equal pages.
 */
export function versionOfItems(page: { data: TPowerItem[]; total: number }): string {
  return JSON.stringify([page.total, page.data.map(({ content: _fixedByVersion, ...rest }) => rest)]);
}

/** The item as in force (its current version), visible to the actor, or 404. */
export async function getItemById(db: DbOrTx, actor: Actor | null, id: string) {
  const row = await repo.getItem(db, id, actor ? actor.regionCode : null);
  if (!row) throw notFound('权力事项');
  const version = await repo.getVersion(db, id, row.currentVersion);
  return { row, item: presentItem(row, version!) };
}

export async function getItemVersions(db: Db, actor: Actor | null, id: string) {
  const { row } = await getItemById(db, actor, id);
  return (await repo.listVersions(db, row.id)).map(presentVersion);
}

/** The content of one version: a running matter reads the version it started on. */
export async function getItemVersion(db: DbOrTx, actor: Actor | null, id: string, version: number) {
  const { row } = await getItemById(db, actor, id);
  const v = await repo.getVersion(db, row.id, version);
  if (!v) throw notFound('版本');
  return presentVersion(v);
}

export async function getFlowchartSvg(db: Db, actor: Actor | null, id: string, version?: number, theme: 'screen' | 'print' = 'screen') {
  const row = await repo.getItem(db, id, actor ? actor.regionCode : null);
  if (!row) throw notFound('权力事项');
  const n = version ?? row.currentVersion;
  const key = `${id}:${n}:${theme}`;
  const flowchartSvgs = versionCaches(db).flowcharts;
  const cached = flowchartSvgs.get(key);
  if (cached) return cached;
  const v = await repo.getVersion(db, id, n);
  if (!v) throw notFound('版本');
  const content = ZPowerItemContent.parse(v.content);
  return flowchartSvgs.set(key, renderFlowchartSvg(content.flow, { title: content.name, theme }));
}

async function insertNewItem(w: AuditedTx, input: { code: string; regionCode: string; content: TPowerItemContent; status: ItemStatus; changeNote?: string | null }) {
  const id = randomUUID();
  const base = { regionCode: input.regionCode, createdBy: w.actor.userId, updatedBy: w.actor.userId };
  await repo.insertItem(w.tx, {
    id,
    code: input.code,
    scopeLevel: regionLevelOf(input.regionCode),
    status: input.status,
    currentVersion: 1,
    name: input.content.name,
    category: input.content.category,
    ...base,
  });
  await repo.insertVersion(w.tx, { id: randomUUID(), itemId: id, version: 1, content: input.content, changeNote: input.changeNote ?? null, ...base });
  await w.record({ action: 'power.item.create', entityType: 'power_item', entityId: id, regionCode: input.regionCode, after: { code: input.code, status: input.status, content: input.content } });
  return id;
}

/**
 * Adds an item. The district's own items are in force at once; a township's or village's
 * local item (个性化权力事项) waits for the district's approval.
 */
export async function createItem(db: Db, actor: Actor, input: { code: string; content: TPowerItemContent; changeNote?: string; regionCode?: string }) {
  const regionCode = input.regionCode ?? actor.regionCode!;
  if (!(await getRegionInScope(db, regionCode, actor.regionCode))) throw notFound('区划');
  if (regionLevelOf(regionCode) !== 'district' && actor.regionCode !== regionCode && needsApproval(actor)) throw notFound('区划');
  if (regionLevelOf(regionCode) === 'district' && needsApproval(actor)) throw new AppError(ErrorCode.FORBIDDEN, { message: '只有区级可以修改全区权力清单' });
  if (await repo.codeTaken(db, regionCode, input.code)) {
    throw new AppError(ErrorCode.CONFLICT, { message: `code: 编号 ${input.code} 已被使用`, details: [{ path: 'code', message: '已被使用' }] });
  }
  const id = await audited(db, actor, (w) =>
    insertNewItem(w, { code: input.code, regionCode, content: input.content, status: needsApproval(actor) ? 'pending_approval' : 'active', changeNote: input.changeNote }),
  );
  return (await getItemById(db, actor, id)).item;
}

/** An edit makes a new version; matters already running keep the version they started on. */
export async function updateItem(db: Db, actor: Actor, id: string, input: { content: TPowerItemContent; changeNote: string }) {
  const { row } = await getItemById(db, actor, id);
  if (!canEditItem(actor, row)) throw new AppError(ErrorCode.FORBIDDEN, { message: '无权修改该权力事项' });
  const pending = needsApproval(actor);
  await audited(db, actor, async (w) => {
    const locked = (await repo.getItemForUpdate(w.tx, id))!;
    const version = (await repo.latestVersionNumber(w.tx, id)) + 1;
    await repo.insertVersion(w.tx, { id: randomUUID(), itemId: id, version, content: input.content, changeNote: input.changeNote, regionCode: locked.regionCode, createdBy: actor.userId, updatedBy: actor.userId });
    const patch = pending
      ? { status: locked.status === 'active' ? ('active' as const) : ('pending_approval' as const), reviewNote: null }
      : { currentVersion: version, name: input.content.name, category: input.content.category, status: 'active' as const };
    await repo.updateItem(w.tx, id, { ...patch, updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({
      action: pending ? 'power.item.propose_version' : 'power.item.new_version',
      entityType: 'power_item',
      entityId: id,
      regionCode: locked.regionCode,
      before: { version: locked.currentVersion },
      after: { version, changeNote: input.changeNote, content: input.content },
    });
  });
  return (await getItemById(db, actor, id)).item;
}

/** The district approves a local item, or its pending latest version, which then comes into force. */
export async function approveItem(db: Db, actor: Actor, id: string, note?: string) {
  const { row } = await getItemById(db, actor, id);
  if (!canApprove(actor, row)) throw notFound('权力事项');
  await audited(db, actor, async (w) => {
    const locked = (await repo.getItemForUpdate(w.tx, id))!;
    const latest = await repo.latestVersionNumber(w.tx, id);
    if (locked.status !== 'pending_approval' && latest === locked.currentVersion) {
      throw new AppError(ErrorCode.CONFLICT, { message: '该事项没有待审批的内容' });
    }
    const v = (await repo.getVersion(w.tx, id, latest))!;
    const content = v.content as TPowerItemContent;
    await repo.updateItem(w.tx, id, { status: 'active', currentVersion: latest, name: content.name, category: content.category, reviewNote: note ?? null, updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({ action: 'power.item.approve', entityType: 'power_item', entityId: id, regionCode: locked.regionCode, before: { status: locked.status, version: locked.currentVersion }, after: { status: 'active', version: latest, note: note ?? null } });
  });
  return (await getItemById(db, actor, id)).item;
}

export async function rejectItem(db: Db, actor: Actor, id: string, reason: string) {
  const { row } = await getItemById(db, actor, id);
  if (!canApprove(actor, row)) throw notFound('权力事项');
  await audited(db, actor, async (w) => {
    const locked = (await repo.getItemForUpdate(w.tx, id))!;
    const latest = await repo.latestVersionNumber(w.tx, id);
    if (locked.status !== 'pending_approval' && latest === locked.currentVersion) throw new AppError(ErrorCode.CONFLICT, { message: '该事项没有待审批的内容' });
    // A rejected first version leaves the item rejected; a rejected later version leaves the item as it was.
    const status = locked.status === 'pending_approval' ? ('rejected' as const) : locked.status;
    await repo.updateItem(w.tx, id, { status, reviewNote: reason, updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({ action: 'power.item.reject', entityType: 'power_item', entityId: id, regionCode: locked.regionCode, before: { status: locked.status }, after: { status, reason, rejectedVersion: latest } });
  });
  return (await getItemById(db, actor, id)).item;
}

export async function retireItem(db: Db, actor: Actor, id: string, reason: string) {
  const { row } = await getItemById(db, actor, id);
  if (!canEditItem(actor, row) || needsApproval(actor)) throw new AppError(ErrorCode.FORBIDDEN, { message: '只有区级可以停用权力事项' });
  await audited(db, actor, async (w) => {
    await repo.updateItem(w.tx, id, { status: 'retired', reviewNote: reason, updatedAt: new Date(), updatedBy: actor.userId });
    await w.record({ action: 'power.item.retire', entityType: 'power_item', entityId: id, regionCode: row.regionCode, before: { status: row.status }, after: { status: 'retired', reason } });
  });
  return (await getItemById(db, actor, id)).item;
}

/** Loads the default district catalogue (skipping codes the district already has). Returns how many were added. */
export async function seedDefaultCatalogue(db: Db, actor: Actor, districtCode: string): Promise<number> {
  return audited(db, actor, async (w) => {
    let added = 0;
    for (const entry of DEFAULT_CATALOGUE) {
      if (await repo.codeTaken(w.tx, districtCode, entry.code)) continue;
      await insertNewItem(w, { code: entry.code, regionCode: districtCode, content: entry.content, status: 'active', changeNote: '默认权力清单' });
      added++;
    }
    return added;
  });
}
