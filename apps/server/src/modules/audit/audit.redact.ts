/** Field names whose values never enter the audit log, and identity numbers that enter it masked. */
const SECRET_KEYS = /^(password|passwordHash|newPassword|oldPassword|token|secret|csrfToken|totp.*|.*Sealed|apiToken|passphrase)$/i;
const ID_NUMBER_KEYS = /^(idNumber|id_number|counterpartyId)$/i;
const ID_NUMBER = /^\d{17}[\dXx]$/;

export function maskIdNumber(value: string): string {
  return ID_NUMBER.test(value) ? `${value.slice(0, 4)}**********${value.slice(14)}` : value;
}

/** A JSON-safe copy with secrets replaced by "[REDACTED]" and identity numbers masked. */
export function redact(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (SECRET_KEYS.test(k)) out[k] = v === null ? null : '[REDACTED]';
      else if (ID_NUMBER_KEYS.test(k) && typeof v === 'string') out[k] = maskIdNumber(v);
      else out[k] = redact(v);
    }
    return out;
  }
  if (typeof value === 'string') return value.replace(/\u0000/g, '');
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
