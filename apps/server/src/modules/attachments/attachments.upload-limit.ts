import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../../lib/errors.js';

/** Room for the form fields and part headers of a multipart body around its one file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * Refuses a body whose declared length already passes the route's limit, before a byte of it is
 * read (a client sending without a length is stopped by the streaming limit instead). `limit`
 * is the largest acceptable body, overhead included.
 */
export function refuseDeclaredOversize(request: FastifyRequest, reply: FastifyReply, limit: number, tooLarge: () => AppError): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    closeAfterReply(reply);
    throw tooLarge();
  }
}

/** The rest of an oversize body is not worth reading: the connection closes once the 413 is sent. */
export function closeAfterReply(reply: FastifyReply): void {
  reply.header('connection', 'close');
}

export const isTooLarge = (err: unknown): boolean => err instanceof AppError && err.code === ErrorCode.PAYLOAD_TOO_LARGE;
