import { z } from 'zod';
import { NOTIFICATION_BODY_MAX, NOTIFICATION_KINDS, NOTIFICATION_TITLE_MAX } from '@mpw/contracts';

/**
 * A notice says that something needs attention and where; it never carries the content of a
 * report or who made it. These limits are a guard against callers pasting content in.
 */
export const ZNotifyMessage = z.object({
  kind: z.enum(NOTIFICATION_KINDS, { message: '未知的消息类型' }),
  title: z
    .string()
    .trim()
    .min(1, { message: '消息标题不能为空' })
    .max(NOTIFICATION_TITLE_MAX, { message: `消息标题不能超过${NOTIFICATION_TITLE_MAX}个字` })
    .regex(/^[^\r\n]*$/, { message: '消息标题不能换行' }),
  body: z.string().trim().max(NOTIFICATION_BODY_MAX, { message: `消息正文不能超过${NOTIFICATION_BODY_MAX}个字：消息只提示事项，不转述内容` }),
  /** A console path: never an outside address. */
  link: z
    .string()
    .max(500)
    .regex(/^\/(?![/\\])[^\s]*$/, { message: '链接须为平台内路径，如 /matters/…' })
    .nullish(),
  entityType: z.string().max(40).nullish(),
  entityId: z.string().max(100).nullish(),
});
export type TNotifyMessage = z.input<typeof ZNotifyMessage>;
