import { ROLE_DEFINITIONS, regionLevelOf, type TRole } from '@mpw/contracts';

/** Each role belongs to one level of region; an account's roles must all fit its region. Returns a reason or null. */
export function rolesProblem(regionCode: string, roles: TRole[]): string | null {
  const level = regionLevelOf(regionCode);
  const wrong = roles.filter((r) => ROLE_DEFINITIONS[r].level !== level);
  if (wrong.length === 0) return null;
  return `角色 ${wrong.map((r) => ROLE_DEFINITIONS[r].label.zh).join('、')} 不能用于${{ district: '区县', township: '乡镇', village: '村' }[level]}级账号`;
}
