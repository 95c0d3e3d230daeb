import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../lib/errors.js';

export async function healthRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/health', {
    config: { auth: 'public' },
    schema: {
      tags: ['public'],
      summary: '健康检查 Health',
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), embedded: z.boolean() }) },
    },
  }, async () => {
    try {
      await app.deps.db.execute(sql`select 1`);
    } catch {
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE);
    }
    return { status: 'ok' as const, database: app.deps.dbKind, embedded: app.deps.dbKind === 'pglite' };
  });
}
