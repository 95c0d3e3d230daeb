/** The last village opened on this phone, so that returning visitors get there in one tap. */
export interface LastVillage {
  code: string;
  name: string;
  townshipName: string;
}

const KEY = 'mpw.portal.lastVillage';

export function loadLastVillage(): LastVillage | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<LastVillage>;
    return typeof v.code === 'string' && typeof v.name === 'string' ? { code: v.code, name: v.name, townshipName: v.townshipName ?? '' } : null;
  } catch {
    return null;
  }
}

export function saveLastVillage(v: LastVillage): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ code: v.code, name: v.name, townshipName: v.townshipName }));
  } catch {
    // storage may be unavailable (private mode): not important
  }
}
