import { z } from 'zod';

export type SettingKind = 'integer' | 'boolean' | 'money_fen' | 'days' | 'string';

export interface SettingDefinition<T = unknown> {
  key: string;
  module: string;
  kind: SettingKind;
  label: { zh: string; en: string };
  description: { zh: string; en: string };
  schema: z.ZodType<T>;
  defaultValue: T;
}

const registry = new Map<string, SettingDefinition>();

/**
 * Modules register their district policy values here at import time; the settings API,
 * console page and history work for all of them without further code.
 */
export function defineSetting<T>(def: SettingDefinition<T>): SettingDefinition<T> {
  if (registry.has(def.key)) throw new Error(`setting ${def.key} defined twice`);
  def.schema.parse(def.defaultValue);
  registry.set(def.key, def as SettingDefinition);
  return def;
}

export function getSettingDefinition(key: string): SettingDefinition | undefined {
  return registry.get(key);
}

export function allSettingDefinitions(): SettingDefinition[] {
  return [...registry.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export const zInt = (min: number, max: number) =>
  z.number({ message: '必须是数字' }).int({ message: '必须是整数' }).min(min, { message: `不能小于${min}` }).max(max, { message: `不能大于${max}` });
