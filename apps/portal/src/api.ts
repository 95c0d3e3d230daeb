/** A small fetch wrapper for the public (no login) API; failures become `ApiError` from problem+json. */
import type { Problem } from '@mpw/contracts';

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

export async function getJson<T>(path: string, query?: Record<string, string | undefined>, signal?: AbortSignal): Promise<T> {
  let url = '/api/v1' + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    const qs = params.toString();
    if (qs) url += '?' + qs;
  }
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', signal });
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_ERROR', FALLBACK[0]!);
  }
  if (!res.ok) {
    let problem: Partial<Problem> = {};
    try {
      if ((res.headers.get('content-type') ?? '').includes('json')) problem = (await res.json()) as Partial<Problem>;
    } catch {
      // not JSON: keep the fallback
    }
    const message = problem.message || FALLBACK[res.status] || (res.status >= 500 ? FALLBACK[500]! : `请求失败（${res.status}）`);
    throw new ApiError(res.status, problem.code ?? String(res.status), message);
  }
  return (await res.json()) as T;
}

export function isAbort(e: unknown): boolean {
  return (e as { name?: string })?.name === 'AbortError';
}
