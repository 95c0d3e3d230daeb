import type { TNotification, TNotificationKind } from '@mpw/contracts';
import type { NotificationRow } from './notifications.repository.js';
import type { OutboundMessage } from './notifications.channels.js';

export function presentNotification(row: NotificationRow): TNotification {
  return {
    id: row.id,
    kind: row.kind as TNotificationKind,
    title: row.title,
    body: row.body,
    link: row.link,
    entityType: row.entityType,
    entityId: row.entityId,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function outboundMessage(row: NotificationRow): OutboundMessage {
  return { kind: row.kind, title: row.title, body: row.body, link: row.link };
}
