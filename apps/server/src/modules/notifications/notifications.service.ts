import { randomUUID } from 'node:crypto';
import type { Db } from '@mpw/db';
import type { TNotification, TNotificationList, TNotificationListQuery, TRole } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound, validationError } from '../../lib/errors.js';
import type { AuditedTx } from '../audit/audit.log.js';
import { enqueueDeliveries, recipientOf } from './notifications.outbox.js';
import { ZNotifyMessage, type TNotifyMessage } from './notifications.policy.js';
import { presentNotification } from './notifications.presenter.js';
import * as repo from './notifications.repository.js';

export type NotifyInput = TNotifyMessage & { userIds: string[] };
export type NotifyRoleInput = TNotifyMessage & { regionCode: string; roles: TRole[] };

function parseMessage(input: TNotifyMessage) {
  const parsed = ZNotifyMessage.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw validationError(issue.path.join('.'), issue.message);
  }
  return parsed.data;
}

/**
 * Puts a message in the inbox of each active account among `userIds`, in the transaction of
 * the business change that causes it, and queues one outbound delivery per recipient per
 * enabled channel that can reach them.
 *
 * Callers pass only a short title, a body that says what needs attention and a console link.
 * Never put the content of a report, a reporter's name or anything that identifies them in a
 * message: messages leave the platform by email and SMS. Bodies longer than 500 characters
 * are refused. Returns the ids of the new messages.
 */
export async function notify(w: AuditedTx, input: NotifyInput): Promise<string[]> {
  const message = parseMessage(input);
  const recipients = await repo.activeUsersByIds(w.tx, [...new Set(input.userIds)]);
  const rows = recipients.map((u) => ({
    id: randomUUID(),
    userId: u.id,
    kind: message.kind,
    title: message.title,
    body: message.body,
    link: message.link ?? null,
    entityType: message.entityType ?? null,
    entityId: message.entityId ?? null,
    regionCode: u.regionCode,
    createdBy: w.actor.userId,
    updatedBy: w.actor.userId,
  }));
  await repo.insertNotifications(w.tx, rows);
  for (const [i, u] of recipients.entries()) await enqueueDeliveries(w.tx, rows[i]!.id, recipientOf(u));
  return rows.map((r) => r.id);
}

/**
 * Notifies the active accounts bound to exactly `regionCode` that hold one of `roles` — e.g.
 * the township staff of a matter's township. Same rules as `notify`.
 */
export async function notifyRole(w: AuditedTx, input: NotifyRoleInput): Promise<string[]> {
  const { regionCode, roles, ...message } = input;
  const users = await repo.activeUsersWithRoles(w.tx, regionCode, roles);
  return notify(w, { ...message, userIds: users.map((u) => u.id) });
}

/** The actor's own inbox: `total` counts the filtered list, `unread` the whole inbox. */
export async function findNotifications(db: Db, actor: Actor, q: TNotificationListQuery): Promise<TNotificationList> {
  const { rows, total, unread } = await repo.findForUser(db, actor.userId!, { unreadOnly: q.unread ?? false }, { offset: (q.current - 1) * q.pageSize, limit: q.pageSize });
  return { data: rows.map(presentNotification), total, unread };
}

/** Marks one of the actor's own messages read; anyone else's is answered like a missing one. */
export async function markNotificationRead(db: Db, actor: Actor, id: string): Promise<TNotification> {
  const row = await repo.markRead(db, actor.userId!, id);
  if (!row) throw notFound('消息');
  return presentNotification(row);
}

export async function markAllNotificationsRead(db: Db, actor: Actor): Promise<{ updated: number }> {
  return { updated: await repo.markAllRead(db, actor.userId!) };
}
