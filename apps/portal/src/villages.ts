import type { TPublicVillage } from '@mpw/contracts';

export interface Group {
  key: string;
  title: string;
  villages: TPublicVillage[];
}

/** Villages grouped by township, in the order the server gave them. */
export function groupByTownship(villages: TPublicVillage[]): Group[] {
  const groups = new Map<string, Group>();
  for (const v of villages) {
    const key = `${v.districtName}|${v.townshipName}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, title: [v.districtName, v.townshipName].filter(Boolean).join(' · '), villages: [] };
      groups.set(key, g);
    }
    g.villages.push(v);
  }
  return [...groups.values()];
}
