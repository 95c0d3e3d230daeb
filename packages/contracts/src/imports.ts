import { z } from 'zod';
import { ZPageQuery } from './common.js';
import { DATASETS, ZRejectedRow } from './datasets.js';
import { isCalendarDate } from './calendar.js';

/**
 * Import history (导入记录) and machine-account API tokens (接口令牌) of the datasets module:
 * the console's 数据导入 and 接口令牌 pages and department systems pushing data.
 */

export const IMPORT_VIAS = ['cli', 'upload', 'api'] as const;
export type TImportVia = (typeof IMPORT_VIAS)[number];
export const IMPORT_VIA_LABELS: Record<TImportVia, string> = { cli: '命令行', upload: '网页上传', api: '接口推送' };

export const IMPORT_STATUSES = ['running', 'committed', 'rejected', 'failed'] as const;
export type TImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_STATUS_LABELS: Record<TImportStatus, string> = { running: '导入中', committed: '已导入', rejected: '整体拒收', failed: '失败' };

/** File types an upload may be; the format is decided from the extension. */
export const IMPORT_FILE_EXTENSIONS = ['csv', 'xlsx', 'json'] as const;

const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为YYYY-MM-DD' }).refine(isCalendarDate, { message: '日期不存在' });

/** `strict` arrives as a form field or query string: only these words are accepted. */
export const ZBooleanText = z
  .enum(['true', 'false', '1', '0', 'on', 'off'], { message: '应为 true 或 false' })
  .transform((v) => v === 'true' || v === '1' || v === 'on');

export const ZImportListQuery = ZPageQuery.extend({
  dataset: z.enum(DATASETS, { message: '未知的数据集' }).optional(),
  status: z.enum(IMPORT_STATUSES, { message: '未知的导入状态' }).optional(),
  via: z.enum(IMPORT_VIAS, { message: '未知的导入方式' }).optional(),
  /** Started on or after this China date. */
  from: ZIsoDate.optional(),
  /** Started on or before this China date. */
  to: ZIsoDate.optional(),
});
export type TImportListQuery = z.infer<typeof ZImportListQuery>;

/** The form fields of an upload (multipart/form-data), before the `file` part. */
export const ZImportUploadFields = z.object({
  /** Defaults to the dataset named by the file name (`residents.csv`). */
  dataset: z.enum(DATASETS, { message: '未知的数据集' }).optional(),
  strict: ZBooleanText.optional(),
});
export type TImportUploadFields = z.infer<typeof ZImportUploadFields>;

export const ZPushQuery = z.object({
  strict: ZBooleanText.optional(),
  /** The name the data is kept under in the history (default `<dataset>.csv` / `.json`). */
  fileName: z.string().trim().min(1).max(200, { message: '文件名不能超过200个字符' }).optional(),
});

export const ZDataImport = z.object({
  id: z.string(),
  dataset: z.enum(DATASETS),
  fileName: z.string(),
  format: z.enum(IMPORT_FILE_EXTENSIONS),
  encoding: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  via: z.enum(IMPORT_VIAS),
  tokenId: z.string().nullable(),
  tokenName: z.string().nullable(),
  strict: z.boolean(),
  status: z.enum(IMPORT_STATUSES),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsUpdated: z.number().int(),
  rowsUnchanged: z.number().int(),
  rowsRejected: z.number().int(),
  rowsFlagged: z.number().int(),
  message: z.string().nullable(),
  hasErrorReport: z.boolean(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TDataImport = z.infer<typeof ZDataImport>;

/** One import with its first rejected rows (the error report CSV holds all of them). */
export const ZDataImportDetail = ZDataImport.extend({ rejectedRows: z.array(ZRejectedRow) });
export type TDataImportDetail = z.infer<typeof ZDataImportDetail>;

export const API_TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;
export type TApiTokenStatus = (typeof API_TOKEN_STATUSES)[number];
export const API_TOKEN_STATUS_LABELS: Record<TApiTokenStatus, string> = { active: '有效', expired: '已过期', revoked: '已吊销' };

/** The shape of a token: `mpw_` and 43 base64url characters (256 random bits). */
export const API_TOKEN_PATTERN = /^mpw_[A-Za-z0-9_-]{43}$/;

export const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the token, to recognise it (the rest is never shown again). */
  prefix: z.string(),
  datasets: z.array(z.enum(DATASETS)),
  status: z.enum(API_TOKEN_STATUSES),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** The machine account the token acts as. */
  userId: z.string(),
  username: z.string().nullable(),
  regionCode: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type TApiToken = z.infer<typeof ZApiToken>;

/** Shown once, at creation: the token itself. */
export const ZCreatedApiToken = ZApiToken.extend({ token: z.string() });
export type TCreatedApiToken = z.infer<typeof ZCreatedApiToken>;

export const ZCreateApiTokenRequest = z.object({
  /** The department system's name (e.g. 民政局低保系统): its machine account is created or reused by this name. */
  name: z.string().trim().min(1, { message: '请填写令牌名称（对接系统名称）' }).max(50, { message: '名称不能超过50个字' }),
  datasets: z.array(z.enum(DATASETS, { message: '未知的数据集' })).min(1, { message: '请至少选择一个数据集' }).max(DATASETS.length),
  /** An instant (ISO 8601) or a China date (the end of that day); empty = no expiry. */
  expiresAt: z
    .union([z.iso.datetime({ offset: true, message: '过期时间格式不正确' }), ZIsoDate])
    .nullable()
    .optional(),
});
export type TCreateApiTokenRequest = z.infer<typeof ZCreateApiTokenRequest>;

export const ZApiTokenListQuery = ZPageQuery.extend({
  status: z.enum(API_TOKEN_STATUSES, { message: '未知的令牌状态' }).optional(),
});
export type TApiTokenListQuery = z.infer<typeof ZApiTokenListQuery>;
