import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REPORT_LEVELS, REPORT_SUBJECT_KINDS, ROLES, isWithinRegion, type TRole } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { canSeeReport, conflictOf, handlingRegionFor, refusalOf, transferRefusal, type ReportFacts } from './reports.policy.js';
import { routeNewReport } from './reports.intake.js';

// A small region tree: one district, two townships, two villages each.
const D = '330102000000';
const TOWNSHIPS = ['330102101000', '330102102000'];
const VILLAGES = ['330102101201', '330102101202', '330102102201', '330102102202'];
const PLACES = [D, ...TOWNSHIPS, ...VILLAGES];

const actorAt = (role: TRole, regionCode: string, userId = 'u-1'): Actor => ({ kind: 'user', userId, username: 'x', roles: [role], regionCode, requestId: null });

const arbReport = fc
  .record({ kind: fc.constantFrom(...REPORT_SUBJECT_KINDS), village: fc.constantFrom(...VILLAGES), onTownship: fc.boolean(), transfers: fc.array(fc.constantFrom(...REPORT_LEVELS), { maxLength: 4 }) })
  .map(({ kind, village, onTownship, transfers }) => {
    const regionCode = kind === 'township_official' && onTownship ? village.slice(0, 9) + '000' : village;
    const routed = routeNewReport(kind, regionCode);
    const r: ReportFacts = { regionCode, ...routed, status: 'accepted', assignedTo: null, isAnonymous: false, reporterSealed: 'sealed', conclusion: null };
    // Apply every transfer the policy allows: the barred unit must stay out of reach whatever happens.
    for (const level of transfers) {
      if (transferRefusal(r, level) === null) Object.assign(r, { handlingLevel: level, handlingRegionCode: handlingRegionFor(level, r.regionCode)! });
    }
    return r;
  });

describe('report policy', () => {
  it('never lets an account inside the barred unit see the report, whatever transfers happened', () => {
    fc.assert(
      fc.property(arbReport, fc.constantFrom(...ROLES), fc.constantFrom(...PLACES), (r, role, place) => {
        if (r.barredRegionCode && isWithinRegion(place, r.barredRegionCode)) expect(canSeeReport(actorAt(role, place), r)).toBe(false);
        if (r.barredRegionCode) expect(isWithinRegion(r.handlingRegionCode, r.barredRegionCode)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('shows every report to the district discipline inspector and the handling unit', () => {
    fc.assert(
      fc.property(arbReport, (r) => {
        expect(canSeeReport(actorAt('district_inspector', D), r)).toBe(true);
        const role = ({ district: 'district_inspector', township: 'township_discipline', village_discipline: 'village_discipline', village_supervision: 'village_supervisor' } as const)[r.handlingLevel as 'district'];
        expect(canSeeReport(actorAt(role, r.handlingRegionCode), r)).toBe(true);
      }),
    );
  });

  it('lets only the assigned handler reveal the reporter, and only when a sealed identity exists', () => {
    const r: ReportFacts = { regionCode: VILLAGES[0]!, barredRegionCode: null, handlingLevel: 'township', handlingRegionCode: TOWNSHIPS[0]!, status: 'verifying', assignedTo: 'h', isAnonymous: false, reporterSealed: 's', conclusion: null };
    expect(refusalOf(actorAt('township_discipline', TOWNSHIPS[0]!, 'h'), r, 'reveal')).toBeNull();
    expect(refusalOf(actorAt('township_discipline', TOWNSHIPS[0]!, 'other'), r, 'reveal')?.code).toBe('FORBIDDEN');
    expect(refusalOf(actorAt('district_inspector', D, 'other'), r, 'reveal')?.code).toBe('FORBIDDEN');
    expect(refusalOf(actorAt('township_discipline', TOWNSHIPS[0]!, 'h'), { ...r, reporterSealed: null }, 'reveal')?.code).toBe('CONFLICT');
    expect(refusalOf(actorAt('township_discipline', TOWNSHIPS[0]!, 'h'), { ...r, status: 'archived' }, 'reveal')?.code).toBe('CONFLICT');
  });

  it('finds the reported person and close relatives by identity number, and by name only without numbers', () => {
    const subject = { name: '王某', idNumber: '330102197001010011', regionCode: VILLAGES[0]! };
    const kin = new Map([['330102197202020022', '配偶']]);
    const at = (idNumber: string | null, displayName = '李某', regionCode = TOWNSHIPS[0]!) => conflictOf({ displayName, regionCode, idNumber }, subject, kin);
    expect(at('330102197001010011')).toContain('本人');
    expect(at('330102197202020022')).toContain('配偶');
    expect(at('330102198001010033', '王某')).toBeNull();
    expect(at(null, '王某')).toContain('同名');
    expect(at(null, '王某', TOWNSHIPS[1]!)).toBeNull();
    expect(conflictOf({ displayName: '王某', regionCode: VILLAGES[1]!, idNumber: '330102197001010011' }, { ...subject, idNumber: null }, new Map())).toContain('同名');
  });
});
