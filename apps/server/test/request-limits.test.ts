/**
 * Request limits (apps/server/src/plugins/request-limits.ts): JSON depth and array length, NUL,
 * URL length, query-string parameters, path parameters and body size — each answered 4xx
 * problem+json naming the limit, before any schema runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, type TestContext } from './helpers.js';
import { REQUEST_LIMITS, jsonBreach } from '../src/plugins/request-limits.js';

const LOGIN = '/api/v1/auth/login';

describe('jsonBreach', () => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const array = (n: number) => `[${Array.from({ length: n }, () => '0').join(',')}]`;

  it('allows the limits and refuses one more', () => {
    expect(jsonBreach(nest(REQUEST_LIMITS.jsonDepth))).toBeNull();
    expect(jsonBreach(nest(REQUEST_LIMITS.jsonDepth + 1))).toBe('depth');
    expect(jsonBreach(`{"a":${'{"b":'.repeat(REQUEST_LIMITS.jsonDepth)}1${'}'.repeat(REQUEST_LIMITS.jsonDepth)}}`)).toBe('depth');
    expect(jsonBreach(array(REQUEST_LIMITS.arrayLength))).toBeNull();
    expect(jsonBreach(array(REQUEST_LIMITS.arrayLength + 1))).toBe('array');
  });

  it('counts each array on its own and ignores brackets and commas inside strings', () => {
    const half = Array.from({ length: 6000 }, () => '1').join(',');
    expect(jsonBreach(`{"a":[${half}],"b":[${half}],"c":"${','.repeat(20000)}"}`)).toBeNull();
    expect(jsonBreach(`[[${half}],[${half}]]`)).toBeNull();
    expect(jsonBreach(`{"s":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`)).toBeNull();
    // Commas of an object never count as array elements.
    expect(jsonBreach(`{${Array.from({ length: 12000 }, (_, i) => `"k${i}":1`).join(',')}}`)).toBeNull();
  });

  it('finds NUL escaped in a string, not an escaped backslash before "u0000"', () => {
    expect(jsonBreach('{"a":"x\\u0000y"}')).toBe('nul');
    expect(jsonBreach('{"a":"x\\\\u0000y"}')).toBeNull();
  });
});

describe('request limits on the app', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  const postJson = (payload: string, url = LOGIN) => ctx.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
  const expectProblem = (res: LightMyRequestResponse, status: number, mentions: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json() as { code: string; message: string };
    expect(body.message).toContain(mentions);
    return body;
  };

  it('refuses JSON nested deeper than 32 levels with 400', async () => {
    const res = await postJson(`{"username":${'['.repeat(5000)}${']'.repeat(5000)},"password":"x"}`);
    expect(expectProblem(res, 400, String(REQUEST_LIMITS.jsonDepth)).code).toBe('VALIDATION_FAILED');
  });

  it('refuses an array of more than 10000 elements with 413', async () => {
    const res = await postJson(`{"username":[${'1,'.repeat(REQUEST_LIMITS.arrayLength)}1],"password":"x"}`);
    expect(expectProblem(res, 413, String(REQUEST_LIMITS.arrayLength)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses NUL in a JSON string and in the URL', async () => {
    expectProblem(await postJson('{"username":"a\\u0000","password":"b"}'), 400, '空字符');
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/public/villages?q=a%00b' }), 400, '空字符');
  });

  it('still parses ordinary JSON and still refuses prototype poisoning', async () => {
    const ok = await postJson(JSON.stringify({ username: 'nobody-here', password: 'Wrong-pass-2026' }));
    expect(ok.statusCode, ok.body).toBe(401);
    const poisoned = await postJson('{"username":"a","password":"b","__proto__":{"x":1}}');
    expect(poisoned.statusCode).toBe(400);
    expect(poisoned.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses a body over 1 MiB with 413 naming the limit', async () => {
    const res = await postJson(JSON.stringify({ username: 'x'.repeat(1024 * 1024 + 10), password: 'y' }));
    expect(expectProblem(res, 413, '1 MiB').code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a URL over 8192 characters and more than 100 query parameters', async () => {
    expectProblem(await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages?q=${'a'.repeat(REQUEST_LIMITS.urlLength)}` }), 400, String(REQUEST_LIMITS.urlLength));
    const many = Array.from({ length: REQUEST_LIMITS.queryParams + 1 }, (_, i) => `q=${i}`).join('&');
    expectProblem(await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages?${many}` }), 400, String(REQUEST_LIMITS.queryParams));
    const fine = Array.from({ length: 3 }, () => 'current=1').join('&');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages?${fine}` })).statusCode).toBeLessThan(500);
  });

  it('answers a path parameter over 100 characters with problem+json', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages/${'1'.repeat(101)}` });
    expect(expectProblem(res, 400, '100').code).toBe('VALIDATION_FAILED');
  });
});
