import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, hasPermission } from '@mpw/contracts';
import { AppError } from '../lib/errors.js';
import { anonymousActor, type Actor } from '../lib/actor.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../modules/auth/auth.policy.js';
import { resolveSession, type SessionContext } from '../modules/auth/session.service.js';
import { getSetting } from '../modules/settings/settings.service.js';
import { MFA_REQUIRED_FOR_STAFF } from '../modules/settings/settings.definitions.js';

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
    const token = request.cookies?.[SESSION_COOKIE];
    const { db, config } = app.deps;
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
