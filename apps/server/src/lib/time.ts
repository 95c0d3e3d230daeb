/** The calendar date in China time (UTC+8), as YYYY-MM-DD: the date every rule and deadline uses. */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function chinaHour(at: Date = new Date()): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCHours();
}
