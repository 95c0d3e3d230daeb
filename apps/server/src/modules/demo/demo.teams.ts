import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import type { TEducationLevel, TProfessionalBackground, TSupervisionMemberRole, TUser } from '@mpw/contracts';
import type { AppDeps } from '../../types.js';
import { systemActor } from '../../lib/actor.js';
import { formatCsv, type CsvCell } from '../../lib/csv.js';
import { chinaDate } from '../../lib/time.js';
import { importDataset } from '../datasets/datasets.import.js';
import { createMember } from '../supervision/supervision.service.js';
import { createTraining } from '../training/training.service.js';
import { DEMO_DISTRICT } from './demo.data.js';

/**
 * Supervision teams (监督队伍) and training (教育培训) of the demo district, from the demo registry:
 * - every village's villagers' committee (村委会主任 and one 村委会委员, the heads of its 3rd and 4th
 *   households) goes into the cadre list;
 * - every village gets a supervision committee (a chair, two members) and a discipline member, except
 *   上坞村, whose team lacks a member and the discipline member (a vacancy in 队伍结构);
 * - in 白坑村 the wife of the 村委会委员 also sits on the supervision committee: the conflict check
 *   (村民委员会组织法 art. 32) flags her;
 * - a district 警示教育 class (this year) and a 凤岭镇 training (last quarter), with attendance of members
 *   and 白坑村's accounts.
 */

const BAIKENG = '330299101201';
const SHANGWU = '330299101203';
const FENGLING = '330299101000';
const EDUCATION: TEducationLevel[] = ['junior_high', 'senior_high', 'vocational', 'college', 'bachelor'];
const BACKGROUNDS: TProfessionalBackground[][] = [['finance'], ['works'], ['agriculture'], ['party_work', 'finance'], [], ['teaching'], ['law']];

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

interface Resident { id_number: string; name: string; household_id: string; region_code: string }

export async function seedDemoTeams(deps: AppDeps, accounts: TUser[]) {
  const actor = systemActor();
  const today = chinaDate();
  const people = await queryRows<Resident & Record<string, unknown>>(deps.db, sql`
    select id_number, name, household_id, region_code from residents
    where deleted_at is null and region_code like ${DEMO_DISTRICT.slice(0, 6) + '%'} and household_id is not null
    order by region_code, household_id, case relation_to_head when '户主' then 0 when '配偶' then 1 else 2 end, id_number`);
  const villages = new Map<string, Resident[][]>();
  for (const p of people) {
    const hs = villages.get(p.region_code) ?? villages.set(p.region_code, []).get(p.region_code)!;
    const last = hs[hs.length - 1];
    if (last && last[0]!.household_id === p.household_id) last.push(p);
    else hs.push([p]);
  }

  // The villagers' committees, in office since the last election (换届).
  const termStart = addDays(today, -3 * 365);
  const cadreRows: CsvCell[][] = [];
  for (const [village, hs] of villages) {
    cadreRows.push([hs[2]![0]!.id_number, hs[2]![0]!.name, village, '村委会主任', termStart, '']);
    cadreRows.push([hs[3]![0]!.id_number, hs[3]![0]!.name, village, '村委会委员', termStart, '']);
  }
  const r = await importDataset(deps, actor, 'cadres', Buffer.from(formatCsv(['id_number', 'name', 'region_code', 'position', 'start_date', 'end_date'], cadreRows)), { fileName: 'cadres.csv', via: 'cli', strict: true, districtCode: DEMO_DISTRICT });
  if (r.status !== 'committed') throw new Error(`demo committees not imported: ${r.message ?? JSON.stringify(r.rejectedRows.slice(0, 3))}`);

  // The supervision teams.
  const members: { id: string; name: string; regionCode: string; role: TSupervisionMemberRole }[] = [];
  let n = 0;
  const seat = async (village: string, p: Resident, role: TSupervisionMemberRole) => {
    n++;
    const m = await createMember(deps.db, actor, {
      regionCode: village, name: p.name, idNumber: p.id_number, role, termStart: addDays(termStart, 1), termEnd: addDays(termStart, 5 * 365), electedOn: termStart,
      electionRecord: `${termStart} 村民代表会议选举产生（应到${38 + (n % 7)}人，实到${35 + (n % 4)}人，得票过半数）`,
      education: EDUCATION[n % EDUCATION.length], backgrounds: BACKGROUNDS[n % BACKGROUNDS.length]!, isPartyMember: role !== 'member' || n % 3 === 0,
    });
    members.push({ id: m.id, name: m.name, regionCode: village, role });
  };
  for (const [village, hs] of villages) {
    await seat(village, hs[5]![0]!, 'chair');
    await seat(village, hs[7]![0]!, 'member');
    if (village === SHANGWU) continue;
    await seat(village, hs[9]![0]!, 'member');
    await seat(village, hs[11]![0]!, 'discipline');
    if (village === BAIKENG) await seat(village, hs[3]![1]!, 'member');
  }

  // Training: a district warning-education class this year and a township training in the middle of
  // last quarter (the period the demo assessment is computed for).
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const heldOn = (daysBack: number) => (addDays(today, -daysBack) < yearStart ? today : addDays(today, -daysBack));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const lastQuarterMid = quarter === 0 ? `${Number(today.slice(0, 4)) - 1}-11-15` : `${today.slice(0, 4)}-${String(quarter * 3 - 1).padStart(2, '0')}-15`;
  const account = (username: string) => accounts.find((a) => a.username === username)!;
  const asUser = (username: string, position: string) => {
    const a = account(username);
    return { kind: 'user' as const, userId: a.id, name: a.displayName.replace(/（演示）$/, ''), position, regionCode: a.regionCode };
  };
  const asMember = (m: (typeof members)[number]) => ({ kind: 'supervision_member' as const, memberId: m.id, name: m.name, position: m.role === 'discipline' ? '村纪检委员' : m.role === 'chair' ? '监委会主任' : '监委会委员', regionCode: m.regionCode });
  await createTraining(deps.db, actor, {
    regionCode: DEMO_DISTRICT, title: '以案为鉴、以案促改警示教育大会', kind: 'warning_education', heldOn: heldOn(20), hours: 2, organiser: '清溪区纪委监委', place: '区行政中心报告厅',
    description: '通报近年村级小微权力典型案例，观看警示教育片。',
    attendees: [asUser('bk.secretary', '村党组织书记'), asUser('bk.accountant', '报账员'), ...members.filter((m) => m.role !== 'member').map(asMember)],
  });
  await createTraining(deps.db, actor, {
    regionCode: FENGLING, title: '村务监督委员会履职能力培训', kind: 'training', heldOn: lastQuarterMid, hours: 3, organiser: '凤岭镇纪委', place: '凤岭镇政府三楼会议室',
    description: '村务监督委员会的职责、监督方式和小微权力清单的运行流程。',
    attendees: [asUser('bk.supervisor', '监委会主任'), asUser('bk.discipline', '村纪检委员'), ...members.filter((m) => m.regionCode.startsWith(FENGLING.slice(0, 9))).map(asMember)],
  });
  return { members: members.length };
}
