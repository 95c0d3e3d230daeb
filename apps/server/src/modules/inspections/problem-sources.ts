import { and, eq, isNull, sql } from 'drizzle-orm';
import { alerts, disclosures, inspectionFindings, matters, reports, type DbOrTx } from '@mpw/db';
import type { TProblemSource } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound, validationError } from '../../lib/errors.js';
import { inRegionScope } from '../../lib/scope.js';
import { reportVisibleTo } from '../reports/reports.policy.js';

/**
 * The record a problem comes from (问题来源): an alert (预警), a report (举报), an inspection finding
 * (监督检查), an overdue disclosure (公开逾期) or matter (事项超期). Findings, rectification items and
 * cases take the place of the problem from it, and the actor must be able to see it.
 */
export interface ProblemSource {
  type: TProblemSource;
  id: string | null;
  /** Where the problem is (the source record's region); null for a direct entry. */
  regionCode: string | null;
  /** One line about the source (never a report's number: who reported is nobody's business here). */
  label: string | null;
  /** The alert's status and severity, for an alert. */
  alert?: { status: string; severity: string };
  /** The finding's status, for a finding. */
  findingStatus?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Looks up the source record `sourceId` of `sourceType` the actor can see; `path` names the request
 * field in the 4xx answer (e.g. `items.2.sourceId`). A missing or invisible record is a 400 naming
 * the field, never a 500 and never a hint that it exists elsewhere.
 */
export async function resolveProblemSource(db: DbOrTx, actor: Actor, sourceType: TProblemSource, sourceId: string | undefined, path: string): Promise<ProblemSource> {
  if (sourceType === 'direct') {
    if (sourceId) throw validationError(path, '直接录入的问题不应填写来源编号');
    return { type: 'direct', id: null, regionCode: null, label: null };
  }
  if (!sourceId) throw validationError(path, '请填写问题来源的编号');
  const missing = () => validationError(path, '问题来源不存在或不在您的管辖范围内');
  if (!UUID.test(sourceId)) throw missing();
  const scope = actor.kind === 'system' ? null : actor.regionCode;
  if (actor.kind !== 'system' && !scope) throw missing();
  switch (sourceType) {
    case 'alert': {
      const [a] = await db.select().from(alerts).where(and(eq(alerts.id, sourceId), inRegionScope(alerts.regionCode, scope)));
      if (!a) throw missing();
      return { type: 'alert', id: a.id, regionCode: a.regionCode, label: a.summary, alert: { status: a.status, severity: a.severity } };
    }
    case 'report': {
      const [r] = await db.select().from(reports).where(and(eq(reports.id, sourceId), isNull(reports.deletedAt), reportVisibleTo(actor)));
      if (!r) throw missing();
      return { type: 'report', id: r.id, regionCode: r.regionCode, label: '群众举报' };
    }
    case 'finding': {
      const [f] = await db.select().from(inspectionFindings).where(and(eq(inspectionFindings.id, sourceId), isNull(inspectionFindings.deletedAt), inRegionScope(inspectionFindings.regionCode, scope)));
      if (!f) throw missing();
      return { type: 'finding', id: f.id, regionCode: f.regionCode, label: shortLine(f.description), findingStatus: f.status };
    }
    case 'disclosure': {
      const [d] = await db.select().from(disclosures).where(and(eq(disclosures.id, sourceId), isNull(disclosures.deletedAt), inRegionScope(disclosures.regionCode, scope)));
      if (!d) throw missing();
      return { type: 'disclosure', id: d.id, regionCode: d.regionCode, label: `公开事项：${d.title}` };
    }
    case 'matter': {
      const [m] = await db.select().from(matters).where(and(eq(matters.id, sourceId), isNull(matters.deletedAt), inRegionScope(matters.regionCode, scope)));
      if (!m) throw missing();
      return { type: 'matter', id: m.id, regionCode: m.regionCode, label: `事项 ${m.matterNo}：${m.title}` };
    }
  }
  throw notFound('问题来源');
}

export const shortLine = (s: string, n = 60) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
};

/** The label of a stored source, as SQL (the same wording as `resolveProblemSource`). */
export function sourceLabelSql(typeCol: unknown, idCol: unknown) {
  return sql<string | null>`case ${typeCol}
    when 'alert' then (select a.summary from alerts a where a.id::text = ${idCol})
    when 'report' then '群众举报'
    when 'finding' then (select left(f.description, 60) from inspection_findings f where f.id::text = ${idCol})
    when 'disclosure' then (select '公开事项：' || d.title from disclosures d where d.id::text = ${idCol})
    when 'matter' then (select '事项 ' || m.matter_no || '：' || m.title from matters m where m.id::text = ${idCol})
    else null end`;
}
