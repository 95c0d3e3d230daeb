import { z } from 'zod';

/**
 * The datasets of shared/spec/data-exchange.md, by the file name they arrive under
 * (`residents.csv` or `residents.xlsx`). Column definitions (English key, Chinese header,
 * aliases) live beside them in DATASET_COLUMNS.
 */
export const DATASETS = [
  'regions',
  'residents',
  'cadres',
  'kinship',
  'deaths',
  'vehicles',
  'businesses',
  'public_employees',
  'benefit_recipients',
  'payments',
  'ledger',
  'contracts',
  'decisions',
] as const;
export type TDataset = (typeof DATASETS)[number];

export const DATASET_LABELS: Record<TDataset, string> = {
  regions: '行政区划',
  residents: '户籍人口',
  cadres: '干部名册',
  kinship: '亲属关系',
  deaths: '死亡人员',
  vehicles: '机动车登记',
  businesses: '市场主体登记',
  public_employees: '财政供养人员',
  benefit_recipients: '救助保障对象',
  payments: '惠民惠农补贴发放',
  ledger: '村级财务收支',
  contracts: '合同',
  decisions: '四议两公开记录',
};

export const ZRejectedRow = z.object({ line: z.number().int(), reason: z.string() });
export type TRejectedRow = z.infer<typeof ZRejectedRow>;

/** What an import of one file reports (the command line prints it; the API returns it). */
export const ZDatasetImportReport = z.object({
  importId: z.string(),
  dataset: z.enum(DATASETS),
  fileName: z.string(),
  status: z.enum(['committed', 'rejected', 'failed']),
  rowsRead: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** Imported although the identity number fails GB 11643 (kept as evidence, flagged). */
  flagged: z.number().int(),
  /** Every rejected row (the API may cut this list; the error report holds all of it). */
  rejectedRows: z.array(ZRejectedRow),
  /** Why a whole file was refused (missing column, unreadable, strict mode). */
  message: z.string().nullable(),
});
export type TDatasetImportReport = z.infer<typeof ZDatasetImportReport>;

/** One column of a dataset file: the English key, the Chinese header, accepted variants. */
export interface DatasetColumn {
  key: string;
  zh: string;
  /** Other headers taken as this column (variants of the identity column). */
  aliases?: readonly string[];
  /** The column must be in the header and every row must have a value. */
  required: boolean;
}

/** The usual names of the identity column, taken as `身份证号` (also behind a prefix such as 所有人). */
export const ID_NUMBER_HEADER_VARIANTS = ['身份证号码', '公民身份号码', '证件号码'] as const;

/** `身份证号` → its variants; `所有人身份证号` → `所有人身份证号码`, …; `身份证号A` → `身份证号码A`, …. */
function idVariants(zh: string): string[] {
  return ID_NUMBER_HEADER_VARIANTS.map((v) => zh.replace('身份证号', v));
}

const col = (key: string, zh: string, required: boolean, aliases?: readonly string[]): DatasetColumn => (aliases ? { key, zh, required, aliases } : { key, zh, required });
const idCol = (key: string, zh: string, required = true) => col(key, zh, required, idVariants(zh));

/** The columns of every dataset (shared/spec/data-exchange.md), in the spec's order. */
export const DATASET_COLUMNS: Record<TDataset, readonly DatasetColumn[]> = {
  regions: [col('code', '区划代码', true), col('name', '名称', true), col('level', '级别', true), col('parent_code', '上级代码', false)],
  residents: [
    idCol('id_number', '身份证号'),
    col('name', '姓名', true),
    col('gender', '性别', false),
    col('birth_date', '出生日期', false),
    col('household_id', '户号', false),
    col('relation_to_head', '与户主关系', false),
    col('village_code', '村代码', true),
  ],
  cadres: [
    idCol('id_number', '身份证号'),
    col('name', '姓名', true),
    col('region_code', '任职单位代码', true),
    col('position', '职务', true),
    col('start_date', '任职开始', true),
    col('end_date', '任职结束', false),
  ],
  kinship: [idCol('id_number_a', '身份证号A'), idCol('id_number_b', '身份证号B'), col('relation', '关系', true)],
  deaths: [idCol('id_number', '身份证号'), col('name', '姓名', false), col('death_date', '死亡日期', true)],
  vehicles: [col('plate', '号牌号码', true), idCol('id_number', '所有人身份证号'), col('vehicle_type', '车辆类型', true), col('registered_date', '登记日期', false)],
  businesses: [
    col('credit_code', '统一社会信用代码', true),
    col('company_name', '企业名称', true),
    idCol('id_number', '身份证号'),
    col('role', '角色', true),
    col('registered_capital', '注册资本', false),
  ],
  public_employees: [idCol('id_number', '身份证号'), col('name', '姓名', false), col('employer', '工作单位', false), col('start_date', '入职日期', false), col('end_date', '离职日期', false)],
  benefit_recipients: [
    idCol('id_number', '身份证号'),
    col('name', '姓名', true),
    col('village_code', '村代码', true),
    col('program', '项目', true),
    col('household_size', '保障人数', false),
    col('start_date', '开始日期', true),
    col('end_date', '结束日期', false),
    col('monthly_amount', '月标准', false),
  ],
  payments: [
    col('payment_id', '发放流水号', true),
    idCol('id_number', '身份证号'),
    col('name', '姓名', false),
    col('village_code', '村代码', true),
    col('program', '补贴项目', true),
    col('amount', '金额', true),
    col('paid_date', '发放日期', true),
    col('bank_account', '账号', false),
  ],
  ledger: [
    col('entry_id', '凭证流水号', true),
    col('village_code', '村代码', true),
    col('entry_date', '记账日期', true),
    col('direction', '收支', true),
    col('amount', '金额', true),
    col('category', '科目', true),
    col('counterparty_name', '对方单位或个人', false),
    col('counterparty_id', '对方证件号', false),
    col('description', '摘要', false),
    col('decision_id', '决策编号', false),
  ],
  contracts: [
    col('contract_id', '合同编号', true),
    col('village_code', '村代码', true),
    col('contract_type', '合同类型', true),
    col('title', '合同名称', true),
    col('counterparty_name', '相对方', true),
    col('counterparty_id', '相对方证件号', false),
    col('amount', '合同金额', true),
    col('signed_date', '签订日期', true),
    col('procurement_method', '交易方式', false),
    col('decision_id', '决策编号', false),
  ],
  decisions: [
    col('decision_id', '决策编号', true),
    col('village_code', '村代码', true),
    col('title', '事项', true),
    col('amount', '涉及金额', false),
    col('stage', '环节', true),
    col('body', '会议类型', false),
    col('held_on', '日期', true),
    col('eligible', '应到人数', false),
    col('attendees', '实到人数', false),
    col('votes_for', '赞成票', false),
    col('votes_against', '反对票', false),
    col('recorded_at', '录入时间', false),
  ],
};

/** The natural key of each department dataset (a re-import updates rows by it). */
export const DATASET_KEYS: Record<TDataset, readonly string[]> = {
  regions: ['code'],
  residents: ['id_number'],
  cadres: ['id_number', 'position', 'start_date'],
  kinship: ['id_number_a', 'id_number_b'],
  deaths: ['id_number'],
  vehicles: ['plate'],
  businesses: ['credit_code', 'id_number', 'role'],
  public_employees: ['id_number'],
  benefit_recipients: ['id_number', 'program', 'village_code', 'start_date'],
  payments: ['payment_id'],
  ledger: ['entry_id'],
  contracts: ['contract_id'],
  decisions: ['decision_id', 'stage'],
};

/** Order for importing a folder: regions first, then people, then what refers to them. */
export const DATASET_IMPORT_ORDER: readonly TDataset[] = [
  'regions',
  'residents',
  'cadres',
  'kinship',
  'deaths',
  'vehicles',
  'businesses',
  'public_employees',
  'benefit_recipients',
  'payments',
  'decisions',
  'contracts',
  'ledger',
];

export const GENDERS = ['男', '女'] as const;
export const RELATIONS_TO_HEAD = ['户主', '配偶', '子', '女', '父亲', '母亲', '孙子', '孙女', '儿媳', '女婿', '兄弟', '姐妹', '其他'] as const;
export const KINSHIP_RELATIONS = ['配偶', '父母', '子女', '兄弟姐妹', '祖孙', '姻亲'] as const;
export const VEHICLE_TYPES = ['小型汽车', '中型汽车', '大型汽车', '低速货车', '三轮汽车', '摩托车', '残疾人专用车'] as const;
export const BUSINESS_ROLES = ['法定代表人', '股东'] as const;
export const BENEFIT_PROGRAMS = ['低保', '特困供养', '临时救助', '残疾人两项补贴', '高龄津贴', '其他'] as const;
export const PAYMENT_PROGRAMS = ['低保金', '特困供养金', '临时救助金', '残疾人补贴', '高龄津贴', '耕地地力保护补贴', '其他'] as const;
/** Cadre positions named by the spec; others are accepted as written. */
export const CADRE_POSITIONS = ['党组织书记', '村委会主任', '村委会委员', '报账员', '会计', '出纳', '村务监督委员会主任', '村务监督委员会委员', '村纪检委员', '乡镇干部'] as const;
