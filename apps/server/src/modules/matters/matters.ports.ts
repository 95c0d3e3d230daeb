import { and, count, eq, isNull } from 'drizzle-orm';
import { attachments, powerItems, type DbOrTx } from '@mpw/db';
import type { TDecisionStage, TFlowStep } from '@mpw/contracts';
import { addCalendarDays } from '../../lib/calendar/index.js';
import { AppError, ErrorCode } from '../../lib/errors.js';
import type { AuditedTx } from '../audit/audit.log.js';
import { getSetting } from '../settings/settings.service.js';
import { getSettingDefinition } from '../settings/settings.registry.js';
import { getCalendar } from '../calendar/calendar.service.js';
import * as decisions from '../decisions/decisions.service.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { notifyRole } from '../notifications/notifications.service.js';
import { openFlowPublication } from '../disclosures/disclosures.service.js';
import type { TMeetingRecord } from './matters.schemas.js';

/**
 * What the flow engine needs from other modules, in one place: the working-day calendar,
 * district thresholds, 四议两公开 decisions, alerts, the inbox and attachments.
 */
export const ports = {
  addCalendarDays,

  async addWorkingDays(db: DbOrTx, regionCode: string, start: string, days: number): Promise<string> {
    return (await getCalendar(db, regionCode)).addWorkingDays(start, days);
  },

  async thresholdFen(db: DbOrTx, regionCode: string, settingKey: string): Promise<number> {
    const def = getSettingDefinition(settingKey);
    if (!def) throw new AppError(ErrorCode.INTERNAL, { message: `流程引用了未定义的设置 ${settingKey}` });
    return Number(await getSetting(db, def, regionCode));
  },

  async createDecision(w: AuditedTx, input: { regionCode: string; title: string; amountFen: number | null; matterId: string }): Promise<string> {
    const d = await decisions.createDecision(w, w.actor, { regionCode: input.regionCode, title: input.title, amountFen: input.amountFen, matterId: input.matterId });
    return d.id;
  },

  async recordDecisionStage(w: AuditedTx, decisionId: string, stage: TDecisionStage, meeting: TMeetingRecord): Promise<{ outcome: 'passed' | 'failed' | null; reason: string | null }> {
    const d = await decisions.recordStage(w, w.actor, decisionId, { stage, ...meeting });
    const s = d.stages.find((x) => x.stage === stage)!;
    return { outcome: s.outcome, reason: s.outcomeReason };
  },

  /**
   * When a matter finishes, its passed decision gets the last of 四议两公开, 实施结果公开,
   * dated the day the result was disclosed (unless the flow already recorded it).
   */
  async publishDecisionResult(w: AuditedTx, decisionId: string, today: string): Promise<void> {
    // The matter's own decision: already in the actor's scope through the matter.
    const d = await decisions.getDecisionById(w.tx, { ...w.actor, regionCode: null }, decisionId);
    if (d.status !== 'passed' || d.stages.some((s) => s.stage === 'result_published')) return;
    await decisions.recordStage(w, { ...w.actor, regionCode: null }, decisionId, { stage: 'result_published', heldOn: today, minutes: '事项办结，实施结果已按流程公开' });
  },

  async raiseOverdueAlert(w: AuditedTx, input: { matterNo: string; stepId: string; regionCode: string; summary: string }) {
    await raiseAlert(w, {
      rule: 'OVERDUE_STEP',
      subjectType: 'matter',
      subjectId: `${input.matterNo}:${input.stepId}`,
      regionCode: input.regionCode,
      severity: 'yellow',
      summary: input.summary,
      evidence: `matter:${input.matterNo}`,
    });
  },

  notifyRole,

  /**
   * A step that publishes (公示, 结果公开, 决议公开, 实施结果公开) puts a draft item on the village's
   * disclosure list, due when the step says; the disclosures module owns it from there.
   */
  async openPublication(
    w: AuditedTx,
    m: { id: string; matterNo: string; title: string; itemId: string; regionCode: string; applicantName: string | null; amountFen: number | null },
    step: TFlowStep,
    when: { openedOn: string; noticeEndsOn: string | null; dueOn: string },
  ): Promise<string> {
    const [item] = await w.tx.select({ name: powerItems.name }).from(powerItems).where(eq(powerItems.id, m.itemId));
    return openFlowPublication(w, {
      matterId: m.id,
      matterNo: m.matterNo,
      matterTitle: m.title,
      itemName: item?.name ?? '',
      regionCode: m.regionCode,
      stepId: step.id,
      stepName: step.name,
      stepKind: step.kind === 'notice' ? 'notice' : step.kind === 'meeting' ? 'meeting' : 'disclosure',
      disclose: step.disclose,
      applicantName: m.applicantName,
      amountFen: m.amountFen,
      ...when,
    });
  },

  async countAttachments(db: DbOrTx, entityType: string, entityId: string): Promise<number> {
    const [r] = await db
      .select({ n: count() })
      .from(attachments)
      .where(and(eq(attachments.entityType, entityType), eq(attachments.entityId, entityId), isNull(attachments.deletedAt)));
    return Number(r?.n ?? 0);
  },
};
