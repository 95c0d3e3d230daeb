import { z } from 'zod';

export const ZSettingView = z.object({
  key: z.string(),
  module: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  description: z.object({ zh: z.string(), en: z.string() }),
  /** A JSON-schema-like hint for the console form: 'integer' | 'boolean' | 'money_fen' | 'days' | 'string'. */
  kind: z.string(),
  defaultValue: z.unknown(),
  value: z.unknown(),
  effectiveFrom: z.string().nullable(),
  history: z.array(
    z.object({ value: z.unknown(), effectiveFrom: z.string(), changedBy: z.string().nullable(), changedAt: z.string(), reason: z.string().nullable() }),
  ),
});
export type TSettingView = z.infer<typeof ZSettingView>;

export const ZUpdateSettingRequest = z.object({
  value: z.unknown(),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '生效日期格式应为YYYY-MM-DD' }).optional(),
  reason: z.string().trim().max(200, { message: '原因不能超过200个字' }).optional(),
});
export type TUpdateSettingRequest = z.infer<typeof ZUpdateSettingRequest>;
