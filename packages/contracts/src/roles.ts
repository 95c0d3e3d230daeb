import type { TRegionLevel } from './regions.js';

/** Every permission string, `module:resource:action`, defined once here and used by guards, menus and buttons. */
export const PERMISSIONS = [
  'region:region:read',
  'region:region:write',
  'user:account:read',
  'user:account:write',
  'audit:event:read',
  'audit:checkpoint:read',
  'audit:checkpoint:create',
  'audit:log:verify',
  'settings:setting:read',
  'settings:setting:write',
  'power:item:read',
  'power:item:write',
  'power:item:propose',
  'power:item:approve',
  'matter:matter:read',
  'matter:matter:start',
  'matter:matter:act',
  'matter:filing:decide',
  'decision:decision:read',
  'decision:decision:write',
  'calendar:day:read',
  'calendar:day:write',
  'alert:alert:read',
  'alert:alert:assign',
  'alert:alert:handle',
  'alert:alert:close',
  'alert:sweep:run',
  'dataset:record:read',
  'dataset:import:read',
  'dataset:import:write',
  'dataset:token:manage',
  'attachment:file:upload',
  'books:entry:read',
  'books:entry:write',
  'books:entry:review',
  'books:period:close',
  /** Reopening a closed month: the district administrator's alone. */
  'books:period:reopen',
  'assets:asset:read',
  'assets:asset:write',
  'assets:contract:read',
  'assets:contract:write',
  'disclosure:item:read',
  'disclosure:item:publish',
  'disclosure:question:answer',
  'report:report:read',
  'report:report:intake',
  'report:report:assign',
  'report:report:handle',
  'report:identity:reveal',
  'report:reward:approve',
  'inspection:plan:read',
  'inspection:plan:write',
  'inspection:finding:write',
  'rectification:notice:read',
  'rectification:notice:issue',
  /** The responsible unit answers an item with its measures. */
  'rectification:item:answer',
  /** The issuing unit accepts (销号), returns or reopens an item. */
  'rectification:item:decide',
  /** Case files: only the handling level and above, every read audited. */
  'case:case:read',
  'case:case:write',
  /** 容错纠错 approval: one level above the handling level. */
  'case:tolerance:approve',
  /** Approving a typical case (以案促改) for the portal. */
  'case:typical:approve',
  /** 户查询码: list a village's households and issue or re-issue their query codes. */
  'household:code:read',
  'household:code:issue',
  /** 村民问政: sessions, cadres' reports, villagers' questions and ratings. */
  'hearing:hearing:read',
  'hearing:hearing:manage',
  'hearing:question:answer',
  /** Hiding an abusive question (with a reason, audited): discipline officers only. */
  'hearing:question:moderate',
  /** The comments villagers left with their ratings. */
  'hearing:rating:read',
  /** Quarterly satisfaction survey results. */
  'survey:result:read',
  /** Dashboards (统计分析): every figure computed from the records in the reader's scope. */
  'dashboard:stats:read',
  /** 考核评价: schemes are the district's; results are computed, adjusted and locked by the district. */
  'assessment:scheme:read',
  'assessment:scheme:write',
  'assessment:result:read',
  'assessment:result:adjust',
  /** 教育培训 and 警示教育 records with attendance. */
  'training:session:read',
  'training:session:write',
  /** 监督队伍: the roster of supervision committees and village discipline members. */
  'supervision:member:read',
  'supervision:member:write',
] as const;
export type TPermission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'district_admin',
  'district_inspector',
  'department_officer',
  'township_discipline',
  'township_staff',
  'village_secretary',
  'village_accountant',
  'village_supervisor',
  'village_discipline',
] as const;
export type TRole = (typeof ROLES)[number];

interface RoleDefinition {
  /** The level of region an account with this role is bound to. */
  level: TRegionLevel;
  label: { zh: string; en: string };
  permissions: readonly TPermission[];
}

const STAFF_READ: TPermission[] = [
  'region:region:read',
  'settings:setting:read',
  'power:item:read',
  'matter:matter:read',
  'decision:decision:read',
  'calendar:day:read',
  'books:entry:read',
  'assets:asset:read',
  'assets:contract:read',
  'disclosure:item:read',
  'hearing:hearing:read',
  'survey:result:read',
  'dashboard:stats:read',
  'training:session:read',
  'supervision:member:read',
];
/** Acting on a matter is further limited to the role each flow step names. */
const VILLAGE_WORK: TPermission[] = ['matter:matter:act', 'attachment:file:upload'];
const SUPERVISION: TPermission[] = ['alert:alert:read'];
/** Township and district discipline officers handle alerts and read the department rows behind them. */
const ALERT_HANDLING: TPermission[] = ['alert:alert:assign', 'alert:alert:handle', 'alert:alert:close', 'dataset:record:read', 'dataset:import:read'];
/** 四级联动: district and township discipline officers take in, assign and handle reports; village levels verify what is handed to them. */
const REPORT_HANDLING: TPermission[] = ['report:report:read', 'report:report:intake', 'report:report:assign', 'report:report:handle', 'report:identity:reveal', 'attachment:file:upload'];
const REPORT_VILLAGE_LEVEL: TPermission[] = ['report:report:read', 'report:report:handle'];
/** 监督检查、整改、案件: district and township discipline officers inspect, issue and verify rectification, and handle cases. */
const SUPERVISION_WORK: TPermission[] = [
  'inspection:plan:read',
  'inspection:plan:write',
  'inspection:finding:write',
  'rectification:notice:read',
  'rectification:notice:issue',
  'rectification:item:decide',
  'case:case:read',
  'case:case:write',
  'case:tolerance:approve',
  'attachment:file:upload',
];
/** A responsible unit (village cadres, township staff) reads its notices and answers their items. */
const RECTIFICATION_ANSWERING: TPermission[] = ['rectification:notice:read', 'rectification:item:answer'];

export const ROLE_DEFINITIONS: Record<TRole, RoleDefinition> = {
  district_admin: {
    level: 'district',
    label: { zh: '区管理员', en: 'District administrator' },
    permissions: [...PERMISSIONS],
  },
  district_inspector: {
    level: 'district',
    label: { zh: '区纪委监委', en: 'District discipline inspector' },
    permissions: [...STAFF_READ, ...SUPERVISION, ...ALERT_HANDLING, ...REPORT_HANDLING, ...SUPERVISION_WORK, 'case:typical:approve', 'assessment:scheme:read', 'assessment:scheme:write', 'assessment:result:read', 'assessment:result:adjust', 'training:session:write', 'supervision:member:write', 'household:code:read', 'hearing:question:moderate', 'hearing:rating:read', 'report:reward:approve', 'alert:sweep:run', 'user:account:read', 'audit:event:read', 'audit:checkpoint:read', 'audit:checkpoint:create', 'audit:log:verify'],
  },
  department_officer: {
    level: 'district',
    label: { zh: '部门数据专员', en: 'Department data officer' },
    permissions: [...STAFF_READ, 'dataset:import:read', 'dataset:import:write', 'dataset:record:read', 'dataset:token:manage', 'alert:sweep:run'],
  },
  township_discipline: {
    level: 'township',
    label: { zh: '乡镇纪委', en: 'Township discipline officer' },
    permissions: [...STAFF_READ, ...SUPERVISION, ...ALERT_HANDLING, ...REPORT_HANDLING, ...SUPERVISION_WORK, 'assessment:scheme:read', 'assessment:result:read', 'training:session:write', 'supervision:member:write', 'household:code:read', 'hearing:question:moderate', 'hearing:rating:read', 'user:account:read', 'audit:event:read', 'audit:checkpoint:read', 'matter:matter:act', 'matter:filing:decide'],
  },
  township_staff: {
    level: 'township',
    label: { zh: '乡镇干部', en: 'Township staff' },
    permissions: [...STAFF_READ, ...RECTIFICATION_ANSWERING, 'matter:matter:act', 'matter:filing:decide', 'power:item:propose', 'attachment:file:upload', 'household:code:read', 'household:code:issue', 'hearing:hearing:manage', 'training:session:write', 'supervision:member:write'],
  },
  village_secretary: {
    level: 'village',
    label: { zh: '村书记/主任', en: 'Village secretary / director' },
    permissions: [...STAFF_READ, ...VILLAGE_WORK, ...RECTIFICATION_ANSWERING, 'matter:matter:start', 'decision:decision:write', 'power:item:propose', 'assets:asset:write', 'assets:contract:write', 'disclosure:item:publish', 'disclosure:question:answer', 'household:code:read', 'household:code:issue', 'hearing:hearing:manage', 'hearing:question:answer'],
  },
  village_accountant: {
    level: 'village',
    label: { zh: '报账员/会计', en: 'Village accountant' },
    permissions: [...STAFF_READ, ...VILLAGE_WORK, ...RECTIFICATION_ANSWERING, 'matter:matter:start', 'books:entry:write', 'books:period:close', 'assets:asset:write', 'assets:contract:write', 'disclosure:question:answer', 'hearing:question:answer'],
  },
  village_supervisor: {
    level: 'village',
    label: { zh: '村务监督委员会', en: 'Village supervision committee member' },
    permissions: [...STAFF_READ, ...VILLAGE_WORK, ...SUPERVISION, ...REPORT_VILLAGE_LEVEL, 'rectification:notice:read', 'audit:checkpoint:read', 'books:entry:review'],
  },
  village_discipline: {
    level: 'village',
    label: { zh: '村纪检委员', en: 'Village discipline member' },
    permissions: [...STAFF_READ, ...VILLAGE_WORK, ...SUPERVISION, ...REPORT_VILLAGE_LEVEL, 'rectification:notice:read', 'audit:checkpoint:read'],
  },
};

export function permissionsOf(roles: readonly TRole[]): Set<TPermission> {
  return new Set(roles.flatMap((r) => ROLE_DEFINITIONS[r].permissions));
}

export function hasPermission(roles: readonly TRole[], permission: TPermission): boolean {
  return roles.some((r) => ROLE_DEFINITIONS[r].permissions.includes(permission));
}
