import { randomInt } from 'node:crypto';
import type { AppDeps } from '../../types.js';
import { systemActor } from '../../lib/actor.js';
import { formatCsv, type CsvCell } from '../../lib/csv.js';
import { idNumberCheckChar } from '../books/books.policy.js';
import { importDataset } from '../datasets/datasets.import.js';

/** Test worlds for the household query: registered households and department data, through the real import. */

export interface TestPerson {
  idNumber: string;
  name: string;
  relation: string;
}
export interface TestHousehold {
  village: string;
  householdId: string;
  members: TestPerson[];
}

let seq = randomInt(1, 400);
const area = () => `9${String(randomInt(10000, 99999))}`;

/** A valid (GB 11643) identity number nobody else in this store has. */
export function newIdNumber(): string {
  seq++;
  const first17 = `${area()}19${String(50 + (seq % 40)).padStart(2, '0')}0${1 + (seq % 9)}1${seq % 10}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨';

async function importCsv(deps: AppDeps, dataset: string, header: string[], rows: CsvCell[][]) {
  const r = await importDataset(deps, systemActor(), dataset as never, Buffer.from(formatCsv(header, rows)), { fileName: `${dataset}.csv`, via: 'cli', strict: true });
  if (r.status !== 'committed') throw new Error(`${dataset}: ${r.message ?? JSON.stringify(r.rejectedRows.slice(0, 3))}`);
}

/** `count` households of a village, each a head (户主) and a spouse (配偶), in the residents registry. */
export async function seedHouseholds(deps: AppDeps, village: string, count: number): Promise<TestHousehold[]> {
  const households: TestHousehold[] = [];
  for (let i = 0; i < count; i++) {
    const surname = SURNAMES[randomInt(SURNAMES.length)]!;
    const householdId = `${village}-H${++seq}`;
    households.push({
      village,
      householdId,
      members: [
        { idNumber: newIdNumber(), name: `${surname}户主${seq}`, relation: '户主' },
        { idNumber: newIdNumber(), name: `刘配偶${seq}`, relation: '配偶' },
      ],
    });
  }
  await importCsv(deps, 'residents', ['id_number', 'name', 'household_id', 'relation_to_head', 'village_code'],
    households.flatMap((h) => h.members.map((m) => [m.idNumber, m.name, h.householdId, m.relation, village])));
  return households;
}

export async function seedBenefits(deps: AppDeps, rows: { person: TestPerson; village: string; program: string; start: string; end?: string; monthlyFen: number }[]) {
  await importCsv(deps, 'benefit_recipients', ['id_number', 'name', 'village_code', 'program', 'household_size', 'start_date', 'end_date', 'monthly_amount'],
    rows.map((r) => [r.person.idNumber, r.person.name, r.village, r.program, 2, r.start, r.end ?? '', (r.monthlyFen / 100).toFixed(2)]));
}

export async function seedPayments(deps: AppDeps, rows: { person: TestPerson; village: string; program: string; paid: string; fen: number }[]) {
  await importCsv(deps, 'payments', ['payment_id', 'id_number', 'name', 'village_code', 'program', 'amount', 'paid_date'],
    rows.map((r) => [`T${++seq}-${randomInt(1e9)}`, r.person.idNumber, r.person.name, r.village, r.program, (r.fen / 100).toFixed(2), r.paid]));
}
