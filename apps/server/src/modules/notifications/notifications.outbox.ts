import type { DbOrTx } from '@mpw/db';
import type { AppDeps } from '../../types.js';
import { enqueueJob } from '../jobs/jobs.repository.js';
import { registerJobHandler } from '../jobs/jobs.worker.js';
import { contactOf, enabledChannels, getChannel, type Recipient } from './notifications.channels.js';
import { outboundMessage } from './notifications.presenter.js';
import type { RecipientRow } from './notifications.repository.js';
import * as repo from './notifications.repository.js';

/** The job kind of one outbound delivery: the jobs table is the outbox. */
export const DELIVER_JOB = 'notify.deliver';

export function recipientOf(user: RecipientRow): Recipient {
  return { userId: user.id, username: user.username, displayName: user.displayName, regionCode: user.regionCode, ...contactOf(user) };
}

/**
 * One job per enabled channel that can reach the recipient, in the caller's transaction: the
 * deliveries exist exactly when the message does. The payload holds ids only; the text is read
 * from the inbox when the job runs.
 */
export async function enqueueDeliveries(db: DbOrTx, notificationId: string, recipient: Recipient): Promise<string[]> {
  const names = enabledChannels().filter((c) => c.canReach(recipient)).map((c) => c.name);
  for (const channel of names) await enqueueJob(db, DELIVER_JOB, { notificationId, channel }, `${DELIVER_JOB}:${notificationId}:${channel}`);
  return names;
}

/** Sends one message on one channel; a failure is retried by the job queue with backoff. */
export async function deliver(deps: Pick<AppDeps, 'db'>, payload: Record<string, unknown>): Promise<void> {
  const notificationId = String(payload.notificationId);
  const found = await repo.getForDelivery(deps.db, notificationId);
  // Withdrawn message or closed account: nothing to send.
  if (!found || found.user.status !== 'active' || found.user.deletedAt) return;
  const channel = getChannel(String(payload.channel));
  if (!channel) throw new Error(`notification channel ${String(payload.channel)} is not enabled`);
  const recipient = recipientOf(found.user);
  if (!channel.canReach(recipient)) return;
  await channel.send(recipient, outboundMessage(found.notification));
}

registerJobHandler(DELIVER_JOB, deliver);
