import type { TIntakeReportRequest, TReportLevel, TRole } from '@mpw/contracts';
import type { TestContext } from '../../../test/helpers.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import * as reports from './reports.service.js';

/** A staff actor for calling services directly in fixtures. */
export function actorOf(u: { id: string; username: string; roles: readonly TRole[] | readonly string[]; regionCode: string }): Actor {
  return { kind: 'user', userId: u.id, username: u.username, roles: [...u.roles] as TRole[], regionCode: u.regionCode, requestId: null };
}

export const REPORTER = { name: '李举报', phone: '13800001111', idNumber: '11010519491231002X', address: '甲一村3组', wantsProtection: true };

/** A GB 11643 identity number with the right check character. */
export function idNumber(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11]!;
}

let counter = 0;

/** A report taken in by the system (as if by phone): real-name unless `anonymous`. */
export async function newReport(ctx: TestContext, regionCode: string, over: Partial<TIntakeReportRequest> = {}) {
  counter++;
  const anonymous = over.anonymous ?? false;
  const input = {
    category: 'subsistence',
    regionCode,
    subjectName: `被举报人${counter}`,
    subjectPosition: '村委会主任',
    subjectKind: 'other',
    content: `举报内容${counter}：低保评定中优亲厚友。`,
    channel: 'phone',
    anonymous,
    ...(anonymous ? {} : { reporter: REPORTER }),
    ...over,
  } as TIntakeReportRequest;
  return reports.intakeReport(ctx.platform.deps.db, ctx.platform.deps.secrets, systemActor(), input);
}

/** The report handed to `level` (accepted there, waiting for a person). */
export async function handTo(ctx: TestContext, id: string, level: TReportLevel) {
  const d = await reports.getReportById(ctx.platform.deps.db, systemActor(), id);
  if (d.handlingLevel === level) return d.status === 'received' ? reports.acceptReport(ctx.platform.deps.db, systemActor(), id, {}) : d;
  return reports.transferReport(ctx.platform.deps.db, systemActor(), id, { level, reason: '测试转办' });
}

/** The report accepted at its level (or handed to `level`) and assigned to `userId`. */
export async function assignedTo(ctx: TestContext, id: string, userId: string, level?: TReportLevel) {
  const d = await reports.getReportById(ctx.platform.deps.db, systemActor(), id);
  await handTo(ctx, id, level ?? d.handlingLevel);
  return reports.assignReport(ctx.platform.deps.db, systemActor(), id, { userId });
}

/** Assigned to `handler` and concluded by them with `conclusion`. */
export async function concludedBy(ctx: TestContext, id: string, handler: Actor, conclusion: 'true' | 'partly_true' | 'untrue' = 'true', level?: TReportLevel) {
  await assignedTo(ctx, id, handler.userId!, level);
  return reports.concludeReport(ctx.platform.deps.db, handler, id, { conclusion, note: '经核查，反映问题属实。' });
}
