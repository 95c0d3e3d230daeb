import nodemailer, { type Transporter } from 'nodemailer';
import { NOTIFICATION_KIND_LABELS, type TNotificationKind } from '@mpw/contracts';
import { absoluteLink, type Channel, type OutboundMessage } from './notifications.channels.js';

export const SUBJECT_PREFIX = '【村级小微权力监督】';

export function emailText(message: OutboundMessage, publicUrl?: string): string {
  const url = absoluteLink(message.link, publicUrl);
  const label = NOTIFICATION_KIND_LABELS[message.kind as TNotificationKind]?.zh ?? '通知';
  return [
    `【${label}】${message.title}`,
    '',
    message.body,
    '',
    url ? `查看详情：${url}` : '请登录平台查看详情。',
    '',
    '——',
    '此邮件由村级“小微权力”监督平台自动发送，请勿回复。',
  ].join('\n');
}

/** Email through any nodemailer transport; accounts without an address are not reached. */
export function createEmailChannel(transport: Transporter, opts: { from: string; publicUrl?: string }): Channel {
  return {
    name: 'email',
    canReach: (r) => Boolean(r.email),
    async send(recipient, message) {
      await transport.sendMail({
        from: opts.from,
        to: { name: recipient.displayName, address: recipient.email! },
        subject: `${SUBJECT_PREFIX}${message.title}`,
        text: emailText(message, opts.publicUrl),
      });
    },
  };
}

/** Email through an SMTP server given as a URL (smtp://user:pass@host:587, smtps://…:465). */
export function createSmtpChannel(url: string, opts: { from: string; publicUrl?: string }): Channel {
  return createEmailChannel(nodemailer.createTransport(url), opts);
}
