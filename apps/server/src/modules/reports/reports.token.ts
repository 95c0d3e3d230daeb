import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../../lib/secret-box.js';

/** How long a reporter may follow up after entering the receipt code and passphrase. */
export const REPORTER_TOKEN_TTL_MS = 30 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(secrets: SecretBox, body: string): string {
  return createHmac('sha256', secrets.deriveKey('report-token')).update(body).digest('base64url');
}

/**
 * A short-lived token `<report id>.<expiry ms>.<mac>` for the reporter's later requests (header
 * X-Report-Token): stateless, so nothing about the reporter's visit is stored anywhere.
 */
export function signReporterToken(secrets: SecretBox, reportId: string, now = Date.now()): { token: string; expiresAt: string } {
  const expiresAt = now + REPORTER_TOKEN_TTL_MS;
  const body = `${reportId}.${expiresAt}`;
  return { token: `${body}.${mac(secrets, body)}`, expiresAt: new Date(expiresAt).toISOString() };
}

/** The report id a token grants, or null when it is forged, malformed or expired. */
export function verifyReporterToken(secrets: SecretBox, token: string | undefined, now = Date.now()): string | null {
  if (!token || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [reportId, expiry, sig] = parts as [string, string, string];
  if (!UUID.test(reportId)) return null;
  const expected = Buffer.from(mac(secrets, `${reportId}.${expiry}`));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const expiresAt = Number(expiry);
  return Number.isFinite(expiresAt) && expiresAt > now ? reportId : null;
}
