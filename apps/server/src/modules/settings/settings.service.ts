import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@mpw/db';
import type { TSettingView, TUpdateSettingRequest } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, ErrorCode, notFound } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { allSettingDefinitions, getSettingDefinition, type SettingDefinition } from './settings.registry.js';
import * as repo from './settings.repository.js';

export const districtOf = (regionCode: string) => regionCode.slice(0, 6) + '000000';

/** The value in force for the district containing `regionCode` on `asOf` (China date), or the default. */
export async function getSetting<T>(db: DbOrTx, def: SettingDefinition<T>, regionCode: string, asOf = chinaDate()): Promise<T> {
  const row = await repo.getEffectiveValue(db, districtOf(regionCode), def.key, asOf);
  if (!row) return def.defaultValue;
  const parsed = def.schema.safeParse(row.value);
  return parsed.success ? parsed.data : def.defaultValue;
}

export async function listSettings(db: Db, actor: Actor): Promise<TSettingView[]> {
  const district = districtOf(actor.regionCode!);
  const history = await repo.getHistory(db, district);
  const today = chinaDate();
  return allSettingDefinitions().map((def) => {
    const rows = history.filter((h) => h.key === def.key);
    const current = rows.find((r) => r.effectiveFrom <= today);
    return {
      key: def.key,
      module: def.module,
      label: def.label,
      description: def.description,
      kind: def.kind,
      defaultValue: def.defaultValue,
      value: current ? current.value : def.defaultValue,
      effectiveFrom: current?.effectiveFrom ?? null,
      history: rows.map((r) => ({
        value: r.value,
        effectiveFrom: r.effectiveFrom,
        changedBy: r.createdBy,
        changedAt: r.createdAt.toISOString(),
        reason: r.reason,
      })),
    };
  });
}

export async function updateSetting(db: Db, actor: Actor, key: string, input: TUpdateSettingRequest) {
  const def = getSettingDefinition(key);
  if (!def) throw notFound('设置项');
  const parsed = def.schema.safeParse(input.value);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => i.message).join('；');
    throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `value: ${def.label.zh}${message}`, details: [{ path: 'value', message }] });
  }
  const district = districtOf(actor.regionCode!);
  const effectiveFrom = input.effectiveFrom ?? chinaDate();
  const before = await getSetting(db, def, district, effectiveFrom);
  await audited(db, actor, async (w) => {
    await repo.insertValue(w.tx, {
      id: randomUUID(),
      key,
      value: parsed.data as never,
      effectiveFrom,
      reason: input.reason ?? null,
      regionCode: district,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    });
    await w.record({
      action: 'settings.setting.update',
      entityType: 'setting',
      entityId: key,
      regionCode: district,
      before: { value: before },
      after: { value: parsed.data, effectiveFrom, reason: input.reason ?? null },
    });
  });
}
