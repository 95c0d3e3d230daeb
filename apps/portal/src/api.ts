/** A small fetch wrapper for the public (no login) API; failures become `ApiError` from problem+json. */
import type { Problem } from '@mpw/contracts';
import { clearVillager, loadVillager } from './villager';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Fallback texts when the server gives no message (kept tiny; the server's Chinese message wins). */
const FALLBACK: Record<number, string> = {
  0: '网络不太好，请稍后再试',
  404: '没有找到',
  429: '访问太频繁，请稍后再试',
  500: '服务器出错了，请稍后再试',
  503: '服务暂时不可用，请稍后再试',
};

/** The URL of a public endpoint (also for `<img src>` and links), relative to /api/v1. */
export function apiUrl(path: string, query?: Record<string, string | undefined>): string {
  let url = '/api/v1' + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    const qs = params.toString();
    if (qs) url += '?' + qs;
  }
  return url;
}

export async function getJson<T>(path: string, query?: Record<string, string | undefined>, signal?: AbortSignal): Promise<T> {
  return send<T>(apiUrl(path, query), { headers: withVillager({ accept: 'application/json' }), credentials: 'same-origin', signal });
}

/** POST a JSON body to a public endpoint (no session, so no CSRF token), e.g. a villager's objection. */
export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return send<T>(apiUrl(path), {
    method: 'POST',
    headers: withVillager({ accept: 'application/json', 'content-type': 'application/json' }),
    body: JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
}

/** Adds the verified villager's token (villager.ts) while there is one; the header is VILLAGER_TOKEN_HEADER of the contracts (a literal here: the portal imports no runtime code from them). */
function withVillager(headers: Record<string, string>): Record<string, string> {
  const v = loadVillager();
  return v ? { ...headers, 'x-villager-token': v.token } : headers;
}

async function send<T>(url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_ERROR', FALLBACK[0]!);
  }
  if (!res.ok) {
    // The villager session ended (expired, or the household's code was re-issued): forget it.
    if (res.status === 401 && loadVillager()) clearVillager();
    let problem: Partial<Problem> = {};
    try {
      if ((res.headers.get('content-type') ?? '').includes('json')) problem = (await res.json()) as Partial<Problem>;
    } catch {
      // not JSON: keep the fallback
    }
    // A validation problem names the field: its own message is the plain one (“请写明异议内容…”).
    const fieldMessage = Array.isArray(problem.details) ? problem.details[0]?.message : undefined;
    const message = fieldMessage || problem.message || FALLBACK[res.status] || (res.status >= 500 ? FALLBACK[500]! : `请求失败（${res.status}）`);
    throw new ApiError(res.status, problem.code ?? String(res.status), message);
  }
  return (await res.json()) as T;
}

export function isAbort(e: unknown): boolean {
  return (e as { name?: string })?.name === 'AbortError';
}
