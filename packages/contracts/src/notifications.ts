import { z } from 'zod';
import { ZPageQuery } from './common.js';

export const NOTIFICATION_KINDS = ['assigned', 'due_soon', 'overdue', 'returned', 'filing', 'info'] as const;
export type TNotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<TNotificationKind, { zh: string; en: string }> = {
  assigned: { zh: '待办', en: 'Assigned' },
  due_soon: { zh: '即将到期', en: 'Due soon' },
  overdue: { zh: '已超期', en: 'Overdue' },
  returned: { zh: '退回', en: 'Returned' },
  filing: { zh: '备案', en: 'Filing' },
  info: { zh: '通知', en: 'Information' },
};

/** Limits of a message: notices point to a record, they never carry its content. */
export const NOTIFICATION_TITLE_MAX = 100;
export const NOTIFICATION_BODY_MAX = 500;

export const ZNotification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  /** A console path such as /matters/…, or null. */
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationListQuery = ZPageQuery.extend({
  unread: z
    .enum(['true', 'false'], { message: 'unread 只能是 true 或 false' })
    .transform((v) => v === 'true')
    .optional(),
});
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>;

export const ZNotificationList = z.object({
  data: z.array(ZNotification),
  total: z.number().int(),
  /** Unread messages in the whole inbox, whatever the filter. */
  unread: z.number().int(),
});
export type TNotificationList = z.infer<typeof ZNotificationList>;

export const ZReadAllNotificationsResult = z.object({ updated: z.number().int() });
