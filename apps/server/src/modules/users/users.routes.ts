import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCreateUserRequest, ZPage, ZResetPasswordRequest, ZUpdateUserRequest, ZUser, ZUserListQuery } from '@mpw/contracts';
import * as users from './users.service.js';

export async function userRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['users'];
  const params = z.object({ id: z.uuid({ message: '账号编号格式不正确' }) });

  r.get('/', {
    config: { permission: 'user:account:read' },
    schema: { tags, summary: '账号列表 List accounts', querystring: ZUserListQuery, response: { 200: ZPage(ZUser) } },
  }, async (request) => users.findUsers(db, request.actor, request.query));

  r.get('/:id', {
    config: { permission: 'user:account:read' },
    schema: { tags, summary: '账号详情 Get an account', params, response: { 200: ZUser } },
  }, async (request) => users.getUserById(db, request.actor, request.params.id));

  r.post('/', {
    config: { permission: 'user:account:write' },
    schema: { tags, summary: '新增账号 Create an account', body: ZCreateUserRequest, response: { 201: ZUser } },
  }, async (request, reply) => reply.status(201).send(await users.createUser(db, request.actor, request.body)));

  r.patch('/:id', {
    config: { permission: 'user:account:write' },
    schema: { tags, summary: '修改账号 Update an account', params, body: ZUpdateUserRequest, response: { 200: ZUser } },
  }, async (request) => users.updateUser(db, request.actor, request.params.id, request.body));

  r.post('/:id/reset-password', {
    config: { permission: 'user:account:write' },
    schema: { tags, summary: '重置密码 Reset password', params, body: ZResetPasswordRequest, response: { 200: ZUser } },
  }, async (request) => users.resetPassword(db, request.actor, request.params.id, request.body.password));

  r.post('/:id/disable', {
    config: { permission: 'user:account:write' },
    schema: { tags, summary: '停用账号 Disable an account', params, response: { 200: ZUser } },
  }, async (request) => users.setUserStatus(db, request.actor, request.params.id, 'disabled'));

  r.post('/:id/enable', {
    config: { permission: 'user:account:write' },
    schema: { tags, summary: '启用账号 Enable an account', params, response: { 200: ZUser } },
  }, async (request) => users.setUserStatus(db, request.actor, request.params.id, 'active'));

  r.post('/:id/unlock', {
    config: { permission: 'user:account:write' },
    schema: { tags, summary: '解除登录锁定 Unlock sign-in', params, response: { 200: ZUser } },
  }, async (request) => users.unlockUser(db, request.actor, request.params.id));
}
