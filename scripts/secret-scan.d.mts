export interface Finding {
  line: number;
  rule: string;
  redacted: string;
}
export interface AllowEntry {
  glob: string;
  rule: string | null;
  re: RegExp;
}
export const INLINE_ALLOW: string;
export const RULES: { id: string; pattern: RegExp; group: number; accept?: (secret: string) => boolean }[];
export function entropy(s: string): number;
export function looksRandom(value: string): boolean;
export function redact(secret: string): string;
export function scanText(text: string): Finding[];
export function parseAllowlist(text: string): AllowEntry[];
export function globToRegExp(glob: string): RegExp;
export function isAllowed(allowlist: AllowEntry[], file: string, rule: string): boolean;
export function scanFiles(root: string, files: string[], allowlist?: AllowEntry[]): (Finding & { file: string })[];
export function checkLockfile(root: string): { file: string; message: string }[];
