import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { ConfigError } from '../../config.js';
import { registerChannel, unregisterChannel } from './notifications.channels.js';
import { createSmtpChannel } from './notifications.email.js';
import { createLoggingSmsGateway, createSmsChannel } from './notifications.sms.js';

/** The environment variables of outbound notifications (documented in docs/notifications.md). */
const ZNotificationEnv = z.object({
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465; unset = no email. */
  MICROPOWER_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** Sender address, e.g. "区纪委监委 <noreply@example.gov.cn>"; default noreply@<SMTP host>. */
  MICROPOWER_SMTP_FROM: z.string().min(3).optional(),
  /** 'off' (default) or 'log' (development: SMS are written to the log, not sent). */
  MICROPOWER_SMS_GATEWAY: z.enum(['off', 'log']).default('off'),
  /** The console's public address, e.g. https://jiandu.example.gov.cn; links in email become absolute. */
  MICROPOWER_PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
});

export type NotificationConfig = ReturnType<typeof loadNotificationConfig>;

/** Parses the notification settings of the environment; on failure lists every problem at once. */
export function loadNotificationConfig(env: NodeJS.ProcessEnv = process.env) {
  const result = ZNotificationEnv.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 (invalid configuration):\n${lines.join('\n')}`);
  }
  const e = result.data;
  return {
    smtpUrl: e.MICROPOWER_SMTP_URL,
    smtpFrom: e.MICROPOWER_SMTP_FROM ?? (e.MICROPOWER_SMTP_URL ? `noreply@${new URL(e.MICROPOWER_SMTP_URL).hostname}` : undefined),
    smsGateway: e.MICROPOWER_SMS_GATEWAY,
    publicUrl: e.MICROPOWER_PUBLIC_URL,
  };
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
