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
