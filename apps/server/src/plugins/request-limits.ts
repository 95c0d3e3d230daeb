import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from '../lib/errors.js';

/**
 * Bounds on what one request may carry, checked before a body is turned into objects and before
 * any schema runs, so an abusive request costs one linear scan and gets a 4xx naming the limit.
 * Body size is Fastify's `bodyLimit` (1 MiB, more on the CSV import routes); uploads have their
 * own multipart limits on their routes; path parameters are at most 100 characters (Fastify's
 * `maxParamLength`, answered by the error handler's framework-error branch).
 */
export const REQUEST_LIMITS = {
  /** Nesting of objects and arrays in a JSON body. */
  jsonDepth: 32,
  /** Elements of any one array in a JSON body. */
  arrayLength: 10_000,
  /** Characters of the request target (path and query string). */
  urlLength: 8192,
  /** Parameters in the query string, repeats counted. */
  queryParams: 100,
} as const;

export type JsonBreach = 'depth' | 'array' | 'nul';

/**
 * One pass over a JSON text: how deep it nests, how long its arrays are, whether a string holds
 * NUL (`\u0000`, which PostgreSQL text cannot store). No recursion, no allocation per value.
 */
export function jsonBreach(text: string, limits: { jsonDepth: number; arrayLength: number } = REQUEST_LIMITS): JsonBreach | null {
  // Per open container: -1 for an object, else the commas seen so far in that array.
  const stack: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) {
        if (text.charCodeAt(i + 1) === 0x75 /* u */ && text.startsWith('0000', i + 2)) return 'nul';
        i++;
      } else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push(c === 0x7b ? -1 : 0);
      if (stack.length > limits.jsonDepth) return 'depth';
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */ && stack.length > 0) {
      const top = stack.length - 1;
      if (stack[top]! >= 0 && ++stack[top]! >= limits.arrayLength) return 'array';
    }
  }
  return null;
}

const BREACH_ERRORS: Record<JsonBreach, () => AppError> = {
  depth: () => new AppError(ErrorCode.VALIDATION_FAILED, { message: `请求内容嵌套过深：对象和数组最多嵌套 ${REQUEST_LIMITS.jsonDepth} 层`, details: [{ path: '', message: `嵌套超过 ${REQUEST_LIMITS.jsonDepth} 层` }] }),
  array: () => new AppError(ErrorCode.PAYLOAD_TOO_LARGE, { message: `请求中的数组过长：每个数组最多 ${REQUEST_LIMITS.arrayLength} 项`, details: [{ path: '', message: `数组超过 ${REQUEST_LIMITS.arrayLength} 项` }] }),
  nul: () => nulError(),
};

const nulError = () => new AppError(ErrorCode.VALIDATION_FAILED, { message: '输入含有空字符（\\u0000），请删除后重试', details: [{ path: '', message: '不能含有空字符' }] });

function countQueryParams(url: string): number {
  const q = url.indexOf('?');
  if (q < 0) return 0;
  let n = 0;
  for (const part of url.slice(q + 1).split('&')) if (part) n++;
  return n;
}

export function registerRequestLimits(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const url = request.url;
    if (url.length > REQUEST_LIMITS.urlLength) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `请求地址过长：路径和查询参数最多 ${REQUEST_LIMITS.urlLength} 个字符`, details: [{ path: '', message: '地址过长' }] });
    }
    if (countQueryParams(url) > REQUEST_LIMITS.queryParams) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, { message: `查询参数过多：最多 ${REQUEST_LIMITS.queryParams} 个`, details: [{ path: '', message: '查询参数过多' }] });
    }
    if (/%00/i.test(url)) throw nulError();
  });

  // Fastify's own JSON parser (prototype-poisoning checks included), behind the shape check.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const breach = jsonBreach(body as string);
    if (breach) {
      done(BREACH_ERRORS[breach](), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
