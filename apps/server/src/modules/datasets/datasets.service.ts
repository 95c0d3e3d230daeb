import { randomBytes, randomUUID } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';
import type { Db } from '@mpw/db';
import {
  DATASET_LABELS,
  type TApiToken,
  type TApiTokenListQuery,
  type TCreateApiTokenRequest,
  type TCreatedApiToken,
  type TDataImport,
  type TDataImportDetail,
  type TDataset,
  type TDatasetImportReport,
  type TImportListQuery,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import type { AppDeps } from '../../types.js';
import { AppError, ErrorCode, notFound, validationError } from '../../lib/errors.js';
import { blobStoreFor, BlobTooLargeError, byteLimit } from '../../lib/blob-store.js';
import { hashPassword } from '../../lib/passwords.js';
import { audited } from '../audit/audit.log.js';
import { defineSetting, zInt } from '../settings/settings.registry.js';
import { getSetting } from '../settings/settings.service.js';
import * as users from '../users/users.repository.js';
import { auditableUser } from '../users/users.presenter.js';
import { contentGuard, UnsafeContentError } from './datasets.content-guard.js';
import { datasetFromFileName, importDataset } from './datasets.import.js';
import * as history from './datasets.history.repository.js';
import * as tokens from './datasets.tokens.js';
import { auditableToken, errorReportFromRows, presentImport, presentImportDetail, presentToken, storedRejectedRows } from './datasets.presenter.js';

/** Largest file a department may upload or push in one go (a district's household registry runs to tens of MB). */
export const MAX_IMPORT_BYTES = defineSetting({
  key: 'datasets.maxImportBytes',
  module: 'datasets',
  kind: 'integer',
  label: { zh: '部门数据文件大小上限（字节）', en: 'Largest department data file (bytes)' },
  description: {
    zh: '网页上传或接口推送的单个部门数据文件不能超过该大小，默认 200 MB（209715200 字节）。命令行导入不受此限。',
    en: 'A department data file uploaded in the console or pushed through the API may not be larger than this; default 200 MB. The command line is not limited.',
  },
  schema: zInt(1024, 2 * 1024 * 1024 * 1024 - 1),
  defaultValue: 200 * 1024 * 1024,
});

export async function maxImportBytes(db: Db, actor: Actor): Promise<number> {
  return getSetting(db, MAX_IMPORT_BYTES, actor.regionCode!);
}

export type ImportFormat = 'csv' | 'xlsx' | 'json';

/** The format named by a file's extension; null for anything else (refused). */
export function formatOfFileName(fileName: string): ImportFormat | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  return ext === 'csv' || ext === 'xlsx' || ext === 'json' ? ext : null;
}

// Control characters and the bidirectional overrides that make "txt.exe" read as "exe.txt".
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The file name as kept in the history (display text only, never a path): no folders, no control or direction characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  return Array.from((name.split(/[/\\]/).pop() ?? '').normalize('NFC').replace(UNSAFE_NAME_CHARS, '').trim()).slice(0, 200).join('');
}

/** 413 naming the district's limit. */
export function importTooLarge(maxBytes: number): AppError {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, { message: `文件超过本区上限（${mb} MB），请拆分后分批导入`, details: [{ path: 'file', message: `不能超过 ${maxBytes} 字节` }] });
}

/** A file refused by the content guard, as the uploader is told. */
function refusedContent(err: UnsafeContentError): AppError {
  if (err.kind === 'type') return new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: err.message, details: [{ path: 'file', message: err.message }] });
  return validationError('file', err.message);
}

/**
 * Receives the whole body into the blob store first (refusing it past the limit, leaving
 * nothing behind), then imports from there: the importer never sees a body cut off by the
 * limit or by the client going away, so it cannot half-read one. On the way in the content
 * guard refuses an empty file, content that is not of the format (a workbook named .csv), and
 * a hostile workbook (zip bomb, path-traversal entry names, nested archives): such a file
 * leaves neither blob nor import record.
 */
async function receivedImport(deps: AppDeps, actor: Actor, dataset: TDataset, input: Readable, maxBytes: number, opts: Parameters<typeof importDataset>[4] & { format: ImportFormat }): Promise<TDatasetImportReport> {
  const store = blobStoreFor(deps.config.dataDir);
  let received: { sha256: string; size: number };
  try {
    received = await store.put(pipeline(input, byteLimit(maxBytes), contentGuard(opts.format), () => {}), { maxBytes });
  } catch (err) {
    if (err instanceof BlobTooLargeError) throw importTooLarge(maxBytes);
    if (err instanceof UnsafeContentError) throw refusedContent(err);
    throw err;
  }
  return importDataset(deps, actor, dataset, store.get(received.sha256), { ...opts, totalBytes: received.size });
}

export interface UploadInput {
  fileName: string;
  data: Readable;
  dataset?: TDataset;
  strict?: boolean;
  maxBytes: number;
}

/** 数据导入 in the console: one file, its dataset given or read from its name; the importer's region is the actor's. */
export async function uploadImport(deps: AppDeps, actor: Actor, input: UploadInput): Promise<TDatasetImportReport> {
  const fileName = cleanFileName(input.fileName);
  const format = formatOfFileName(fileName);
  if (!format) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: `不支持的文件类型：${fileName || '（无文件名）'}，请上传 .csv、.xlsx 或 .json 文件`, details: [{ path: 'file', message: '只接受 .csv、.xlsx、.json' }] });
  const dataset = input.dataset ?? datasetFromFileName(fileName);
  if (!dataset) throw validationError('dataset', `无法从文件名“${fileName}”判断数据集，请选择数据集（或把文件命名为 residents.csv 等）`);
  return receivedImport(deps, actor, dataset, input.data, input.maxBytes, { fileName, via: 'upload', strict: input.strict ?? false, format });
}

export interface PushInput {
  dataset: TDataset;
  data: Readable;
  format: ImportFormat;
  strict?: boolean;
  fileName?: string;
  tokenId: string | null;
  maxBytes: number;
}

/** A department system posting a dataset: same checks and report as an upload, recorded as via 'api' with its token. */
export async function pushImport(deps: AppDeps, actor: Actor, input: PushInput): Promise<TDatasetImportReport> {
  const fileName = input.fileName ? cleanFileName(input.fileName) : `${input.dataset}.${input.format}`;
  return receivedImport(deps, actor, input.dataset, input.data, input.maxBytes, { fileName, via: 'api', strict: input.strict ?? false, format: input.format, tokenId: input.tokenId });
}

/** A token may push only the datasets it was issued for. */
export function checkTokenDataset(token: Pick<tokens.TokenContext, 'datasets'> | null, dataset: TDataset): void {
  if (token && !token.datasets.includes(dataset)) {
    throw new AppError(ErrorCode.FORBIDDEN, { message: `该接口令牌无权推送“${DATASET_LABELS[dataset]}”（${dataset}），可推送：${token.datasets.join('、') || '无'}` });
  }
}

// ---------------------------------------------------------------- import history

export async function findImports(db: Db, actor: Actor, q: TImportListQuery): Promise<{ data: TDataImport[]; total: number }> {
  const { current, pageSize, ...filter } = q;
  const { rows, total } = await history.findImports(db, actor.regionCode, filter, { offset: (current - 1) * pageSize, limit: pageSize });
  return { data: rows.map(presentImport), total };
}

async function getInScope(db: Db, actor: Actor, id: string) {
  const row = await history.getImportInScope(db, id, actor.regionCode);
  if (!row) throw notFound('导入记录');
  return row;
}

export async function getImportById(db: Db, actor: Actor, id: string): Promise<TDataImportDetail> {
  return presentImportDetail(await getInScope(db, actor, id));
}

/** Prepends the UTF-8 BOM (Excel reads the report as UTF-8 only with it) unless the stored file starts with one. */
function withBom(): Transform {
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (first) {
        first = false;
        const hasBom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
        return done(null, hasBom ? chunk : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), chunk]));
      }
      done(null, chunk);
    },
    flush(done) {
      if (first) this.push(Buffer.from([0xef, 0xbb, 0xbf]));
      done();
    },
  });
}

/** The full error report of an import (every rejected row with its line and reason), as a CSV download. */
export async function getErrorReport(deps: AppDeps, actor: Actor, id: string): Promise<{ fileName: string; body: Readable | Buffer }> {
  const row = await getInScope(deps.db, actor, id);
  const stem = row.fileName.replace(/\.[A-Za-z0-9]+$/, '') || row.dataset;
  const fileName = `${stem}-错误报告.csv`;
  const store = blobStoreFor(deps.config.dataDir);
  if (row.errorReportSha256 && (await store.has(row.errorReportSha256))) return { fileName, body: store.get(row.errorReportSha256).pipe(withBom()) };
  return { fileName, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(errorReportFromRows(storedRejectedRows(row.rejected)), 'utf8')]) };
}

// ---------------------------------------------------------------- tokens

export async function findTokens(db: Db, actor: Actor, q: TApiTokenListQuery): Promise<{ data: TApiToken[]; total: number }> {
  const { rows, total } = await tokens.findTokens(db, { scopeCode: actor.regionCode, status: q.status }, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  const now = new Date();
  return { data: rows.map((r) => presentToken(r, now)), total };
}

/** `YYYY-MM-DD` means the end of that day in China time. */
function expiryOf(value: string | null | undefined): Date | null {
  if (!value) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59.999+08:00`) : new Date(value);
}

/**
 * Issues a token to a department system. Its machine account (users.is_machine, role
 * department_officer, in the creator's region) is created on first use of the name and reused
 * after. The token is returned once; only its hash and first characters are kept.
 */
export async function createToken(db: Db, actor: Actor, input: TCreateApiTokenRequest): Promise<TCreatedApiToken> {
  const regionCode = actor.regionCode;
  if (!regionCode) throw validationError('name', '接口令牌须由区级账号签发');
  const expiresAt = expiryOf(input.expiresAt);
  if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) throw validationError('expiresAt', '过期时间须晚于现在');
  const token = tokens.generateToken();
  const id = randomUUID();
  await audited(db, actor, async (w) => {
    let account = await tokens.findMachineAccount(w.tx, regionCode, input.name);
    if (account && account.status !== 'active') {
      throw new AppError(ErrorCode.CONFLICT, { message: `对接系统“${input.name}”的机器账号已停用，不能再签发令牌`, details: [{ path: 'name', message: '机器账号已停用' }] });
    }
    if (!account) {
      const userId = randomUUID();
      const user = {
        id: userId,
        username: `machine.${randomBytes(6).toString('hex')}`,
        displayName: input.name,
        roles: ['department_officer'],
        // Machine accounts never sign in with a password (login refuses them); this one is random and discarded.
        passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
        mustChangePassword: false,
        isMachine: true,
        regionCode,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      };
      await users.insertUser(w.tx, user);
      await w.record({ action: 'user.account.create', entityType: 'user', entityId: userId, regionCode, after: { ...auditableUser({ ...user, status: 'active' }), isMachine: true } });
      account = { id: userId, username: user.username, status: 'active' };
    }
    const row = {
      id,
      userId: account.id,
      name: input.name,
      prefix: tokens.tokenPrefix(token),
      tokenHash: tokens.hashToken(token),
      datasets: [...new Set(input.datasets)],
      expiresAt,
      regionCode,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    };
    await tokens.insertToken(w.tx, row);
    await w.record({ action: 'dataset.token.create', entityType: 'api_token', entityId: id, regionCode, after: auditableToken({ ...row, revokedAt: null }) });
  });
  const created = await tokens.getTokenInScope(db, id, actor.regionCode);
  return { ...presentToken(created!), token };
}

export async function revokeToken(db: Db, actor: Actor, id: string): Promise<TApiToken> {
  await audited(db, actor, async (w) => {
    const row = await tokens.lockTokenInScope(w.tx, id, actor.regionCode);
    if (!row) throw notFound('接口令牌');
    if (row.revokedAt) return;
    const now = new Date();
    await tokens.updateToken(w.tx, id, { revokedAt: now, revokedBy: actor.userId, updatedAt: now, updatedBy: actor.userId });
    await w.record({ action: 'dataset.token.revoke', entityType: 'api_token', entityId: id, regionCode: row.regionCode, before: auditableToken(row), after: auditableToken({ ...row, revokedAt: now }) });
  });
  return presentToken((await tokens.getTokenInScope(db, id, actor.regionCode))!);
}

/**
 * A request signed with a token: its machine account, or null (401). The use is an audit
 * event (like a login), and the token's last use is kept for the 接口令牌 list.
 */
export async function authenticateToken(db: Db, token: string, requestId: string): Promise<tokens.TokenContext | null> {
  const ctx = await tokens.resolveToken(db, token, requestId);
  if (!ctx) return null;
  await audited(db, ctx.actor, async (w) => {
    await tokens.touchToken(w.tx, ctx.tokenId, new Date());
    await w.record({ action: 'dataset.token.use', entityType: 'api_token', entityId: ctx.tokenId });
  });
  return ctx;
}
