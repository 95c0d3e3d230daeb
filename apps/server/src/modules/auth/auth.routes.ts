import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZChangePasswordRequest, ZLoginRequest, ZOk, ZSessionInfo, ZTotpCodeRequest, ZTotpSetupResponse, ErrorCode } from '@mpw/contracts';
import { AppError } from '../../lib/errors.js';
import { getSetting } from '../settings/settings.service.js';
import { MFA_REQUIRED_FOR_STAFF } from '../settings/settings.definitions.js';
import { SESSION_COOKIE } from './auth.policy.js';
import * as auth from './auth.service.js';

const ALL_STAGES = ['mfa_required', 'mfa_enrolment_required', 'password_change_required'] as const;

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, secrets } = app.deps;
  const tags = ['auth'];

  const setCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.session.cookieSecure, expires: expiresAt });

  r.post('/login', {
    config: { auth: 'public' },
    schema: { tags, summary: '登录 Sign in', body: ZLoginRequest, response: { 200: ZSessionInfo } },
  }, async (request, reply) => {
    const result = await auth.login(
      db,
      { ...request.body, requestId: request.id, previousSessionId: request.session?.id ?? null },
      { absoluteHours: config.session.absoluteHours, mfaRequiredFor: (code) => getSetting(db, MFA_REQUIRED_FOR_STAFF, code) },
    );
    setCookie(reply, result.token, new Date(result.info.expiresAt));
    return result.info;
  });

  r.post('/logout', {
    config: { auth: 'session', allowStages: [...ALL_STAGES] },
    schema: { tags, summary: '退出登录 Sign out', response: { 200: ZOk } },
  }, async (request, reply) => {
    await auth.logout(db, request.actor, request.session!.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.get('/me', {
    config: { auth: 'session', allowStages: [...ALL_STAGES] },
    schema: { tags, summary: '当前会话 Current session', response: { 200: ZSessionInfo } },
  }, async (request) => auth.sessionInfo(db, request.session!));

  r.post('/password', {
    config: { auth: 'session', allowStages: ['password_change_required'] },
    schema: { tags, summary: '修改密码 Change password', body: ZChangePasswordRequest, response: { 200: ZOk } },
  }, async (request) => {
    await auth.changePassword(db, request.actor, request.session!.id, request.body);
    return { ok: true as const };
  });

  r.post('/mfa/totp/setup', {
    config: { auth: 'session', allowStages: ['mfa_enrolment_required'] },
    schema: { tags, summary: '生成动态验证码密钥 Start TOTP enrolment', response: { 200: ZTotpSetupResponse } },
  }, async (request) => auth.setupTotp(db, request.actor, secrets));

  r.post('/mfa/totp/enable', {
    config: { auth: 'session', allowStages: ['mfa_enrolment_required'] },
    schema: { tags, summary: '启用动态验证码 Enable TOTP', body: ZTotpCodeRequest, response: { 200: ZOk } },
  }, async (request) => {
    await auth.enableTotp(db, request.actor, request.session!.id, secrets, request.body.code);
    return { ok: true as const };
  });

  r.post('/mfa/verify', {
    config: { auth: 'session', allowStages: ['mfa_required'] },
    schema: { tags, summary: '验证动态验证码 Verify one-time code', body: ZTotpCodeRequest, response: { 200: ZOk } },
  }, async (request) => {
    if (request.session!.stage !== 'mfa_required') throw new AppError(ErrorCode.CONFLICT, { message: '当前会话无需验证动态验证码' });
    await auth.verifyTotp(db, request.actor, request.session!.id, secrets, request.body.code);
    return { ok: true as const };
  });
}
