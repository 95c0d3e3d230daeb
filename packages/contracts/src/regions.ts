import { z } from 'zod';

export const REGION_LEVELS = ['district', 'township', 'village'] as const;
export type TRegionLevel = (typeof REGION_LEVELS)[number];
export const REGION_LEVEL_LABELS: Record<TRegionLevel, { zh: string; en: string }> = {
  district: { zh: '区县', en: 'District' },
  township: { zh: '乡镇', en: 'Township' },
  village: { zh: '村', en: 'Village' },
};

/** 统计用区划代码: 12 digits; district = 6 + '000000', township = 9 + '000'. */
export const ZRegionCode = z.string().regex(/^\d{12}$/, { message: '区划代码必须是12位数字' });

export function regionLevelOf(code: string): TRegionLevel {
  if (code.endsWith('000000')) return 'district';
  if (code.endsWith('000')) return 'township';
  return 'village';
}

/** The significant prefix of a region code: everything below it shares it. */
export function regionPrefix(code: string): string {
  const level = regionLevelOf(code);
  return level === 'district' ? code.slice(0, 6) : level === 'township' ? code.slice(0, 9) : code;
}

export function parentCodeOf(code: string): string | null {
  const level = regionLevelOf(code);
  if (level === 'district') return null;
  if (level === 'township') return code.slice(0, 6) + '000000';
  return code.slice(0, 9) + '000';
}

export function isWithinRegion(code: string, scope: string): boolean {
  return code.startsWith(regionPrefix(scope));
}

export const ZRegion = z.object({
  code: ZRegionCode,
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parentCode: ZRegionCode.nullable(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TRegion = z.infer<typeof ZRegion>;

export const ZRegionTreeNode: z.ZodType<TRegionTreeNode> = z.lazy(() =>
  z.object({
    code: ZRegionCode,
    name: z.string(),
    level: z.enum(REGION_LEVELS),
    userCount: z.number().int(),
    villageCount: z.number().int(),
    children: z.array(ZRegionTreeNode),
  }),
);
export interface TRegionTreeNode {
  code: string;
  name: string;
  level: TRegionLevel;
  userCount: number;
  villageCount: number;
  children: TRegionTreeNode[];
}

export const ZCreateRegionRequest = z.object({
  code: ZRegionCode,
  name: z.string().trim().min(1, { message: '名称不能为空' }).max(50, { message: '名称不能超过50个字' }),
});
export type TCreateRegionRequest = z.infer<typeof ZCreateRegionRequest>;

export const ZUpdateRegionRequest = z.object({
  name: z.string().trim().min(1, { message: '名称不能为空' }).max(50, { message: '名称不能超过50个字' }),
});
export type TUpdateRegionRequest = z.infer<typeof ZUpdateRegionRequest>;

export const ZPublicVillage = z.object({
  code: ZRegionCode,
  name: z.string(),
  townshipName: z.string(),
  districtName: z.string(),
  isDemo: z.boolean(),
});
export type TPublicVillage = z.infer<typeof ZPublicVillage>;
