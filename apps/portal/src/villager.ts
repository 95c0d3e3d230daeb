/**
 * The verified villager's session (after identity number + name + query code): kept in this tab's
 * sessionStorage only, so closing the browser forgets it. Sent as the `x-villager-token` header by
 * the request wrapper (api.ts) on every call while it is valid.
 */
import type { TVillagerSession } from '@mpw/contracts';

const KEY = 'mpw.portal.villager';

export function loadVillager(): TVillagerSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as TVillagerSession;
    if (typeof v.token !== 'string' || Date.parse(v.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return v;
  } catch {
    return null;
  }
}

/** The session for this village, if the villager verified for it. */
export function villagerFor(villageCode: string): TVillagerSession | null {
  const v = loadVillager();
  return v && v.villageCode === villageCode ? v : null;
}

export function saveVillager(v: TVillagerSession): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(v));
  } catch {
    // storage unavailable (private mode): the villager verifies again next time
  }
}

export function clearVillager(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}
