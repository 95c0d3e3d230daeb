import type { FastifyBaseLogger } from 'fastify';
import type { Channel, OutboundMessage } from './notifications.channels.js';

/** A text-message provider. A real one (a carrier's or a cloud SMS API) implements this. */
export interface SmsGateway {
  send(phone: string, text: string): Promise<void>;
}

export const maskPhone = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****');

/** SMS carries the title only (short, and it passes through the carrier): the body stays in the inbox. */
export function smsText(message: OutboundMessage): string {
  return `【村级小微权力监督】${message.title}。请登录平台查看。`;
}

/** For development: writes what would be sent to the log instead of sending it. */
export function createLoggingSmsGateway(log: Pick<FastifyBaseLogger, 'info'>): SmsGateway {
  return {
    async send(phone, text) {
      log.info({ to: maskPhone(phone), text }, 'sms (logging gateway, not sent)');
    },
  };
}

export function createSmsChannel(gateway: SmsGateway): Channel {
  return {
    name: 'sms',
    canReach: (r) => Boolean(r.phone),
    send: (recipient, message) => gateway.send(recipient.phone!, smsText(message)),
  };
}
