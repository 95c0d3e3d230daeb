import type { TAssessmentIndicator, TAssessmentIndicatorKind, TAssessmentResultItem, TAssessmentSchemeRequest } from '@mpw/contracts';
import { quarterOf } from '../households/households.policy.js';

/**
 * Pure rules of 考核评价: periods, the default scheme, how an indicator's counts become a value,
 * points and an explanation, and ranking. The counts come from assessment.repository.ts.
 */

export interface PeriodRange {
  period: string;
  from: string;
  to: string;
  /** Quarters whose survey answers count (2026-Q3, or the four of a year). */
  quarters: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** 2026-Q3 → 2026-07-01..2026-09-30; 2026 → the whole year. Null when the period does not fit the scheme's kind. */
export function periodRange(period: string, kind: 'quarter' | 'year'): PeriodRange | null {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (kind === 'quarter' && q) {
    const year = Number(q[1]);
    const first = (Number(q[2]) - 1) * 3 + 1;
    return { period, from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${pad(lastDay(year, first + 2))}`, quarters: [period] };
  }
  if (kind === 'year' && /^\d{4}$/.test(period)) return { period, from: `${period}-01-01`, to: `${period}-12-31`, quarters: [1, 2, 3, 4].map((n) => `${period}-Q${n}`) };
  return null;
}

/** The quarter before the one `today` falls in (the demo computes it). */
export function previousQuarter(today: string): string {
  const [year, quarter] = quarterOf(today).split('-Q').map(Number) as [number, number];
  return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
}

/** How old the version in force of a power-list item may be before it counts as stale (清单动态调整, reviewed yearly). */
export const POWER_LIST_MAX_AGE_MONTHS = 12;

/** The district's starting point (GET /schemes/template): the seven indicators of issue 9, weights summing to 100. */
export function defaultSchemeTemplate(): Omit<TAssessmentSchemeRequest, 'regionCode'> {
  const indicators: TAssessmentIndicator[] = [
    { key: 'institution', name: '制度建设', category: 'institution', kind: 'power_list_current', weight: 10, minRecords: 2, maxAgeMonths: POWER_LIST_MAX_AGE_MONTHS },
    { key: 'inspection', name: '监督检查', category: 'supervision', kind: 'findings_handled', weight: 10, minRecords: 2 },
    { key: 'enforcement', name: '问题查处', category: 'enforcement', kind: 'problems_concluded', weight: 15, minRecords: 3 },
    { key: 'disclosure', name: '公开及时率', category: 'disclosure', kind: 'disclosure_on_time', weight: 20, minRecords: 3 },
    { key: 'rectification', name: '整改完成率', category: 'rectification', kind: 'rectification_on_time', weight: 20, minRecords: 3 },
    { key: 'satisfaction', name: '群众满意度', category: 'satisfaction', kind: 'satisfaction', weight: 15, minRecords: 10 },
    { key: 'questions', name: '问政答复及时率', category: 'disclosure', kind: 'questions_answered_on_time', weight: 10, minRecords: 3 },
  ];
  return { name: '村级小微权力监督考核（默认方案）', targetLevel: 'village', periodKind: 'quarter', indicators };
}

/** What the repository counts for one unit and one indicator: records, the verified good ones, and for satisfaction the answer points. */
export interface IndicatorCounts {
  records: number;
  good: number;
  /** Satisfaction only: answers (three per response) and their summed points. */
  answers?: number;
  points?: number;
}

export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (rate: number) => `${round(rate * 100, 1)}%`;

/** The explanation of each kind: which records and which rule, in plain Chinese. */
const EXPLAIN: Record<TAssessmentIndicatorKind, (c: IndicatorCounts, value: number | null, ind: TAssessmentIndicator) => string> = {
  power_list_current: (c, v, ind) =>
    `期末适用的权力清单事项${c.records}项（区级清单及乡镇、本村事项，待审批的也计入），已审批公布且${ind.maxAgeMonths ?? POWER_LIST_MAX_AGE_MONTHS}个月内修订的${c.good}项${v === null ? '' : `，现行率${pct(v)}`}`,
  findings_handled: (c, v) =>
    `本期监督检查发现问题${c.records}个（核实无问题的不计），整改到位${c.good}个（以整改验收销号为准）${v === null ? '' : `，整改到位率${pct(v)}`}`,
  problems_concluded: (c, v) =>
    `本期系统预警和受理举报共${c.records}件（乡镇或区排除的预警不计），经乡镇或区办结${c.good}件（村级自行办结的不计）${v === null ? '' : `，办结率${pct(v)}`}`,
  disclosure_on_time: (c, v) =>
    `本期到期村务公开事项${c.records}项，按期公开${c.good}项（以系统记录的首次发布时间为准）${v === null ? '' : `，按期率${pct(v)}`}`,
  rectification_on_time: (c, v) =>
    `本期到期整改事项${c.records}项，按期销号${c.good}项（以上级验收销号为准，已回复未验收的不计）${v === null ? '' : `，按期率${pct(v)}`}`,
  satisfaction: (c, v) =>
    `本期满意度测评${c.records}户参评，共${c.answers ?? 0}项评价（满意100分、基本满意60分、不满意0分）${v === null ? '' : `，平均${v}分`}`,
  questions_answered_on_time: (c, v) =>
    `本期到期村民提问${c.records}条（已屏蔽的不计），按期公开答复${c.good}条（以系统记录的答复时间为准）${v === null ? '' : `，按期率${pct(v)}`}`,
  matters_on_time: (c, v) =>
    `本期办结事项${c.records}件，未出现系统超期预警的${c.good}件（乡镇核查排除的预警不计）${v === null ? '' : `，按期率${pct(v)}`}`,
  training_coverage: (c, v) =>
    `应参训人员${c.records}人（在用账号和在任村务监督委员会成员），本期参加培训或警示教育${c.good}人${v === null ? '' : `，覆盖率${pct(v)}`}`,
};

/**
 * One indicator of one unit. A rate is good ÷ records (0–1) and earns weight × rate; satisfaction
 * is the answers' average points (0–100) and earns weight × score ÷ 100. Without records the value
 * is null and the indicator earns 0 points: a unit cannot score on what it did not record.
 */
export function scoreIndicator(ind: TAssessmentIndicator, c: IndicatorCounts, link: string | null): TAssessmentResultItem {
  let value: number | null = null;
  let points = 0;
  if (ind.kind === 'satisfaction') {
    if (c.records > 0 && c.answers) {
      value = round((c.points ?? 0) / c.answers, 1);
      points = round((ind.weight * value) / 100, 2);
    }
  } else if (c.records > 0) {
    value = round(c.good / c.records, 4);
    points = round(ind.weight * value, 2);
  }
  const noData = c.records === 0 ? '本期无可计分记录，按0分计' : '';
  const little = c.records > 0 && c.records < ind.minRecords ? `；记录少于${ind.minRecords}条，数据不足，仅供参考` : '';
  return {
    key: ind.key,
    name: ind.name,
    category: ind.category,
    weight: ind.weight,
    value,
    points,
    records: c.records,
    enoughData: c.records >= ind.minRecords && c.records > 0,
    explanation: noData ? `${EXPLAIN[ind.kind](c, null, ind)}。${noData}` : `${EXPLAIN[ind.kind](c, value, ind)}${little}。`,
    link,
  };
}


/** Total points and coverage (share of indicators resting on enough records). */
export function totalOf(items: TAssessmentResultItem[]): { score: number; coverage: number } {
  const score = round(items.reduce((a, i) => a + i.points, 0), 2);
  const coverage = items.length ? round(items.filter((i) => i.enoughData).length / items.length, 3) : 0;
  return { score, coverage };
}

/** Console paths that list the records behind an indicator (filters the target pages read from the address bar). */
export function linkOf(kind: TAssessmentIndicatorKind, unit: string, r: PeriodRange, asOf: string): string {
  const q = (o: Record<string, string>) => new URLSearchParams({ regionCode: unit, ...o }).toString();
  switch (kind) {
    case 'power_list_current': return `/power?${q({})}`;
    case 'findings_handled': return `/inspections?${q({ tab: 'findings' })}`;
    case 'problems_concluded': return `/alerts?${q({ from: r.from, to: asOf })}`;
    case 'disclosure_on_time': return `/disclosures?${q({})}`;
    case 'rectification_on_time': return `/rectification?${q({ deadlineFrom: r.from, deadlineTo: asOf })}`;
    case 'satisfaction': return `/satisfaction?${q({ quarter: r.quarters[r.quarters.length - 1]! })}`;
    case 'questions_answered_on_time': return `/village-questions?${q({})}`;
    case 'matters_on_time': return `/matters?${q({})}`;
    case 'training_coverage': return `/training?${q({ from: r.from, to: asOf })}`;
  }
}
