import type { TRole } from '@mpw/contracts';

/** A clearly marked demo district (演示数据). Codes follow 统计用区划代码 form; names are invented. */
export const DEMO_REGIONS_CSV = `code,name,level,parent_code
330299000000,清溪区（演示）,district,
330299101000,凤岭镇,township,330299000000
330299102000,黄泥镇,township,330299000000
330299103000,白沙镇,township,330299000000
330299101201,白坑村,village,330299101000
330299101202,小家村,village,330299101000
330299101203,上坞村,village,330299101000
330299101204,桃源村,village,330299101000
330299102201,竹畈村,village,330299102000
330299102202,黄泥村,village,330299102000
330299102203,石门村,village,330299102000
330299102204,新塘村,village,330299102000
330299103201,茶岭村,village,330299103000
330299103202,白沙村,village,330299103000
330299103203,溪口村,village,330299103000
330299103204,枫树湾村,village,330299103000
`;

export const DEMO_DISTRICT = '330299000000';

/** Demo password for every demo account (listed in the README). Demo accounts are not asked to change it. */
export const DEMO_PASSWORD = 'Mpw-demo-2026';

export const DEMO_ACCOUNTS: { username: string; displayName: string; regionCode: string; roles: TRole[] }[] = [
  { username: 'admin', displayName: '区管理员（演示）', regionCode: '330299000000', roles: ['district_admin'] },
  { username: 'inspector', displayName: '区纪委监委 王监督（演示）', regionCode: '330299000000', roles: ['district_inspector'] },
  { username: 'dataofficer', displayName: '民政局数据专员（演示）', regionCode: '330299000000', roles: ['department_officer'] },
  { username: 'fl.jiwei', displayName: '凤岭镇纪委 李纪检（演示）', regionCode: '330299101000', roles: ['township_discipline'] },
  { username: 'fl.staff', displayName: '凤岭镇干部 赵干部（演示）', regionCode: '330299101000', roles: ['township_staff'] },
  { username: 'hn.jiwei', displayName: '黄泥镇纪委 陈纪检（演示）', regionCode: '330299102000', roles: ['township_discipline'] },
  { username: 'bk.secretary', displayName: '白坑村书记 张书记（演示）', regionCode: '330299101201', roles: ['village_secretary'] },
  { username: 'bk.accountant', displayName: '白坑村报账员 刘会计（演示）', regionCode: '330299101201', roles: ['village_accountant'] },
  { username: 'bk.supervisor', displayName: '白坑村监委会 周主任（演示）', regionCode: '330299101201', roles: ['village_supervisor'] },
  { username: 'bk.discipline', displayName: '白坑村纪检委员 吴委员（演示）', regionCode: '330299101201', roles: ['village_discipline'] },
];
