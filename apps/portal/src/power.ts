import type { TPowerItem } from '@mpw/contracts';

/** The eight categories in the catalogue's order (POWER_CATEGORIES of @mpw/contracts; a test keeps them equal). */
export const CATEGORY_ORDER = ['重大事项决策', '财务管理', '资产资源', '工程项目', '民生保障', '便民服务', '组织建设', '其他'] as const;

/** Items matching a search text and category, grouped by category in the catalogue's order. */
export function groupItems(items: readonly TPowerItem[], q: string, category: string): { category: string; items: TPowerItem[] }[] {
  const needle = q.trim();
  const groups = new Map<string, TPowerItem[]>();
  for (const it of items) {
    if (category && it.content.category !== category) continue;
    if (needle && !it.content.name.includes(needle) && !it.content.summary.includes(needle)) continue;
    const list = groups.get(it.content.category) ?? [];
    list.push(it);
    groups.set(it.content.category, list);
  }
  const rank = (c: string) => {
    const i = (CATEGORY_ORDER as readonly string[]).indexOf(c);
    return i < 0 ? 99 : i;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([c, list]) => ({ category: c, items: list }));
}
