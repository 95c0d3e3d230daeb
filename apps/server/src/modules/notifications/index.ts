import type { FastifyInstance } from 'fastify';
import { notificationRoutes } from './notifications.routes.js';
import { configureOutboundChannels } from './notifications.config.js';

/** Routes of the notifications module, mounted at /api/v1/notifications by app.ts; also sets up the outbound channels. */
export async function routes(app: FastifyInstance): Promise<void> {
  const enabled = configureOutboundChannels(app.deps.config.notifications, app.log);
  if (enabled.length) app.log.info({ channels: enabled }, 'notification channels enabled');
  await notificationRoutes(app);
}

/** Public (portal) routes of the module, mounted at /api/v1/public/notifications. None. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}

export { notify, notifyRole, type NotifyInput, type NotifyRoleInput } from './notifications.service.js';
export { registerChannel, unregisterChannel, type Channel, type Recipient, type OutboundMessage } from './notifications.channels.js';
export { createSmsChannel, createLoggingSmsGateway, type SmsGateway } from './notifications.sms.js';
export { createEmailChannel, createSmtpChannel } from './notifications.email.js';
export { DELIVER_JOB } from './notifications.outbox.js';
