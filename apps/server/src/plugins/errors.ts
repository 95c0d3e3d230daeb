import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
      const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit;
      body = problem(ErrorCode.PAYLOAD_TOO_LARGE, `${ERROR_MESSAGES.PAYLOAD_TOO_LARGE.zh}：本接口最多接受 ${formatBytes(limit)}`, request.id);
    } else if (err.statusCode === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      body = problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, ERROR_MESSAGES.UNSUPPORTED_MEDIA_TYPE.zh, request.id);
    } else if (err.statusCode === 429) {
      body = problem(ErrorCode.RATE_LIMITED, ERROR_MESSAGES.RATE_LIMITED.zh, request.id);
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Malformed JSON, bad content length and other client errors Fastify detects itself.
      body = problem(ErrorCode.VALIDATION_FAILED, `请求格式有误：${err.message}`, request.id, [{ path: '', message: err.message }]);
    } else if (isDataException(err)) {
      // The database refused a value the schema let through (a date like 2026-02-30, a number beyond
      // its column): bad input, answered 400; logged so the schema can be tightened.
      request.log.warn({ err }, 'database rejected an input value');
      body = problem(ErrorCode.VALIDATION_FAILED, `${ERROR_MESSAGES.VALIDATION_FAILED.zh}：某个值超出允许的范围或格式`, request.id, [{ path: '', message: '值超出允许的范围或格式' }]);
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

/** Longest path parameter the router matches (Fastify's `maxParamLength`, its default). */
export const MAX_PARAM_LENGTH = 100;

/** Errors the router raises before any route is found (Fastify's `frameworkErrors`): a malformed or over-long path. */
export function frameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? `路径参数过长：每个路径参数最多 ${MAX_PARAM_LENGTH} 个字符` : '请求地址格式有误';
  if (err.code !== 'FST_ERR_MAX_PARAM_LENGTH' && err.code !== 'FST_ERR_BAD_URL') request.log.error({ err }, 'router error');
  const body = err.code === 'FST_ERR_MAX_PARAM_LENGTH' || err.code === 'FST_ERR_BAD_URL'
    ? problem(ErrorCode.VALIDATION_FAILED, message, request.id, [{ path: '', message }])
    : problem(ErrorCode.INTERNAL, ERROR_MESSAGES.INTERNAL.zh, request.id);
  void reply.status(body.status).type('application/problem+json; charset=utf-8').send(body);
}

function formatBytes(n: number | undefined): string {
  if (!n) return '1 MiB';
  return n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB` : `${Math.round(n / 1024)} KiB`;
}

/** PostgreSQL class 22 (data exception): a value out of range, an impossible date, a bad encoding. */
function isDataException(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

const UNAVAILABLE_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08006', '08001', '08003', '08004'];
/** What pg says when the server went away (its errors carry no code): while connecting, mid-query, or on a broken connection. */
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|not queryable|terminating connection/i;

/**
 * The database cannot be reached (down, restarting, crashed mid-query): 503, not 500. Drizzle
 * wraps a driver's error as the cause of its own ("Failed query: …"), so the cause is looked at too.
 */
function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.includes(e.code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}
