import type { Db } from '@mpw/db';
import { REPORT_LEVEL_ROLES, type TReportLevel, type TReportStatus } from '@mpw/contracts';
import { systemActor, type Actor } from '../../lib/actor.js';
import { chinaDate, chinaHour } from '../../lib/time.js';
import { audited } from '../audit/audit.log.js';
import { raiseAlert, resolveAlertByData } from '../alerts/alerts.service.js';
import { registerJobHandler, registerSchedule } from '../jobs/jobs.worker.js';
import { notifyRole } from '../notifications/notifications.service.js';
import { getSetting } from '../settings/settings.service.js';
import { addReportEvent } from './reports.events.js';
import * as repo from './reports.public.repository.js';
import { REPORT_IDENTITY_RETENTION_DAYS } from './reports.settings.js';

/** The China hour from which the morning digest of new reports goes out. */
export const DIGEST_HOUR = 8;
const DAY_MS = 86_400_000;

/** Which time limit a status waits on, for the alert's one line. */
const STAGE: Partial<Record<TReportStatus, string>> = { received: '受理', accepted: '交办', assigned: '核查', verifying: '核查', concluded: '反馈' };

/**
 * Raises REPORT_OVERDUE for every report past its current time limit, in the handling unit's region
 * (never the reported village's; the summary names only the number), and marks alerts whose report
 * is no longer overdue as resolved by data. Returns how many alerts were new or came back.
 */
export async function sweepOverdueReports(db: Db, actor: Actor, today = chinaDate()): Promise<{ raised: number; resolved: number }> {
  const overdue = await repo.findOverdueReports(db, today);
  let raised = 0;
  for (const r of overdue) {
    await audited(db, actor, async (w) => {
      const result = await raiseAlert(w, {
        rule: 'REPORT_OVERDUE',
        subjectType: 'report',
        subjectId: r.id,
        regionCode: r.handlingRegionCode,
        summary: `举报件 ${r.number} ${STAGE[r.status as TReportStatus] ?? '办理'}逾期（期限${r.dueOn}）`,
        evidence: `reports:${r.id}`,
      });
      if (result.change === 'seen') return;
      raised++;
      await notifyRole(w, {
        regionCode: r.handlingRegionCode,
        roles: [REPORT_LEVEL_ROLES[r.handlingLevel as TReportLevel]],
        kind: 'overdue',
        title: `举报件逾期：${r.number}`,
        body: `举报件 ${r.number} 的${STAGE[r.status as TReportStatus] ?? '办理'}期限为 ${r.dueOn}，已逾期，请尽快办理。`,
        link: `/reports/${r.id}`,
        entityType: 'report',
        entityId: r.id,
      });
    });
  }
  const stillOverdue = new Set(overdue.map((r) => r.id));
  const gone = (await repo.findStandingOverdueAlertSubjects(db)).filter((id) => !stillOverdue.has(id));
  let resolved = 0;
  if (gone.length) {
    await audited(db, actor, async (w) => {
      for (const id of gone) if (await resolveAlertByData(w, { rule: 'REPORT_OVERDUE', subjectType: 'report', subjectId: id })) resolved++;
    });
  }
  return { raised, resolved };
}

/**
 * Erases the sealed reporter identity of reports archived longer ago than the district's
 * retention (report.identityRetentionDays): the substance stays, the erasure is recorded.
 */
export async function eraseExpiredIdentities(db: Db, actor: Actor, now = new Date()): Promise<number> {
  let erased = 0;
  for (const district of await repo.districtsWithReports(db)) {
    const days = await getSetting(db, REPORT_IDENTITY_RETENTION_DAYS, district, chinaDate(now));
    for (const r of await repo.findIdentitiesToErase(db, district, new Date(now.getTime() - days * DAY_MS))) {
      await audited(db, actor, async (w) => {
        await repo.updateReport(w.tx, r.id, { reporterSealed: null, reporterErasedAt: now, updatedAt: now, updatedBy: actor.userId });
        await addReportEvent(w, { reportId: r.id, regionCode: r.regionCode, kind: 'identity_erased', at: now, note: `归档已满${days}天` });
        await w.record({
          action: 'report.identity.erase',
          entityType: 'report',
          entityId: r.id,
          regionCode: r.handlingRegionCode,
          before: { hasReporterIdentity: true },
          after: { hasReporterIdentity: false, reporterErasedAt: now.toISOString(), retentionDays: days, archivedAt: r.archivedAt?.toISOString() ?? null },
        });
      });
      erased++;
    }
  }
  return erased;
}

/**
 * The morning digest: each handling unit's officers hear of the reports waiting for acceptance
 * that arrived on an earlier day. Nothing is sent when a report arrives, so no message's time
 * tells when an anonymous report came. Returns how many units were notified.
 */
export async function sendIntakeDigest(db: Db, actor: Actor, today = chinaDate()): Promise<number> {
  const waiting = await repo.findUnacceptedBefore(db, today);
  const units = new Map<string, typeof waiting>();
  for (const r of waiting) {
    const key = `${r.handlingLevel}:${r.handlingRegionCode}`;
    units.set(key, [...(units.get(key) ?? []), r]);
  }
  if (units.size === 0) return 0;
  await audited(db, actor, async (w) => {
    for (const list of units.values()) {
      const { handlingLevel, handlingRegionCode } = list[0]!;
      const urgent = list.filter((r) => r.priority === 'high').length;
      const numbers = list.slice(0, 10).map((r) => r.number).join('、') + (list.length > 10 ? ` 等${list.length}件` : '');
      await notifyRole(w, {
        regionCode: handlingRegionCode,
        roles: [REPORT_LEVEL_ROLES[handlingLevel as TReportLevel]],
        kind: 'assigned',
        title: `有${list.length}件举报待受理${urgent ? `（${urgent}件反映遭受打击报复）` : ''}`,
        body: `待受理举报：${numbers}。请在期限内作出受理或不予受理决定。`,
        link: '/reports?status=received',
        entityType: 'report',
        entityId: list.length === 1 ? list[0]!.id : null,
      });
    }
  });
  return units.size;
}

/** Once a day: overdue alerts and identity retention. */
registerSchedule('reports.daily', async (_deps, now) => `reports.daily:${chinaDate(now)}`);
registerJobHandler('reports.daily', async (deps) => {
  await sweepOverdueReports(deps.db, systemActor());
  await eraseExpiredIdentities(deps.db, systemActor());
});

/** Every morning from DIGEST_HOUR (China time): the digest of reports waiting for acceptance. */
registerSchedule('reports.digest', async (_deps, now) => (chinaHour(now) >= DIGEST_HOUR ? `reports.digest:${chinaDate(now)}` : null));
registerJobHandler('reports.digest', async (deps) => {
  await sendIntakeDigest(deps.db, systemActor());
});
