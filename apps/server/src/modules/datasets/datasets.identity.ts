/**
 * Identity numbers of department data (GB 11643): 17 digits and a check character. A number
 * that fails the check is still kept (it is evidence of something), stored upper-case and
 * flagged `id_valid = false`; the INVALID_ID rule reads that flag.
 *
 * The check is the one of assets.policy.ts `isValidIdNumber`, written with character codes
 * because an import runs it on every row of files of a million rows (the tests hold the two
 * to the same answers).
 */
export interface IdNumberCheck {
  /** Trimmed, full-width forms folded, upper-case. */
  value: string;
  valid: boolean;
}

/** Printable ASCII without spaces: NFKC leaves it as it is and there is no whitespace to remove. */
export const PLAIN_ASCII = /^[\x21-\x7e]*$/;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const ZERO = 48;

/** A real day of the proleptic Gregorian calendar (as JavaScript's Date counts): year 0000–9999. */
export function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2) return day <= (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28);
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** GB 11643 on an upper-case value: 17 digits, a real birth date, and the check character. */
export function isValidIdNumberFast(v: string): boolean {
  if (v.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = v.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return false;
    sum += ID_WEIGHTS[i]! * d;
  }
  const last = v.charCodeAt(17);
  if (!((last >= ZERO && last <= ZERO + 9) || last === 88)) return false;
  const year = (v.charCodeAt(6) - ZERO) * 1000 + (v.charCodeAt(7) - ZERO) * 100 + (v.charCodeAt(8) - ZERO) * 10 + (v.charCodeAt(9) - ZERO);
  const month = (v.charCodeAt(10) - ZERO) * 10 + (v.charCodeAt(11) - ZERO);
  if (!isRealDay(year, month, (v.charCodeAt(12) - ZERO) * 10 + (v.charCodeAt(13) - ZERO))) return false;
  return ID_CHECK[sum % 11] === v[17];
}

export function checkIdNumber(raw: string): IdNumberCheck {
  const value = (PLAIN_ASCII.test(raw) ? raw : raw.normalize('NFKC').replace(/\s+/g, '')).toUpperCase();
  return { value, valid: isValidIdNumberFast(value) };
}
