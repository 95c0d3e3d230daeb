/**
 * Requests of the reporting pages (/api/v1/public/reports…). Unlike `api.ts` these keep every
 * field a validation problem names, so that the server's Chinese message shows next to that field.
 * Nothing is cached (the server answers `no-store`) and nothing is kept on the phone.
 */
import type { TReportAccessRequest, TReportChallenge, TReportReceipt, TReporterView, TSubmitReportRequest } from '@mpw/contracts';
import { apiUrl } from '../../api';

export class ReportApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Field path ("subjectName", "reporter.phone") → message. */
  readonly fields: Record<string, string>;
  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'ReportApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

const FALLBACK: Record<number, string> = {
  0: '网络不太好，请稍后再试',
  401: '受理码或查询密码不正确',
  404: '没有找到',
  413: '文件太大了',
  415: '这种文件不能上传，请传照片、PDF或录音',
  429: '操作太频繁，请过几分钟再试',
  503: '服务暂时不可用，请稍后再试',
};

/** Turns a problem+json body into an error with its field messages. */
export function problemError(status: number, problem: { code?: unknown; message?: unknown; details?: unknown }): ReportApiError {
  const fields: Record<string, string> = {};
  if (Array.isArray(problem.details)) {
    for (const d of problem.details as { path?: unknown; message?: unknown }[]) {
      const path = Array.isArray(d?.path) ? d.path.join('.') : typeof d?.path === 'string' ? d.path : '';
      if (typeof d?.message === 'string' && !(path in fields)) fields[path] = d.message;
    }
  }
  const first = Object.values(fields)[0];
  // A validation problem's own field message is the plain one; otherwise the server's message.
  const message =
    first || (typeof problem.message === 'string' && problem.message) || FALLBACK[status] || (status >= 500 ? '服务器出错了，请稍后再试' : `请求失败（${status}）`);
  return new ReportApiError(status, typeof problem.code === 'string' ? problem.code : String(status), message, fields);
}

async function call<T>(method: 'GET' | 'POST', path: string, opts: { json?: unknown; form?: FormData; token?: string; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers['x-report-token'] = opts.token;
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method,
      headers,
      body: opts.form ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json)),
      credentials: 'omit',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new ReportApiError(0, 'NETWORK_ERROR', FALLBACK[0]!);
  }
  if (!res.ok) {
    let problem: Record<string, unknown> = {};
    try {
      if ((res.headers.get('content-type') ?? '').includes('json')) problem = (await res.json()) as Record<string, unknown>;
    } catch {
      // not JSON: the fallback text
    }
    throw problemError(res.status, problem);
  }
  return (await res.json()) as T;
}

export const reportApi = {
  /** The difficulty is the setting of the district the village belongs to. */
  challenge: (regionCode: string, signal?: AbortSignal) => call<TReportChallenge>('GET', `/public/reports/challenge?regionCode=${encodeURIComponent(regionCode)}`, { signal }),
  submit: (body: TSubmitReportRequest) => call<TReportReceipt>('POST', '/public/reports', { json: body }),
  access: (body: TReportAccessRequest) => call<{ token: string; expiresAt: string }>('POST', '/public/reports/access', { json: body }),
  mine: (token: string, signal?: AbortSignal) => call<TReporterView>('GET', '/public/reports/mine', { token, signal }),
  message: (token: string, body: string) => call<TReporterView>('POST', '/public/reports/mine/messages', { token, json: { body } }),
  retaliation: (token: string, description: string) => call<TReporterView>('POST', '/public/reports/mine/retaliation', { token, json: { description } }),
  upload: (token: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return call<TReporterView>('POST', '/public/reports/mine/attachments', { token, form });
  },
};

/** "k7qm3xhp…" as typed → "K7QM-3XHP-…": upper case, no spaces, a dash after every 4 characters. */
export function formatReceiptCode(input: string): string {
  const raw = input.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 16);
  return raw.replace(/(.{4})(?=.)/g, '$1-');
}

/** The receipt code pattern of the contracts (RECEIPT_CODE), copied to keep zod out; report.test.ts compares. */
export const RECEIPT_CODE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;
