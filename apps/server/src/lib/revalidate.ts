import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Published content that must show a correction or an answer at once: the browser may keep it
 * but asks every time (`no-cache`), and gets 304 without a body when nothing changed (a strong
 * ETag over the response data).
 */
export function revalidated<T, R extends FastifyReply>(request: FastifyRequest, reply: R, data: T): T | R {
  const etag = `"${createHash('sha256').update(JSON.stringify(data)).digest('base64url').slice(0, 27)}"`;
  reply.header('cache-control', 'public, no-cache').header('etag', etag);
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) {
    return reply.code(304).send() as R;
  }
  return data;
}
