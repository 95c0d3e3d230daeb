import type { FastifyBaseLogger } from 'fastify';
import { parseNotificationEnv } from '../../config.js';
import { registerChannel, unregisterChannel } from './notifications.channels.js';
import { createSmtpChannel } from './notifications.email.js';
import { createLoggingSmsGateway, createSmsChannel } from './notifications.sms.js';

export type NotificationConfig = ReturnType<typeof parseNotificationEnv>;

/** Parses the notification variables of an environment (config.ts owns their schema). */
export function loadNotificationConfig(env: NodeJS.ProcessEnv = process.env): NotificationConfig {
  return parseNotificationEnv(env);
}

/** Registers the configured channels (and removes the ones no longer configured). */
export function configureOutboundChannels(config: NotificationConfig, log: FastifyBaseLogger): string[] {
  const enabled: string[] = [];
  if (config.smtpUrl) {
    registerChannel(createSmtpChannel(config.smtpUrl, { from: config.smtpFrom!, publicUrl: config.publicUrl }));
    enabled.push('email');
  } else {
    unregisterChannel('email');
  }
  if (config.smsGateway === 'log') {
    registerChannel(createSmsChannel(createLoggingSmsGateway(log)));
    enabled.push('sms');
  } else {
    unregisterChannel('sms');
  }
  return enabled;
}
