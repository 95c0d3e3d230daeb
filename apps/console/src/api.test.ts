import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_MESSAGES } from '@mpw/contracts';
import { ApiError, api, buildUrl, errorText, setCsrfToken, setSessionProblemHandler } from './api';

function jsonResponse(status: number, body: unknown, type = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

describe('request wrapper', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-1');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('builds query strings without empty values', () => {
    expect(buildUrl('/users', { current: 1, pageSize: 20, q: '', role: undefined, regionCode: '330102000000' })).toBe(
      '/api/v1/users?current=1&pageSize=20&regionCode=330102000000',
    );
  });

  it('sends the CSRF token on unsafe methods only, with same-origin credentials', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, { ok: true }));
    await api.get('/users');
    await api.post('/users', { a: 1 });
    const [, getInit] = fetchMock.mock.calls[0]!;
    const [, postInit] = fetchMock.mock.calls[1]!;
    expect(getInit.credentials).toBe('same-origin');
    expect(getInit.headers['x-csrf-token']).toBeUndefined();
    expect(postInit.headers['x-csrf-token']).toBe('tok-1');
    expect(postInit.headers['content-type']).toBe('application/json');
    expect(postInit.body).toBe('{"a":1}');
  });

  it('sends raw bodies (CSV) with their content type', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { created: 1, updated: 0, rejected: [] }));
    await api.post('/regions/import', undefined, { rawBody: 'code,name', contentType: 'text/csv' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/regions/import');
    expect(init.headers['content-type']).toBe('text/csv');
    expect(init.body).toBe('code,name');
  });

  it('throws ApiError with the server message from problem+json', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(409, { type: 'about:blank', title: 'Conflict', status: 409, code: 'CONFLICT', message: '区划代码已存在' }, 'application/problem+json'),
    );
    const err = await api.post('/regions', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(409);
    expect((err as ApiError).code).toBe('CONFLICT');
    expect((err as ApiError).message).toBe('区划代码已存在');
  });

  it('falls back to ERROR_MESSAGES when the server gives no message', async () => {
    fetchMock.mockResolvedValue(jsonResponse(423, { code: 'ACCOUNT_LOCKED' }, 'application/problem+json'));
    const err = (await api.post('/auth/login', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.message).toBe(ERROR_MESSAGES.ACCOUNT_LOCKED.zh);
  });

  it('appends field messages of a validation problem', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(400, { code: 'VALIDATION_FAILED', message: '输入有误', details: [{ path: 'code', message: '区划代码必须是12位数字' }] }, 'application/problem+json'),
    );
    const err = await api.post('/regions', {}).catch((e: unknown) => e);
    expect(errorText(err)).toBe('输入有误：区划代码必须是12位数字');
  });

  it('drops the field path a service puts before its message, and does not repeat the same field message', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(400, { code: 'VALIDATION_FAILED', message: 'amountFen: 奖励金额应在500元至2000元之间', details: [{ path: 'amountFen', message: '奖励金额应在500元至2000元之间' }] }, 'application/problem+json'),
    );
    const err = await api.post('/reports/x/rewards', {}).catch((e: unknown) => e);
    expect(errorText(err)).toBe('奖励金额应在500元至2000元之间');
  });

  it('calls the session handler on 401 UNAUTHENTICATED, not on wrong credentials or when told not to', async () => {
    const handler = vi.fn();
    setSessionProblemHandler(handler);
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { code: 'UNAUTHENTICATED', message: '请先登录' }, 'application/problem+json'));
    await api.get('/users').catch(() => undefined);
    expect(handler).toHaveBeenCalledWith('UNAUTHENTICATED');
    handler.mockClear();
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' }, 'application/problem+json'));
    await api.post('/auth/login', {}).catch(() => undefined);
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { code: 'UNAUTHENTICATED', message: '请先登录' }, 'application/problem+json'));
    await api.get('/auth/me', undefined, { skipAuthRedirect: true }).catch(() => undefined);
    expect(handler).not.toHaveBeenCalled();
  });

  it('turns network failures into a NETWORK_ERROR ApiError', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const err = (await api.get('/users').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.status).toBe(0);
  });
});
