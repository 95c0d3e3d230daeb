import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, hasPermission } from '@mpw/contracts';
import { AppError } from '../lib/errors.js';
import { anonymousActor, type Actor } from '../lib/actor.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../modules/auth/auth.policy.js';
import { resolveSession, type SessionContext } from '../modules/auth/session.service.js';
import { getSetting } from '../modules/settings/settings.service.js';
import { MFA_REQUIRED_FOR_STAFF } from '../modules/settings/settings.definitions.js';
import { authenticateToken } from '../modules/datasets/datasets.service.js';
import { bearerToken, type TokenContext } from '../modules/datasets/datasets.tokens.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Also accept a machine account's API token (`Authorization: Bearer mpw_…`) in place of a
     * session: only the department data push does. A token on any other route is refused.
     */
    token?: boolean;
  }
  interface FastifyRequest {
    /** The API token the request was signed with (token routes only). */
    apiToken: TokenContext | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function actorOf(session: SessionContext, requestId: string): Actor {
  return { kind: 'user', userId: session.userId, username: session.username, roles: session.roles, regionCode: session.regionCode, requestId };
}

/**
 * Authorization in one place, before the body is even read (an anonymous caller learns
 * nothing from validation errors). Every route declares `config.auth = 'public' | 'session'` or
 * a `config.permission`; a route that declares neither makes the app refuse to start.
 * Record-level scope is the repositories' job (out-of-scope reads answer 404).
 */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('session', null);
  app.decorateRequest('apiToken', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const cfg = route.config ?? {};
    if (!cfg.auth && !cfg.permission) throw new Error(`route ${route.method} ${route.url} declares neither auth nor permission`);
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const cfg = request.routeOptions.config ?? {};
    request.actor = anonymousActor(request.id);
    // Unmatched URLs fall through to the not-found handler (404), whoever asks.
    if (!request.url.startsWith('/api/v1') || !request.routeOptions.url) return;
    const { db, config } = app.deps;
    // A token request carries no cookie and no CSRF header: it is not a browser's, so CSRF does not apply.
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== null) {
      if (!cfg.token) throw new AppError(ErrorCode.UNAUTHENTICATED, { message: '接口令牌只能用于部门数据推送接口（POST /api/v1/datasets/push/:dataset），其他接口请登录后使用' });
      const tokenCtx = await authenticateToken(db, bearer, request.id);
      if (!tokenCtx) throw new AppError(ErrorCode.UNAUTHENTICATED, { message: '接口令牌无效、已吊销或已过期' });
      request.actor = tokenCtx.actor;
      request.apiToken = tokenCtx;
      if (cfg.permission && !hasPermission(tokenCtx.actor.roles, cfg.permission)) throw new AppError(ErrorCode.FORBIDDEN);
      return;
    }
    const token = request.cookies?.[SESSION_COOKIE];
    const session = token
      ? await resolveSession(db, token, {
          idleMinutes: config.session.idleMinutes,
          mfaRequiredFor: (regionCode) => getSetting(db, MFA_REQUIRED_FOR_STAFF, regionCode),
        })
      : null;
    request.session = session;
    if (session) request.actor = actorOf(session, request.id);
    if (cfg.auth === 'public') return;
    if (!session) throw new AppError(ErrorCode.UNAUTHENTICATED);
    if (UNSAFE.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) throw new AppError(ErrorCode.CSRF_FAILED);
    if (session.stage !== 'active' && !(cfg.allowStages ?? []).includes(session.stage)) {
      throw new AppError(
        session.stage === 'mfa_required'
          ? ErrorCode.MFA_REQUIRED
          : session.stage === 'mfa_enrolment_required'
            ? ErrorCode.MFA_ENROLMENT_REQUIRED
            : ErrorCode.PASSWORD_CHANGE_REQUIRED,
      );
    }
    if (cfg.permission && !hasPermission(session.roles, cfg.permission)) throw new AppError(ErrorCode.FORBIDDEN);
  });
}
