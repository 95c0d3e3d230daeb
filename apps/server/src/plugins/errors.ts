import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_MESSAGES, ERROR_STATUS, ErrorCode, type Problem, type TErrorCode } from '@mpw/contracts';
import { AppError } from '../lib/errors.js';

const FIELD_NAMES: Record<string, string> = {
  username: '用户名',
  password: '密码',
  displayName: '姓名',
  regionCode: '区划代码',
  code: '代码',
  name: '名称',
  roles: '角色',
  current: '页码',
  pageSize: '每页条数',
};

export function problem(code: TErrorCode, message: string, requestId: string, details?: Problem['details']): Problem {
  return {
    type: `https://micropower.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: ERROR_MESSAGES[code].en,
    status: ERROR_STATUS[code],
    code,
    message,
    ...(details ? { details } : {}),
    requestId,
  };
}

/** The one error handler: everything leaves as RFC 9457 problem+json with a Chinese message. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    let body: Problem;
    if (err instanceof AppError) {
      body = problem(err.code, err.message, request.id, err.details as Problem['details']);
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => {
        const path = [v.instancePath.replace(/^\//, '').replace(/\//g, '.')].filter(Boolean).join('.') || (v.params as { issue?: { path?: string[] } })?.issue?.path?.join('.') || '';
        const field = path.split('.')[0] ?? '';
        return { path, message: `${FIELD_NAMES[field] ? FIELD_NAMES[field] + ' ' : ''}${v.message}` };
      });
      const where = details.map((d) => `${d.path || '请求'}: ${d.message}`).join('；');
      body = problem(ErrorCode.VALIDATION_FAILED, `输入有误：${where}`, request.id, details);
    } else if (err.validation) {
      const details = err.validation.map((v) => ({ path: v.instancePath.replace(/^\//, ''), message: v.message ?? '' }));
      body = problem(ErrorCode.VALIDATION_FAILED, `输入有误：${details.map((d) => `${d.path} ${d.message}`).join('；')}`, request.id, details);
    } else if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      body = problem(ErrorCode.PAYLOAD_TOO_LARGE, ERROR_MESSAGES.PAYLOAD_TOO_LARGE.zh, request.id);
    } else if (err.statusCode === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      body = problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, ERROR_MESSAGES.UNSUPPORTED_MEDIA_TYPE.zh, request.id);
    } else if (err.statusCode === 429) {
      body = problem(ErrorCode.RATE_LIMITED, ERROR_MESSAGES.RATE_LIMITED.zh, request.id);
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Malformed JSON, bad content length and other client errors Fastify detects itself.
      body = problem(ErrorCode.VALIDATION_FAILED, `请求格式有误：${err.message}`, request.id, [{ path: '', message: err.message }]);
    } else if (isDatabaseUnavailable(err)) {
      request.log.error({ err }, 'database unavailable');
      body = problem(ErrorCode.SERVICE_UNAVAILABLE, ERROR_MESSAGES.SERVICE_UNAVAILABLE.zh, request.id);
    } else {
      if (isResponseSerializationError(err)) request.log.error({ err: err.cause }, 'response did not match its schema');
      else request.log.error({ err }, 'unhandled error');
      body = problem(ErrorCode.INTERNAL, ERROR_MESSAGES.INTERNAL.zh, request.id);
    }
    if (body.status === 503) reply.header('retry-after', '5');
    return reply.status(body.status).type('application/problem+json; charset=utf-8').send(body);
  });
}

function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
  return ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '08003'].includes(code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect/i.test((err as Error)?.message ?? '');
}
