import { normalizeQueryCode, type TSatisfactionLevel } from '@mpw/contracts';
import type { AppDeps } from '../../types.js';
import { anonymousActor, systemActor } from '../../lib/actor.js';
import { chinaDate } from '../../lib/time.js';
import { approveEntry, createEntry, submitEntry } from '../books/books.service.js';
import { answerSurvey, issueHouseholdCodes } from '../households/households.service.js';
import { startMatter } from '../matters/matters.service.js';
import { findItems } from '../power/power.service.js';
import { demoRegistryFiles } from './demo.registry.js';

const VILLAGE = '330299101201';
/** Household 5 of 白坑村: its head holds 低保 and is paid every month (demo.registry.ts). */
const HOUSEHOLD_ID = `${VILLAGE}-005`;

/** The head of a demo household, read from the demo registry of the day the demo is seeded. */
function headOf(householdId: string, today = chinaDate()): { idNumber: string; name: string } {
  const residents = demoRegistryFiles(today).files.find(([d]) => d === 'residents')![1];
  for (const line of residents.split(/\r?\n/).slice(1)) {
    const [idNumber, name, , , household, relation] = line.split(',');
    if (household === householdId && relation === '户主') return { idNumber: idNumber!, name: name! };
  }
  throw new Error(`demo household ${householdId} has no head`);
}

/**
 * The demo household with a fixed, documented query code (白坑村, household 330299101201-005):
 * the head holds 低保 with monthly payments, received a payment from the village books and has an
 * application (临时救助申请) running. Verify on the portal (我家的待遇查询) with these values.
 * The identity number is generated from the seeding year (demo.registry.ts dates births relative
 * to it); the name and the code never change.
 */
export const DEMO_HOUSEHOLD = {
  villageCode: VILLAGE,
  villageName: '白坑村',
  householdId: HOUSEHOLD_ID,
  ...headOf(HOUSEHOLD_ID),
  queryCode: 'BKHH-8266',
} as const;

/** Households of 白坑村 that answered this quarter's survey in the demo (the demo household has not: try it). */
const SURVEY_ANSWERS: [household: number, disclosure: TSatisfactionLevel, services: TSatisfactionLevel, integrity: TSatisfactionLevel, comment?: string][] = [
  [2, 'satisfied', 'satisfied', 'satisfied'],
  [3, 'satisfied', 'basically_satisfied', 'satisfied', '村务公开栏更新及时，希望网上也能看到更多明细。'],
  [4, 'basically_satisfied', 'satisfied', 'basically_satisfied'],
  [6, 'dissatisfied', 'basically_satisfied', 'basically_satisfied', '低保评议过程希望再公开一些。'],
  [8, 'satisfied', 'satisfied', 'basically_satisfied'],
];

/**
 * 户查询码 for every household of 白坑村 (the demo household with its fixed code), a village-books
 * payment and a running application of the demo household, and survey answers for this quarter.
 * Runs after the department data is imported (the households come from the registry).
 */
export async function seedDemoHouseholds(deps: AppDeps): Promise<void> {
  const actor = systemActor();
  const { db, secrets } = deps;
  const today = chinaDate();
  await issueHouseholdCodes(db, actor, { regionCode: VILLAGE, allWithoutCode: true }, {
    baseUrl: deps.config.publicUrl,
    fixedCodes: new Map([[HOUSEHOLD_ID, normalizeQueryCode(DEMO_HOUSEHOLD.queryCode)]]),
  });

  const entry = await createEntry(db, actor, {
    regionCode: VILLAGE, entryDate: `${today.slice(0, 8)}01`, direction: 'expense', amountFen: 50_000, accountCode: '542', category: '困难户慰问',
    counterpartyName: DEMO_HOUSEHOLD.name, counterpartyId: DEMO_HOUSEHOLD.idNumber, description: '困难家庭走访慰问金',
  });
  await submitEntry(db, actor, entry.id);
  await approveEntry(db, actor, entry.id);

  const items = (await findItems(db, actor, { current: 1, pageSize: 200, applicableTo: VILLAGE })).data;
  const relief = items.find((i) => i.content.name === '临时救助申请');
  if (relief) {
    await startMatter(db, actor, secrets, {
      itemId: relief.id, regionCode: VILLAGE, title: `${DEMO_HOUSEHOLD.name}家庭临时救助申请`, amountFen: 200_000,
      applicantName: DEMO_HOUSEHOLD.name, applicantIdNumber: DEMO_HOUSEHOLD.idNumber, note: '家中老人住院，医疗费用负担较重', isPublic: false,
    });
  }

  for (const [n, disclosure, services, integrity, comment] of SURVEY_ANSWERS) {
    const householdId = `${VILLAGE}-${String(n).padStart(3, '0')}`;
    const session = { sessionId: '', regionCode: VILLAGE, householdId, residentId: '', householdCodeId: '', expiresAt: new Date() };
    await answerSurvey(db, secrets, anonymousActor(), session, { disclosure, services, integrity, comment });
  }
}
