import type { FastifyBaseLogger } from 'fastify';
import type { DbOrTx } from '@mpw/db';
import {
  ALERT_RULE_LABELS,
  ALERT_STATUS_LABELS,
  MATTER_STATUSES,
  MATTER_STATUS_LABELS,
  MICRO_POWER_REPORT_CATEGORIES,
  SANCTION_CATEGORIES,
  SANCTION_CATEGORY_LABELS,
  SATISFACTION_LEVEL_POINTS,
  hasPermission,
  regionLevelOf,
  type TAlertRule,
  type TAlertStatus,
  type TDashboard,
  type TDashboardQuery,
  type TPermission,
  type TPublicStats,
  type TVillageWorkboard,
} from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound, validationError } from '../../lib/errors.js';
import { chinaDate } from '../../lib/time.js';
import { caseVisibleTo } from '../cases/cases.policy.js';
import { getRegionInScope } from '../regions/regions.repository.js';
import { reportVisibleTo } from '../reports/reports.policy.js';
import { WAITING_KINDS, WORK_KIND_LABELS, consoleLink, countFigure, num, percent, rateFigure, satisfactionScore } from './dashboards.presenter.js';
import * as repo from './dashboards.repository.js';

const MAX_WINDOW_MONTHS = 36;
/** The console's list of questions on disclosure items: a view of the disclosures page. */
const questionsOnDisclosures = (params: Record<string, string>) => consoleLink('/disclosures', { view: 'questions', ...params });
const POINTS = SATISFACTION_LEVEL_POINTS as Record<string, number>;

type Group = TDashboard['groups'][number];

const may = (actor: Actor, p: TPermission) => actor.kind === 'system' || hasPermission(actor.roles, p);

/** YYYY-MM of every month from `from` to `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** Quarters (2026-Q3) that overlap the window. */
export function quartersBetween(from: string, to: string): string[] {
  return [...new Set(monthsBetween(from, to).map((k) => `${k.slice(0, 4)}-Q${Math.ceil(Number(k.slice(5, 7)) / 3)}`))];
}

function windowOf(q: { from?: string; to?: string }, today: string): repo.Window {
  const from = q.from ?? `${today.slice(0, 4)}-01-01`;
  const to = q.to ?? today;
  if (to < from) throw validationError('to', '结束日期不能早于开始日期');
  if (monthsBetween(from, to).length > MAX_WINDOW_MONTHS) throw validationError('from', `统计时间范围不能超过${MAX_WINDOW_MONTHS}个月`);
  return { from, to, today };
}

async function regionFor(db: DbOrTx, actor: Actor, code: string | undefined) {
  const target = code ?? actor.regionCode;
  if (!target) throw validationError('regionCode', '请选择区划');
  const region = await getRegionInScope(db, target, actor.regionCode);
  if (!region) throw notFound('区划');
  return region;
}

/**
 * 统计分析: the figures of a district, township or village over a window (default: this year to
 * date), each with a link to the records behind it. A group appears only when the reader may read
 * its records; reports and cases are counted through their modules' visibility rules.
 */
export async function getDashboard(db: DbOrTx, actor: Actor, q: TDashboardQuery): Promise<TDashboard> {
  const region = await regionFor(db, actor, q.regionCode);
  const w = windowOf(q, chinaDate());
  const code = region.code;
  const quarters = quartersBetween(w.from, w.to);
  const at = { regionCode: code };
  // Every link carries the filters that make its list count what the figure counts (docs/dashboards.md, Links).
  const started = { ...at, createdFrom: w.from, createdTo: w.to };
  const can = {
    alerts: may(actor, 'alert:alert:read'),
    reports: may(actor, 'report:report:read'),
    rectification: may(actor, 'rectification:notice:read'),
    cases: may(actor, 'case:case:read'),
  };
  const groups: Group[] = [];

  const rec = await repo.platformRecords(db, code, w);
  groups.push({
    key: 'records', title: '平台运行', figures: [
      countFigure('matters', '新办事项', rec.matters, consoleLink('/matters', started)),
      countFigure('decisions', '民主决策记录', rec.decisions, consoleLink('/decisions', started)),
      countFigure('ledgerEntries', '财务凭证', rec.ledger_entries, consoleLink('/books', { ...at, entryFrom: w.from, entryTo: w.to }), '笔'),
      countFigure('disclosuresPublished', '发布公开', rec.disclosures_published, consoleLink('/disclosures', { ...at, publishedFrom: w.from, publishedTo: w.to })),
      countFigure('portalViews', '村民访问村庄主页', rec.portal_views, null, '次'),
      countFigure('householdQueries', '村民待遇查询', rec.household_queries, null, '次'),
    ],
  });

  const m = await repo.matterCounts(db, code, w);
  groups.push({
    key: 'matters', title: '事项办理', figures: [
      countFigure('started', '期间新办', m.started, consoleLink('/matters', started)),
      ...MATTER_STATUSES.map((s) => countFigure(s, `其中${MATTER_STATUS_LABELS[s]}`, m[s], consoleLink('/matters', { ...started, status: s }))),
      countFigure('overdue', '当前超期未办', m.overdue, consoleLink('/matters', { ...at, overdue: 'true' })),
    ],
  });

  const d = await repo.disclosureCounts(db, code, w);
  const dueItems = { ...at, dueFrom: w.from, dueTo: w.to };
  groups.push({
    key: 'disclosures', title: '村务公开', figures: [
      rateFigure('onTimeRate', '按期公开率', d.on_time, d.judged, consoleLink('/disclosures', { ...dueItems, timeliness: 'on_time' })),
      countFigure('late', '逾期公开或未公开', num(d.judged) - num(d.on_time), consoleLink('/disclosures', { ...dueItems, timeliness: 'late' })),
      countFigure('overdueDrafts', '当前逾期未公开', d.overdue_drafts, consoleLink('/disclosures', { ...at, overdue: 'true' })),
    ],
  });

  const qs = await repo.questionCounts(db, code, w);
  groups.push({
    key: 'questions', title: '村民提问答复', figures: [
      // The totals add two lists, so they link nowhere; each part links to its own list.
      countFigure('asked', '收到提问', num(qs.vq_asked) + num(qs.dq_asked), null),
      countFigure('villageAsked', '其中村民提问', qs.vq_asked, consoleLink('/village-questions', { ...at, hidden: 'false', askedFrom: w.from, askedTo: w.to })),
      countFigure('disclosureAsked', '其中公开事项提问', qs.dq_asked, questionsOnDisclosures({ ...at, askedFrom: w.from, askedTo: w.to })),
      rateFigure('onTimeRate', '按期答复率', num(qs.vq_on_time) + num(qs.dq_on_time), num(qs.vq_judged) + num(qs.dq_judged), null),
      rateFigure('villageOnTimeRate', '村民提问按期答复率', qs.vq_on_time, qs.vq_judged, consoleLink('/village-questions', { ...at, dueFrom: w.from, dueTo: w.to, timeliness: 'on_time' })),
      rateFigure('disclosureOnTimeRate', '公开事项提问按期答复率', qs.dq_on_time, qs.dq_judged, questionsOnDisclosures({ ...at, dueFrom: w.from, dueTo: w.to, timeliness: 'on_time' })),
      countFigure('overdue', '当前超期未答复', num(qs.vq_overdue) + num(qs.dq_overdue), null),
      countFigure('villageOverdue', '其中村民提问', qs.vq_overdue, consoleLink('/village-questions', { ...at, status: 'open', overdue: 'true' })),
      countFigure('disclosureOverdue', '其中公开事项提问', qs.dq_overdue, questionsOnDisclosures({ ...at, overdue: 'true' })),
    ],
  });

  if (can.reports) {
    const r = await repo.reportCounts(db, code, w, reportVisibleTo(actor), MICRO_POWER_REPORT_CATEGORIES);
    const received = { ...at, receivedFrom: w.from, receivedTo: w.to };
    groups.push({
      key: 'reports', title: '信访举报', figures: [
        countFigure('received', '收到举报', r.received, consoleLink('/reports', received)),
        countFigure('accepted', '已受理', r.accepted, consoleLink('/reports', { ...received, accepted: 'true' })),
        countFigure('notAccepted', '不予受理', r.not_accepted, consoleLink('/reports', { ...received, status: 'not_accepted' })),
        countFigure('concluded', '已办结', r.concluded, consoleLink('/reports', { ...received, concluded: 'true' })),
        countFigure('confirmed', '查证属实（含部分属实）', r.confirmed, consoleLink('/reports', { ...received, conclusion: 'confirmed' })),
        rateFigure('microPowerShare', '涉及小微权力的举报占比', r.micro_power, r.received, consoleLink('/reports', { ...received, microPower: 'true' })),
      ],
    });
  }

  if (can.alerts) {
    const a = await repo.alertCounts(db, code, w);
    const raised = { ...at, from: w.from, to: w.to };
    const byStatus = new Map<string, number>();
    const byRule = new Map<string, number>();
    for (const row of a.rows) {
      byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + num(row.n));
      byRule.set(row.rule, (byRule.get(row.rule) ?? 0) + num(row.n));
    }
    const total = [...byStatus.values()].reduce((s, n) => s + n, 0);
    groups.push({
      key: 'alerts', title: '预警', figures: [
        countFigure('raised', '期间新增预警', total, consoleLink('/alerts', raised)),
        ...(Object.keys(ALERT_STATUS_LABELS) as TAlertStatus[]).map((s) => countFigure(`status.${s}`, `其中${ALERT_STATUS_LABELS[s]}`, byStatus.get(s) ?? 0, consoleLink('/alerts', { ...raised, status: s }))),
        countFigure('openNow', '当前待核查', a.openNow, consoleLink('/alerts', { ...at, status: 'open' })),
      ],
    });
    groups.push({
      key: 'alertRules', title: '预警（按规则）',
      figures: [...byRule.entries()].sort((x, y) => y[1] - x[1]).map(([rule, n]) =>
        countFigure(`rule.${rule}`, ALERT_RULE_LABELS[rule as TAlertRule] ?? rule, n, consoleLink('/alerts', { ...raised, rule }))),
    });
  }

  if (can.rectification) {
    const r = await repo.rectificationCounts(db, code, w);
    const due = { ...at, deadlineFrom: w.from, deadlineTo: w.to };
    groups.push({
      key: 'rectification', title: '整改', figures: [
        rateFigure('onTimeRate', '按期销号率', r.on_time, r.judged, consoleLink('/rectification', { ...due, timeliness: 'on_time' })),
        countFigure('closed', '期间销号', r.closed_in_window, consoleLink('/rectification', { ...at, closedFrom: w.from, closedTo: w.to })),
        countFigure('overdue', '当前逾期未销号', r.overdue, consoleLink('/rectification', { ...at, overdue: 'true' })),
      ],
    });
  }

  if (can.cases) {
    const c = await repo.caseCounts(db, code, w, caseVisibleTo(actor));
    const sanction = new Map(c.sanctions.map((s) => [s.category, s]));
    const decided = (category: string) => consoleLink('/cases', { ...at, sanction: category, sanctionFrom: w.from, sanctionTo: w.to });
    groups.push({
      key: 'cases', title: '案件查处', figures: [
        countFigure('opened', '新建线索（初核）', c.counts.opened, consoleLink('/cases', { ...at, createdFrom: w.from, createdTo: w.to })),
        countFigure('filed', '立案', c.counts.filed, consoleLink('/cases', { ...at, filedFrom: w.from, filedTo: w.to })),
        countFigure('executed', '执行完毕', c.counts.executed, consoleLink('/cases', { ...at, executedFrom: w.from, executedTo: w.to })),
        ...SANCTION_CATEGORIES.map((s) => countFigure(`sanction.${s}`, SANCTION_CATEGORY_LABELS[s], sanction.get(s)?.n ?? 0, decided(s), '人次')),
        countFigure('recovered', '追缴资金', Math.round(num(sanction.get('recovery')?.amount_fen) / 100), decided('recovery'), '元'),
      ],
    });
  }

  const sat = await repo.satisfactionCounts(db, code, quarters, POINTS);
  const lastQuarter = quarters[quarters.length - 1];
  const satLink = consoleLink('/satisfaction', { quarter: lastQuarter, regionCode: code });
  groups.push({
    key: 'satisfaction', title: '群众满意度', figures: [
      { key: 'score', label: '满意度得分', value: satisfactionScore(sat.points, sat.responses), unit: '分', numerator: num(sat.responses), denominator: null, link: satLink },
      rateFigure('coverage', '参评覆盖率（每季度平均）', sat.responses, num(sat.households) * quarters.length, satLink),
      countFigure('responses', '参评户次', sat.responses, satLink, '户次'),
    ],
  });

  return { regionCode: code, regionName: region.name, from: w.from, to: w.to, groups, trends: await trendsOf(db, actor, code, w, can), heat: await heatOf(db, code, w, quarters, can) };
}

async function trendsOf(db: DbOrTx, actor: Actor, code: string, w: repo.Window, can: { reports: boolean; alerts: boolean; rectification: boolean }): Promise<TDashboard['trends']> {
  const months = monthsBetween(w.from, w.to);
  const rows = await repo.monthlyCounts(db, code, w, { reports: can.reports ? reportVisibleTo(actor) : null, alerts: can.alerts, rectification: can.rectification });
  const series: [string, string, boolean][] = [
    ['matters_started', '新办事项', true],
    ['reports_received', '收到举报', can.reports],
    ['alerts_raised', '新增预警', can.alerts],
    ['rectification_closed', '整改销号', can.rectification],
  ];
  const valueOf = new Map(rows.map((r) => [`${r.k}|${r.month}`, num(r.n)]));
  return {
    months,
    series: series.filter(([, , shown]) => shown).map(([key, label]) => ({ key, label, values: months.map((mo) => valueOf.get(`${key}|${mo}`) ?? 0) })),
  };
}

async function heatOf(db: DbOrTx, code: string, w: repo.Window, quarters: string[], can: { alerts: boolean; rectification: boolean }): Promise<TDashboard['heat']> {
  const rows = await repo.heatRows(db, code, w, quarters, POINTS);
  const all: (TDashboard['heat']['indicators'][number] & { value: (r: repo.HeatRow) => number | null; shown: boolean })[] = [
    { key: 'overdueMatters', label: '超期未办事项', unit: '件', better: 'lower', value: (r) => num(r.overdue_matters), shown: true },
    { key: 'disclosureOnTimeRate', label: '按期公开率', unit: '%', better: 'higher', value: (r) => percent(num(r.disclosures_on_time), num(r.disclosures_judged)), shown: true },
    { key: 'openAlerts', label: '待核查预警', unit: '件', better: 'lower', value: (r) => num(r.open_alerts), shown: can.alerts },
    { key: 'rectificationOnTimeRate', label: '整改按期销号率', unit: '%', better: 'higher', value: (r) => percent(num(r.rect_on_time), num(r.rect_judged)), shown: can.rectification },
    { key: 'satisfactionScore', label: '满意度得分', unit: '分', better: 'higher', value: (r) => satisfactionScore(r.sat_points, r.sat_responses), shown: true },
  ];
  const indicators = all.filter((i) => i.shown);
  return {
    indicators: indicators.map(({ key, label, unit, better }) => ({ key, label, unit, better })),
    rows: rows.map((r) => ({ regionCode: r.code, regionName: r.name, values: indicators.map((i) => i.value(r)) })),
  };
}

/** 本村待办: what is due, overdue and waiting in one village, each item opening its record or list. */
export async function getVillageWorkboard(db: DbOrTx, actor: Actor, q: { regionCode?: string }): Promise<TVillageWorkboard> {
  const region = await regionFor(db, actor, q.regionCode);
  if (regionLevelOf(region.code) !== 'village') throw validationError('regionCode', '待办只针对一个村，请选择村');
  const today = chinaDate();
  const rows = await repo.villageWork(db, region.code, { rectification: may(actor, 'rectification:notice:read'), alerts: may(actor, 'alert:alert:read') });
  const board: TVillageWorkboard = { regionCode: region.code, regionName: region.name, due: [], overdue: [], waiting: [] };
  for (const r of rows) {
    const isOverdue = !WAITING_KINDS.has(r.kind) && r.due_on !== null && r.due_on < today;
    const item = { kind: r.kind, kindLabel: WORK_KIND_LABELS[r.kind] ?? r.kind, title: r.title, dueOn: r.due_on, isOverdue, link: r.link };
    (WAITING_KINDS.has(r.kind) ? board.waiting : isOverdue ? board.overdue : board.due).push(item);
  }
  const byDue = (a: { dueOn: string | null }, b: { dueOn: string | null }) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999');
  board.due.sort(byDue);
  board.overdue.sort(byDue);
  board.waiting.sort(byDue);
  return board;
}

/**
 * 公开统计: a year's aggregates of a village, township or district for the portal; no personal
 * data. Report counts are left out for a single village: the reported village's own accounts are
 * barred from knowing that reports about it exist (reports.policy), and a public per-village count
 * would tell them.
 */
export async function getPublicStats(db: DbOrTx, q: { regionCode: string; year?: number }): Promise<TPublicStats> {
  const region = await getRegionInScope(db, q.regionCode, null);
  if (!region) throw notFound('区划');
  const today = chinaDate();
  const year = q.year ?? Number(today.slice(0, 4));
  if (year > Number(today.slice(0, 4))) throw validationError('year', '年份不能晚于今年');
  const w: repo.Window = { from: `${year}-01-01`, to: `${year}` === today.slice(0, 4) ? today : `${year}-12-31`, today };
  const withReports = regionLevelOf(region.code) !== 'village';
  const months = monthsBetween(w.from, w.to);
  const [rows, qs, sat] = await Promise.all([
    repo.publicMonthly(db, region.code, w, withReports),
    repo.questionCounts(db, region.code, w),
    repo.satisfactionCounts(db, region.code, quartersBetween(w.from, w.to), POINTS),
  ]);
  const series: [string, string, boolean][] = [
    ['matters_completed', '办结事项', true],
    ['disclosures_published', '发布公开', true],
    ['questions_answered', '答复提问', true],
    ['reports_received', '收到举报', withReports],
    ['reports_concluded', '办结举报', withReports],
    ['rectification_closed', '整改销号', true],
  ];
  const valueOf = new Map<string, number>();
  for (const r of rows) valueOf.set(`${r.k}|${r.month}`, (valueOf.get(`${r.k}|${r.month}`) ?? 0) + num(r.n));
  const shown = series.filter(([, , s]) => s).map(([key, label]) => ({ key, label, values: months.map((mo) => valueOf.get(`${key}|${mo}`) ?? 0) }));
  const total = (key: string) => shown.find((s) => s.key === key)?.values.reduce((a, b) => a + b, 0) ?? 0;
  const figures: TPublicStats['figures'] = [
    { key: 'matters_completed', label: '办结事项', value: total('matters_completed'), unit: '件' },
    { key: 'disclosures_published', label: '发布公开', value: total('disclosures_published'), unit: '件' },
    { key: 'questions_answered', label: '答复村民提问', value: total('questions_answered'), unit: '条' },
    { key: 'questions_on_time_rate', label: '提问按期答复率', value: percent(num(qs.vq_on_time) + num(qs.dq_on_time), num(qs.vq_judged) + num(qs.dq_judged)), unit: '%' },
    ...(withReports
      ? [
          { key: 'reports_received', label: '收到举报', value: total('reports_received'), unit: '件' },
          { key: 'reports_concluded', label: '办结举报', value: total('reports_concluded'), unit: '件' },
        ]
      : []),
    { key: 'rectification_closed', label: '整改销号', value: total('rectification_closed'), unit: '项' },
    { key: 'satisfaction_score', label: '群众满意度', value: satisfactionScore(sat.points, sat.responses), unit: '分' },
  ];
  return { regionCode: region.code, regionName: region.name, year, figures, months, series: shown };
}

export type UsageMetric = 'portal_view' | 'household_query';

/**
 * Counts one use of the portal in a village today (China date). Never fails the request it counts:
 * a failure is logged and the request goes on.
 */
export async function countPortalUse(db: DbOrTx, log: FastifyBaseLogger, villageCode: string, metric: UsageMetric): Promise<void> {
  try {
    await repo.incrementUsage(db, villageCode, chinaDate(), metric);
  } catch (err) {
    log.warn({ err, metric }, 'usage counter not updated');
  }
}

