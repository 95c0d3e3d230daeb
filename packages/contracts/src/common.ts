import { z } from 'zod';

/** List queries take `current` and `pageSize`, as Ant Design's ProTable sends them. */
export const ZPageQuery = z.object({
  current: z.coerce.number().int().min(1, { message: '页码最小为1' }).default(1),
  pageSize: z.coerce.number().int().min(1, { message: '每页条数最小为1' }).max(200, { message: '每页条数最多200' }).default(20),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

export function ZPage<T extends z.ZodTypeAny>(item: T) {
  return z.object({ data: z.array(item), total: z.number().int() });
}

export const ZOk = z.object({ ok: z.literal(true) });
