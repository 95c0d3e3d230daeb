import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppDeps } from './types.js';
import { MAX_PARAM_LENGTH, frameworkError, problem, registerErrorHandling } from './plugins/errors.js';
import { registerRequestLimits } from './plugins/request-limits.js';
import { ErrorCode } from '@mpw/contracts';
import { registerAuth } from './plugins/auth.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { regionRoutes } from './modules/regions/regions.routes.js';
import { userRoutes } from './modules/users/users.routes.js';
import { settingRoutes } from './modules/settings/settings.routes.js';
import { auditRoutes, publicAuditRoutes } from './modules/audit/audit.routes.js';
import { publicRoutes } from './modules/public/public.routes.js';
import { healthRoutes } from './modules/public/health.routes.js';
import * as power from './modules/power/index.js';
import * as matters from './modules/matters/index.js';
import * as decisions from './modules/decisions/index.js';
import * as alerts from './modules/alerts/index.js';
import * as calendar from './modules/calendar/index.js';
import * as attachments from './modules/attachments/index.js';
import * as notifications from './modules/notifications/index.js';
import * as books from './modules/books/index.js';
import * as assets from './modules/assets/index.js';
import * as disclosures from './modules/disclosures/index.js';
import * as datasets from './modules/datasets/index.js';
import * as reports from './modules/reports/index.js';
import * as inspections from './modules/inspections/index.js';
import * as rectification from './modules/rectification/index.js';
import * as cases from './modules/cases/index.js';
import * as households from './modules/households/index.js';
import * as hearings from './modules/hearings/index.js';
import * as dashboards from './modules/dashboards/index.js';
import * as assessment from './modules/assessment/index.js';
import * as training from './modules/training/index.js';
import * as supervision from './modules/supervision/index.js';

/** Domain modules: each exports `routes` (staff, /api/v1/<name>) and `publicRoutes` (portal, /api/v1/public/<name>). */
const MODULES = { power, matters, decisions, alerts, calendar, attachments, notifications, books, assets, disclosures, datasets, reports, inspections, rectification, cases, households, hearings, dashboards, assessment, training, supervision };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CONSOLE_DIST = path.join(ROOT, 'apps/console/dist');
export const PORTAL_DIST = path.join(ROOT, 'apps/portal/dist');

/** The portal's reporting pages: /portal/report, /portal/report/track, /portal/v/<code>/report. */
const REPORTING_PAGE = /^\/portal(?:\/v\/[^/?]+)?\/report(?:[/?]|$)/;

/** Never log secrets: these request fields are replaced before a log line is written. */
const REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'req.headers["x-villager-token"]', 'res.headers["set-cookie"]'];

export interface BuildOptions {
  logger?: boolean | object;
  serveWeb?: boolean;
}

/** Builds the app: plugins → modules → error handler. */
export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            redact: REDACT,
            // Request logs carry method, path and id — no client address, no query string (it may hold names).
            serializers: { req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }) },
            ...(typeof opts.logger === 'object' ? opts.logger : {}),
          },
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkError,
  });
  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addContentTypeParser(['text/csv', 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    // The reporting pages (举报) are never kept by a browser or proxy: a shared phone must not show them again.
    if (REPORTING_PAGE.test(request.url)) reply.header('cache-control', 'no-store');
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd's CSS-in-JS injects style elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });

  registerErrorHandling(app);
  // Cheap bounds (URL, query string, JSON shape) before sessions are looked up or bodies parsed.
  registerRequestLimits(app);
  registerAuth(app);
  registerRateLimit(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Micro-Power Watch API (村级小微权力监督平台)', version: '1.0.0', description: 'Errors are RFC 9457 problem+json with a Chinese `message`.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'mpw_session' },
          // Machine accounts of departments push datasets with `Authorization: Bearer mpw_…` (docs/datasets-api.md).
          bearer: { type: 'http', scheme: 'bearer', description: 'API token of a machine account, scoped to its datasets' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(
    async (v1) => {
      await v1.register(authRoutes, { prefix: '/auth' });
      await v1.register(regionRoutes, { prefix: '/regions' });
      await v1.register(userRoutes, { prefix: '/users' });
      await v1.register(settingRoutes, { prefix: '/settings' });
      await v1.register(auditRoutes, { prefix: '/audit' });
      await v1.register(publicRoutes, { prefix: '/public' });
      await v1.register(publicAuditRoutes, { prefix: '/public/audit' });
      for (const [name, m] of Object.entries(MODULES)) {
        await v1.register(m.routes, { prefix: `/${name}` });
        await v1.register(m.publicRoutes, { prefix: `/public/${name}` });
      }
    },
    { prefix: '/api/v1' },
  );

  await registerWeb(app, opts.serveWeb !== false);
  return app;
}

/** Serves the built console at / and the portal at /portal, each with its client-side routes. */
async function registerWeb(app: FastifyInstance, enabled: boolean) {
  const apps = (enabled ? [
    { prefix: '/portal/', dir: PORTAL_DIST },
    { prefix: '/', dir: CONSOLE_DIST },
  ] : []).filter((a) => existsSync(path.join(a.dir, 'index.html')));
  for (const [i, a] of apps.entries()) {
    await app.register(fastifyStatic, {
      root: a.dir,
      prefix: a.prefix,
      decorateReply: i === 0,
      wildcard: false,
      index: ['index.html'],
      // Built scripts and styles have .br/.gz siblings (scripts/vite-precompress.mjs).
      preCompressed: true,
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const portal = apps.find((a) => a.prefix === '/portal/');
  const consoleApp = apps.find((a) => a.prefix === '/');
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (request.method === 'GET' && !url.startsWith('/api') && !path.extname(url)) {
      if (portal && (url === '/portal' || url.startsWith('/portal/'))) return reply.header('cache-control', 'no-cache').sendFile('index.html', portal.dir);
      if (consoleApp && !url.startsWith('/portal')) return reply.header('cache-control', 'no-cache').sendFile('index.html', consoleApp.dir);
    }
    return reply
      .status(404)
      .type('application/problem+json; charset=utf-8')
      .send(problem(ErrorCode.NOT_FOUND, `接口或页面不存在：${request.method} ${url}`, request.id));
  });
}
