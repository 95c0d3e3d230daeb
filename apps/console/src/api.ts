/**
 * The one request wrapper of the console. Every call to the server goes through `request`.
 *
 * - same-origin credentials (the session lives in an HttpOnly cookie);
 * - JSON in and out (or a raw body such as text/csv);
 * - `x-csrf-token` on every state-changing method, taken from the session info held in memory;
 * - failing responses are parsed as RFC 9457 problem+json and thrown as `ApiError`;
 * - 401 UNAUTHENTICATED sends the user to /login (via a handler the app installs).
 */
import { ERROR_MESSAGES, type Problem, type TErrorCode } from '@mpw/contracts';
import { getLang, translate } from './i18n';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: TErrorCode | 'NETWORK_ERROR' | 'UNKNOWN';
  readonly details: Problem['details'] | undefined;
  readonly requestId: string | undefined;

  constructor(status: number, code: ApiError['code'], message: string, details?: Problem['details'], requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }

  /** Field-level messages from a VALIDATION_FAILED problem, if any. */
  get fieldErrors(): { path: string; message: string }[] {
    return Array.isArray(this.details) ? this.details : [];
  }
}

let csrfToken: string | null = null;

/** Called whenever the session info changes (login, GET /auth/me, logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type SessionProblemHandler = (code: TErrorCode) => void;
let sessionProblemHandler: SessionProblemHandler = (code) => {
  if (code === 'UNAUTHENTICATED' && window.location.pathname !== '/login') window.location.assign('/login');
};

/** The app installs a handler that clears the session and routes to /login without a full reload. */
export function setSessionProblemHandler(handler: SessionProblemHandler): void {
  sessionProblemHandler = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** JSON body. */
  body?: unknown;
  /** A non-JSON body (e.g. CSV text); sent with `contentType`. A FormData body gets the browser's multipart type. */
  rawBody?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
  /** Do not redirect to /login on 401 (used by the start-up GET /auth/me). */
  skipAuthRedirect?: boolean;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const STAGE_CODES = new Set<TErrorCode>(['PASSWORD_CHANGE_REQUIRED', 'MFA_REQUIRED', 'MFA_ENROLMENT_REQUIRED']);

/** The URL of an endpoint; also for `<img src>`, `<a href>` and downloads of GET endpoints (same-origin cookie). */
export function buildUrl(path: string, query?: Query): string {
  const url = API_BASE + path;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

function isErrorCode(code: unknown): code is TErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}

function fallbackCodeForStatus(status: number): TErrorCode | 'UNKNOWN' {
  switch (status) {
    case 400: return 'VALIDATION_FAILED';
    case 401: return 'UNAUTHENTICATED';
    case 403: return 'FORBIDDEN';
    case 404: return 'NOT_FOUND';
    case 409: return 'CONFLICT';
    case 413: return 'PAYLOAD_TOO_LARGE';
    case 415: return 'UNSUPPORTED_MEDIA_TYPE';
    case 429: return 'RATE_LIMITED';
    case 502:
    case 503:
    case 504: return 'SERVICE_UNAVAILABLE';
    default: return status >= 500 ? 'INTERNAL' : 'UNKNOWN';
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  let problem: Partial<Problem> = {};
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      problem = (await res.json()) as Partial<Problem>;
    } catch {
      problem = {};
    }
  }
  const code = isErrorCode(problem.code) ? problem.code : fallbackCodeForStatus(res.status);
  const lang = getLang();
  // The server's message (Chinese) wins; the contract's table is the fallback.
  const message =
    (typeof problem.message === 'string' && problem.message.trim()) ||
    (code !== 'UNKNOWN' ? ERROR_MESSAGES[code][lang] : '') ||
    (typeof problem.title === 'string' && problem.title) ||
    translate(lang, 'error.httpStatus', { status: res.status });
  return new ApiError(res.status, code, message, problem.details, problem.requestId);
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  headers['accept-language'] = getLang() === 'en' ? 'en' : 'zh-CN';
  let body: BodyInit | undefined;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    // multipart/form-data: the browser writes the content type with its boundary.
    if (!(typeof FormData !== 'undefined' && body instanceof FormData)) headers['content-type'] = opts.contentType ?? 'text/plain; charset=utf-8';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const upper = method.toUpperCase();
  if (UNSAFE_METHODS.has(upper) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method: upper, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_ERROR', translate(getLang(), 'error.network'));
  }

  if (!res.ok) {
    const err = await toApiError(res);
    if (!opts.skipAuthRedirect && err.code !== 'UNKNOWN' && err.code !== 'NETWORK_ERROR') {
      if (err.code === 'UNAUTHENTICATED' || (STAGE_CODES.has(err.code) && !path.startsWith('/auth/'))) {
        sessionProblemHandler(err.code);
      }
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) return (await res.json()) as T;
  return (await res.text()) as unknown as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: RequestOptions) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
  /** multipart/form-data POST (file uploads); CSRF and errors as for every other call. */
  upload: <T>(path: string, form: FormData, opts?: RequestOptions) => request<T>('POST', path, { ...opts, rawBody: form }),
};


/** Human-readable text for anything caught from `request`. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    // VALIDATION_FAILED carries per-field messages (Chinese, from the contracts' zod schemas): show them too.
    // A service message may start with the field's path (`amountFen: 奖励金额…`): the Chinese part is what a user reads.
    const message = e.message.replace(/^[A-Za-z][\w.[\]]*: /, '');
    const fields = e.fieldErrors.map((f) => f.message).filter((m) => m && m !== e.message && m !== message);
    return fields.length ? `${message}：${[...new Set(fields)].join('；')}` : message;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

export interface Page<T> {
  data: T[];
  total: number;
}
