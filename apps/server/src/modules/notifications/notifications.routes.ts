import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZNotification, ZNotificationList, ZNotificationListQuery, ZReadAllNotificationsResult } from '@mpw/contracts';
import * as notifications from './notifications.service.js';

/** Every signed-in account has an inbox; each route touches only the caller's own messages. */
export async function notificationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['notifications'];
  const params = z.object({ id: z.uuid({ message: '消息编号格式不正确' }) });

  r.get('/', {
    config: { auth: 'session' },
    schema: { tags, summary: '我的消息 My inbox', querystring: ZNotificationListQuery, response: { 200: ZNotificationList } },
  }, async (request) => notifications.findNotifications(db, request.actor, request.query));

  r.post('/:id/read', {
    config: { auth: 'session' },
    schema: { tags, summary: '标记已读 Mark a message read', params, response: { 200: ZNotification } },
  }, async (request) => notifications.markNotificationRead(db, request.actor, request.params.id));

  r.post('/read-all', {
    config: { auth: 'session' },
    schema: { tags, summary: '全部标记已读 Mark all read', response: { 200: ZReadAllNotificationsResult } },
  }, async (request) => notifications.markAllNotificationsRead(db, request.actor));
}
