import { MATTER_STATUS_LABELS as CONTRACT_MATTER_STATUS_LABELS, SATISFACTION_LEVEL_POINTS, type TSatisfactionLevel } from '@mpw/contracts';
import { chinaDate } from '../../lib/time.js';

/** Failed verifications allowed per identity number and per client address, and their windows. */
export const VERIFY_LIMITS = {
  identity: { max: 5, windowMinutes: 15 },
  client: { max: 20, windowMinutes: 60 },
} as const;

/** How far back the household view lists payments. */
export const PAYMENT_MONTHS = 36;

/** The quarter (2026-Q4) of a China calendar date. */
export function quarterOf(day: string = chinaDate()): string {
  return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

/** The first day of the month `months` before the month of `day`: the payment list starts there. */
export function monthsBack(day: string, months: number): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 - months, 1));
  return d.toISOString().slice(0, 10);
}

/** A matter state's name as villagers read it: the one list of names in the contracts. */
export const MATTER_STATUS_LABELS: Readonly<Record<string, string>> = CONTRACT_MATTER_STATUS_LABELS;

/** The head of a household: the member registered as 户主, else the first member. */
export const HEAD_RELATION = '户主';

/** 0–100: the points of every answer (three per response) averaged; null without answers. */
export function satisfactionScore(counts: Record<TSatisfactionLevel, number>[]): number | null {
  let points = 0;
  let answers = 0;
  for (const c of counts) {
    for (const level of Object.keys(SATISFACTION_LEVEL_POINTS) as TSatisfactionLevel[]) {
      points += c[level] * SATISFACTION_LEVEL_POINTS[level];
      answers += c[level];
    }
  }
  return answers ? Math.round((points / answers) * 10) / 10 : null;
}

/** Minutes (at least 1) until the oldest failure in a window leaves it. */
export function minutesUntilFree(oldest: Date, windowMinutes: number, now: Date): number {
  return Math.max(1, Math.ceil((oldest.getTime() + windowMinutes * 60_000 - now.getTime()) / 60_000));
}
