/**
 * Outbound channels (email, SMS, …). A channel is registered when it is configured; every
 * message to it goes through the job queue ('notify.deliver'), so a channel that is down
 * only delays delivery.
 */

/** Who a message goes to, with the addresses the platform knows (null: none). */
export interface Recipient {
  userId: string;
  username: string;
  displayName: string;
  regionCode: string;
  email: string | null;
  phone: string | null;
}

/** What leaves the platform: a title, a short body and a console path — never a record's content. */
export interface OutboundMessage {
  kind: string;
  title: string;
  body: string;
  /** A console path such as /matters/…; channels make it absolute if they know the public address. */
  link: string | null;
}

export interface Channel {
  name: string;
  /** Whether the recipient has an address on this channel (an account without an email gets no email). */
  canReach(recipient: Recipient): boolean;
  /** Delivers one message; throwing makes the job queue retry with backoff. */
  send(recipient: Recipient, message: OutboundMessage): Promise<void>;
}

const channels = new Map<string, Channel>();

export function registerChannel(channel: Channel): void {
  channels.set(channel.name, channel);
}

export function unregisterChannel(name: string): void {
  channels.delete(name);
}

export function getChannel(name: string): Channel | undefined {
  return channels.get(name);
}

export function enabledChannels(): Channel[] {
  return [...channels.values()];
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** The addresses of an account: its email and phone, or a user name that is an email address. */
export function contactOf(user: { username: string; email?: string | null; phone?: string | null }): Pick<Recipient, 'email' | 'phone'> {
  return { email: user.email ?? (EMAIL.test(user.username) ? user.username : null), phone: user.phone ?? null };
}

/** An absolute URL for a console path, when the public address is known. */
export function absoluteLink(link: string | null, publicUrl: string | undefined): string | null {
  if (!link || !publicUrl) return null;
  // Relative to the public address, which may itself sit under a path (https://host/console).
  return new URL(link.replace(/^\/+/, ''), publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).toString();
}
