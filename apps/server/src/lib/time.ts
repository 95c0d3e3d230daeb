/** The calendar date in China time (UTC+8), as YYYY-MM-DD: the date every rule and deadline uses. */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function chinaHour(at: Date = new Date()): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCHours();
}

/** The instant a China calendar day (YYYY-MM-DD) begins: what is stored where only the day may be known. */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
