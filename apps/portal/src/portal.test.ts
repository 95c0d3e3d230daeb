import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson } from './api';
import { groupByTownship } from './villages';

describe('groupByTownship', () => {
  it('groups villages by district and township, keeping order', () => {
    const v = (code: string, name: string, townshipName: string) => ({ code, name, townshipName, districtName: '上城区', isDemo: false });
    const groups = groupByTownship([v('1', '东风村', '东风镇'), v('2', '红旗村', '红旗乡'), v('3', '向阳村', '东风镇')]);
    expect(groups.map((g) => g.title)).toEqual(['上城区 · 东风镇', '上城区 · 红旗乡']);
    expect(groups[0]!.villages.map((x) => x.name)).toEqual(['东风村', '向阳村']);
  });
});

describe('getJson', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('passes the query and returns JSON', async () => {
    const fetchMock = vi.fn().mockResolvedValue(new Response('{"data":[],"total":0}', { status: 200, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(getJson('/public/villages', { q: '东风', x: undefined })).resolves.toEqual({ data: [], total: 0 });
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/public/villages?q=%E4%B8%9C%E9%A3%8E');
  });

  it('throws ApiError with the problem message and status', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        new Response('{"code":"NOT_FOUND","message":"村不存在","status":404}', { status: 404, headers: { 'content-type': 'application/problem+json' } }),
      ),
    );
    const err = (await getJson('/public/villages/1').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(404);
    expect(err.message).toBe('村不存在');
  });

  it('has a friendly message for network failures', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const err = (await getJson('/public/villages').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.message).toContain('网络');
  });
});
