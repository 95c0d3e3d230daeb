import { isValidIdNumber } from '../assets/assets.policy.js';

/**
 * Identity numbers of department data (GB 11643): 17 digits and a check character. A number
 * that fails the check is still kept (it is evidence of something), stored upper-case and
 * flagged `id_valid = false`; the INVALID_ID rule reads that flag.
 */
export interface IdNumberCheck {
  /** Trimmed, full-width forms folded, upper-case. */
  value: string;
  valid: boolean;
}

export function checkIdNumber(raw: string): IdNumberCheck {
  const value = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return { value, valid: isValidIdNumber(value) };
}
