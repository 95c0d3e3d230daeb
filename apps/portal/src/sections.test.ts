import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
// Values from the contracts are fine in tests (they run in node); the portal itself imports only types.
import { ASSET_KIND_LABELS, ASSET_STATUS_LABELS, CONTRACT_STATUS_LABELS, DECISION_STAGES, DECISION_STAGE_LABELS, DECISION_STATUS_LABELS, MATTER_ACTIONS, MATTER_STATUSES, POWER_CATEGORIES, ROLES, ROLE_DEFINITIONS, type TPowerItem } from '@mpw/contracts';
import { ApiError, apiUrl, postJson } from './api';
import { fmtDay } from './format';
import { CATEGORY_ORDER, groupItems } from './power';
import { S } from './strings';

describe('strings that mirror the contracts', () => {
  it('has the six 四议两公开 stages in their legal order with the same words', () => {
    expect(S.decisionStages.map(([k]) => k)).toEqual([...DECISION_STAGES]);
    for (const [k, label] of S.decisionStages) expect(label).toBe(DECISION_STAGE_LABELS[k]);
    expect(S.decisionStatus).toEqual(DECISION_STATUS_LABELS);
  });
  it('names every role, matter status and matter action', () => {
    for (const r of ROLES) expect(S.roles[r]).toBe(ROLE_DEFINITIONS[r].label.zh);
    for (const s of MATTER_STATUSES) expect(S.matterStatus[s]).toBeTruthy();
    for (const a of [...MATTER_ACTIONS, 'complete']) expect(S.matterActions[a]).toBeTruthy();
  });
  it('names asset kinds, asset statuses and contract statuses as the contracts do', () => {
    expect(S.assetKind).toEqual(ASSET_KIND_LABELS);
    expect(S.assetStatus).toEqual(ASSET_STATUS_LABELS);
    expect(S.contractStatus).toEqual(CONTRACT_STATUS_LABELS);
  });
  it('orders categories as the catalogue does', () => {
    expect([...CATEGORY_ORDER]).toEqual([...POWER_CATEGORIES]);
  });
});

describe('power list', () => {
  const item = (name: string, category: string, summary = ''): TPowerItem =>
    ({ id: name, content: { name, category, summary, timeLimitDays: 5, isService: false } }) as unknown as TPowerItem;
  const items = [item('临时救助申请', '民生保障'), item('村级财务报账', '财务管理'), item('最低生活保障（低保）申请', '民生保障', '低收入家庭可申请')];

  it('groups by category in the catalogue order', () => {
    expect(groupItems(items, '', '').map((g) => g.category)).toEqual(['财务管理', '民生保障']);
  });
  it('filters by a search text (name or summary) and by category', () => {
    expect(groupItems(items, '低保', '').flatMap((g) => g.items.map((i) => i.content.name))).toEqual(['最低生活保障（低保）申请']);
    expect(groupItems(items, '申请', '民生保障')[0]!.items).toHaveLength(2);
    expect(groupItems(items, '申请', '财务管理')).toEqual([]);
  });
});

describe('sections and routes', () => {
  it('opens the power list and village affairs, each with a lazy route', async () => {
    // sections.tsx holds JSX icons: read it as text rather than rendering it in node.
    const sections = readFileSync(new URL('./sections.tsx', import.meta.url), 'utf8');
    const main = readFileSync(new URL('./main.tsx', import.meta.url), 'utf8');
    expect(sections).toMatch(/key: 'powerList'.*enabled: true, path: 'power'/);
    expect(sections).toMatch(/key: 'affairs'.*enabled: true, path: 'affairs'/);
    expect(sections).toMatch(/key: 'finance'.*enabled: true, path: 'finance'/);
    expect(sections).toMatch(/key: 'assets'.*enabled: true, path: 'assets'/);
    for (const path of ['/v/:code/power', '/v/:code/power/:id', '/v/:code/affairs', '/v/:code/matters/:id', '/v/:code/decisions/:id', '/v/:code/disclosures/:id', '/v/:code/finance', '/v/:code/finance/entries', '/v/:code/assets']) {
      expect(main).toContain(`path="${path}"`);
    }
    // No value import from the contracts anywhere in the portal's code (zod must stay out of the bundle).
    for (const file of ['./main.tsx', './pages/PowerItem.tsx', './pages/MatterPublic.tsx', './pages/DecisionPublic.tsx', './pages/Affairs.tsx', './pages/PowerList.tsx', './pages/Finance.tsx', './pages/FinanceEntries.tsx', './pages/DisclosurePublic.tsx', './pages/Assets.tsx', './books.ts']) {
      const src = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(src, file).not.toMatch(/import \{[^}]*\} from '@mpw\/contracts'/);
    }
  });
});

describe('format and requests', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('writes dates the plain way', () => {
    expect(fmtDay('2026-12-09')).toBe('2026年12月9日');
    expect(fmtDay(null)).toBe('—');
    expect(S.yuan(250050)).toBe('2,500.50 元');
  });

  it('builds public URLs', () => {
    expect(apiUrl('/public/power/items', { village: '330299101201', q: undefined })).toBe('/api/v1/public/power/items?village=330299101201');
  });

  it('posts an objection as JSON without credentials beyond the same origin', async () => {
    const fetchMock = vi.fn().mockResolvedValue(new Response('{"ok":true}', { status: 201, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(postJson('/public/matters/m1/objections', { content: '申请人家里有车' })).resolves.toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/public/matters/m1/objections');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ content: '申请人家里有车' });
  });

  it('shows the field’s own message of a validation problem', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        new Response('{"code":"VALIDATION_FAILED","message":"输入有误：content: 请写明异议内容（至少5个字）","details":[{"path":"content","message":"请写明异议内容（至少5个字）"}]}', {
          status: 400,
          headers: { 'content-type': 'application/problem+json' },
        }),
      ),
    );
    const err = (await postJson('/public/matters/m1/objections', { content: '短' }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toBe('请写明异议内容（至少5个字）');
  });
});
