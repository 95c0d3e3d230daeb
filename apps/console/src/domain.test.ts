import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ALERT_RULES,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  ALERT_SUBJECT_TYPES,
  DECISION_STAGES,
  DECISION_STATUSES,
  FLOW_STEP_KINDS,
  MATTER_ACTIONS,
  MATTER_STATUSES,
  POWER_CATEGORIES,
  POWER_ITEM_STATUSES,
  ZPowerItemContent,
} from '@mpw/contracts';
import {
  actionForm,
  blankContent,
  contentFromForm,
  fieldPath,
  groupByCategory,
  hoursText,
  isValidIdNumber,
  markFlowchartStates,
  meetingBody,
  meetingCounts,
  pendingVersionOf,
  sortActions,
  stepStatus,
  type ContentFormValue,
} from './domain';
import { DICTIONARIES, translateLabel } from './i18n';
import { PAGES, pageForPath } from './routes';
import { api, setCsrfToken } from './api';

describe('power list helpers', () => {
  it('groups items by category in the catalogue order', () => {
    const item = (name: string, category: string) => ({ name, content: { category } });
    const groups = groupByCategory([item('a', '其他'), item('b', '财务管理'), item('c', '重大事项决策'), item('d', '财务管理')]);
    expect(groups.map((g) => g.category)).toEqual(['重大事项决策', '财务管理', '其他']);
    expect(groups[1]!.items.map((i) => i.name)).toEqual(['b', 'd']);
  });

  it('tells a version waiting for approval', () => {
    const v = (n: number) => ({ version: n });
    expect(pendingVersionOf({ status: 'active', version: 2 }, [v(1), v(2)])).toBeNull();
    expect(pendingVersionOf({ status: 'active', version: 1 }, [v(1), v(2)])).toBe(2);
    expect(pendingVersionOf({ status: 'pending_approval', version: 1 }, [v(1)])).toBe(1);
  });

  it('turns server validation paths into form name paths', () => {
    expect(fieldPath('content.flow.steps.2.id')).toEqual(['content', 'flow', 'steps', 2, 'id']);
    expect(fieldPath('changeNote')).toEqual(['changeNote']);
  });

  it('builds valid content from the editor values, keeping only each step kind’s fields', () => {
    const form: ContentFormValue = {
      ...blankContent(),
      name: ' 村级演示事项 ',
      legalBasis: ['《村民委员会组织法》', ' '],
      responsibilities: [{ subject: '村委会', duty: '组织实施' }, { subject: '', duty: '' }],
      riskPoints: [{ risk: '优亲厚友', level: '高', prevention: '公示' }],
      materials: ['申请书', ''],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '申请', role: 'village_secretary', deadlineDays: 2, materials: [], disclose: '', when: { amountAtLeastSetting: '' } },
          { id: 'check', kind: 'review', name: '审核', role: 'village_secretary', deadlineDays: 3, days: 7, stage: 'review' } as never,
          { id: 'notice', kind: 'notice', name: '公示', role: 'village_secretary', deadlineDays: 2, days: 7, when: { amountAtLeastSetting: 'decisions.majorMatterThresholdFen' } } as never,
        ],
      },
    };
    const content = contentFromForm(form);
    expect(content.name).toBe('村级演示事项');
    expect(content.legalBasis).toEqual(['《村民委员会组织法》']);
    expect(content.responsibilities).toHaveLength(1);
    expect(content.materials).toEqual(['申请书']);
    const [apply, check, notice] = content.flow.steps as Record<string, unknown>[];
    expect(apply).not.toHaveProperty('when');
    expect(check).toMatchObject({ kind: 'review', canReturn: true });
    expect(check).not.toHaveProperty('days');
    expect(check).not.toHaveProperty('stage');
    expect(notice).toMatchObject({ days: 7, when: { amountAtLeastSetting: 'decisions.majorMatterThresholdFen' } });
    expect(ZPowerItemContent.safeParse(content).success).toBe(true);
  });
});

describe('matter helpers', () => {
  it('chooses the form of each action and orders the buttons', () => {
    expect(actionForm('record_meeting')).toBe('meeting');
    expect(actionForm('answer_objection')).toBe('answer');
    expect(actionForm('object')).toBe('object');
    for (const a of ['reject', 'return', 'file_return', 'withdraw']) expect(actionForm(a)).toBe('reason');
    expect(actionForm('approve')).toBe('note');
    expect(sortActions(['withdraw', 'reject', 'return', 'approve'])).toEqual(['approve', 'return', 'reject', 'withdraw']);
  });

  it('maps step states to antd statuses', () => {
    const m = { status: 'running', isOverdue: false };
    expect(stepStatus({ state: 'done' }, m)).toBe('finish');
    expect(stepStatus({ state: 'current' }, m)).toBe('process');
    expect(stepStatus({ state: 'current' }, { ...m, isOverdue: true })).toBe('error');
    expect(stepStatus({ state: 'current' }, { status: 'paused', isOverdue: false })).toBe('process');
    expect(stepStatus({ state: 'skipped' }, m)).toBe('wait');
  });

  it('marks the flowchart’s step groups with their state', () => {
    const svg = '<svg><g class="mpw-step mpw-step--application is-pending" data-step-id="apply"><rect/></g><g class="mpw-step" data-step-id="x"></g></svg>';
    const out = markFlowchartStates(svg, [{ id: 'apply', state: 'done' }]);
    expect(out).toContain('class="mpw-step mpw-step--application is-pending mpw-state-done" data-step-id="apply"');
    expect(out).toContain('<g class="mpw-step" data-step-id="x">');
  });

  it('checks resident ID numbers including the check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('1101051949123100')).toBe(false);
  });

  it('formats meeting counts and decision times', () => {
    expect(meetingCounts({ eligible: 30, attendees: 25, votesFor: 22, votesAgainst: 2, abstentions: 1 })).toEqual({ attendance: '25/30', votes: '22 / 2 / 1' });
    expect(meetingCounts({})).toEqual({ attendance: null, votes: null });
    expect(hoursText(5.25, { h: 'h', d: 'd' })).toBe('5.3 h');
    expect(hoursText(72, { h: 'h', d: 'd' })).toBe('3.0 d');
    expect(hoursText(null, { h: 'h', d: 'd' })).toBe('—');
  });

  it('drops empty meeting fields', () => {
    expect(meetingBody({ heldOn: '2026-01-02', place: ' ', eligible: null, attendees: 0, minutes: ' 纪要 ' })).toEqual({ heldOn: '2026-01-02', attendees: 0, minutes: '纪要' });
  });
});

describe('labels of the contracts’ enums', () => {
  const families: [string, readonly string[]][] = [
    ['matter.action', [...MATTER_ACTIONS, 'complete']],
    ['matter.status', MATTER_STATUSES],
    ['stepKind', FLOW_STEP_KINDS],
    ['decision.stage', DECISION_STAGES],
    ['decision.status', DECISION_STATUSES],
    ['alert.rule', ALERT_RULES],
    ['alert.severity', ALERT_SEVERITIES],
    ['alert.status', ALERT_STATUSES],
    ['alert.subjectType', ALERT_SUBJECT_TYPES],
    ['power.cat', POWER_CATEGORIES],
    ['power.status', POWER_ITEM_STATUSES],
  ];
  it.each(families)('%s has a Chinese and an English label for every value', (prefix, values) => {
    for (const v of values) {
      const key = `${prefix}.${v}`;
      expect(DICTIONARIES.zh, key).toHaveProperty([key]);
      expect(DICTIONARIES.en, key).toHaveProperty([key]);
      expect(translateLabel('en', prefix, v)).toBe(DICTIONARIES.en[key as keyof typeof DICTIONARIES.en]);
    }
  });
  it('falls back to the raw value for an unknown code', () => {
    expect(translateLabel('zh', 'matter.status', 'running')).toBe('办理中');
    expect(translateLabel('en', 'matter.status', 'running')).toBe('Running');
    expect(translateLabel('zh', 'matter.status', 'frozen')).toBe('frozen');
    expect(translateLabel('zh', 'matter.status', null)).toBe('—');
  });
});

describe('routes of the new pages', () => {
  it('selects the list’s menu item on a detail page', () => {
    expect(pageForPath('/power/0f0e')?.key).toBe('power');
    expect(pageForPath('/matters/0f0e')?.key).toBe('matters');
    expect(pageForPath('/decisions/0f0e')?.key).toBe('decisions');
    expect(pageForPath('/filings')?.key).toBe('filings');
    expect(pageForPath('/alerts')?.key).toBe('alerts');
  });
  it('guards every page with the module’s read permission', () => {
    const perm = (key: string) => PAGES.find((p) => p.key === key)?.anyOf;
    expect(perm('power')).toEqual(['power:item:read']);
    expect(perm('matter')).toEqual(['matter:matter:read']);
    expect(perm('filings')).toEqual(['matter:filing:decide']);
    expect(perm('decision')).toEqual(['decision:decision:read']);
    expect(perm('alerts')).toEqual(['alert:alert:read']);
  });
});

describe('file uploads through the request wrapper', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-up');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('posts multipart form data with the CSRF token and no JSON content type', async () => {
    fetchMock.mockResolvedValue(new Response('{"id":"a"}', { status: 201, headers: { 'content-type': 'application/json' } }));
    const form = new FormData();
    form.append('entityType', 'matter');
    form.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'a.pdf');
    await expect(api.upload('/attachments', form)).resolves.toEqual({ id: 'a' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/attachments');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(form);
    expect(init.headers['x-csrf-token']).toBe('tok-up');
    expect(init.headers['content-type']).toBeUndefined();
  });
});
