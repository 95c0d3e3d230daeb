/** Which district's typical cases to show, from the address or the last village opened on this phone. */

const CODE = /^\d{12}$/;

/** A village (or township) code → its district's code (first 6 digits + 000000). */
export function districtOfRegion(code: string): string | null {
  return CODE.test(code) ? `${code.slice(0, 6)}000000` : null;
}

/**
 * /v/:code/typical-cases: the village's district; /typical-cases?district=<code>: that district;
 * otherwise the district of the last village opened; null when none is known.
 */
export function pickDistrict(villageCode: string | undefined, districtParam: string | null, lastVillageCode: string | null | undefined): string | null {
  if (villageCode) return districtOfRegion(villageCode);
  if (districtParam && CODE.test(districtParam) && districtParam.endsWith('000000')) return districtParam;
  return lastVillageCode ? districtOfRegion(lastVillageCode) : null;
}

/** The districts of a list of villages, in order of first appearance (for the chooser when none is known). */
export function districtsOf(villages: readonly { code: string; districtName: string }[]): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const v of villages) {
    const d = districtOfRegion(v.code);
    if (d && !seen.has(d)) seen.set(d, v.districtName);
  }
  return [...seen].map(([code, name]) => ({ code, name }));
}

/** A text as paragraphs: one per non-empty line. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}
