import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@mpw/db';
import { systemActor } from '../../../lib/actor.js';
import { audited } from '../../audit/audit.log.js';
import type { RuleContext, RuleDef, RuleSettings } from './types.js';

/**
 * Test fixtures for the people rules and the sweep: department rows inserted directly (inside
 * an audited transaction, as the database demands), and valid identity numbers on demand.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
let serial = 0;

/** A fresh identity number that passes GB 11643 (a different one each call). */
export function newIdNumber(): string {
  serial++;
  const day = String(1 + (serial % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(serial / 28) % 12)).padStart(2, '0');
  const seq = String(Math.floor(serial / 336) % 1000).padStart(3, '0');
  const body = `330299${1960 + (process.pid % 40)}${month}${day}${seq}`;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(body[i]), 0);
  return body + CHECK[sum % 11];
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  largeExpenseThresholdFen: 5_000_000,
  assetDisposalThresholdFen: 2_000_000,
  splitPaymentWindowDays: 30,
  lateRecordDays: 7,
  outlierSigma: 3,
  outlierRatio: 2,
};

let paymentSerial = 0;
export const newPaymentNo = () => `PT${process.pid}${String(++paymentSerial).padStart(6, '0')}`;

export interface Resident { idNumber: string; name: string; village: string; household?: string | null }
export interface Cadre { idNumber: string; name: string; village: string; position?: string; start: string; end?: string | null }
export interface Benefit { idNumber: string; name: string; village: string; program: string; start: string; end?: string | null; idValid?: boolean; monthlyFen?: number }
export interface Payment { paymentNo?: string; idNumber: string; name: string | null; village: string; program: string; amountFen: number; paid: string; idValid?: boolean }

/** Inserts department rows; person-level rows carry the district as their region, as an import does. */
export function fixtures(db: Db, district: string) {
  const write = (q: ReturnType<typeof sql>) => audited(db, systemActor(), async (w) => void (await w.tx.execute(q)));
  return {
    resident: (r: Resident) =>
      write(sql`insert into residents (id_number, name, household_id, region_code) values (${r.idNumber}, ${r.name}, ${r.household ?? null}, ${r.village})`),
    cadre: (c: Cadre) =>
      write(sql`insert into cadres (id_number, name, position, start_date, end_date, region_code)
        values (${c.idNumber}, ${c.name}, ${c.position ?? '村委会主任'}, ${c.start}, ${c.end ?? null}, ${c.village})`),
    kin: (a: string, b: string, relation = '兄弟姐妹') => {
      const [x, y] = a < b ? [a, b] : [b, a];
      return write(sql`insert into kinship (id_number_a, id_number_b, relation, region_code) values (${x}, ${y}, ${relation}, ${district})`);
    },
    death: (idNumber: string, name: string, date: string) =>
      write(sql`insert into deaths (id_number, name, death_date, region_code) values (${idNumber}, ${name}, ${date}, ${district})`),
    vehicle: (idNumber: string, plate: string, type: string, registered: string | null) =>
      write(sql`insert into vehicles (plate, id_number, vehicle_type, registered_date, region_code) values (${plate}, ${idNumber}, ${type}, ${registered}, ${district})`),
    business: (idNumber: string, creditCode: string, company: string, role = '股东') =>
      write(sql`insert into businesses (credit_code, company_name, id_number, role, region_code) values (${creditCode}, ${company}, ${idNumber}, ${role}, ${district})`),
    publicEmployee: (idNumber: string, name: string, employer: string, start: string | null, end: string | null) =>
      write(sql`insert into public_employees (id_number, name, employer, start_date, end_date, region_code) values (${idNumber}, ${name}, ${employer}, ${start}, ${end}, ${district})`),
    benefit: (b: Benefit) =>
      write(sql`insert into benefit_recipients (id_number, id_valid, name, program, start_date, end_date, monthly_amount_fen, region_code)
        values (${b.idNumber}, ${b.idValid ?? true}, ${b.name}, ${b.program}, ${b.start}, ${b.end ?? null}, ${b.monthlyFen ?? 52000}, ${b.village})`),
    payment: async (p: Payment) => {
      const no = p.paymentNo ?? newPaymentNo();
      await write(sql`insert into subsidy_payments (payment_no, id_number, id_valid, name, program, amount_fen, paid_date, region_code)
        values (${no}, ${p.idNumber}, ${p.idValid ?? true}, ${p.name}, ${p.program}, ${p.amountFen}, ${p.paid}, ${p.village})`);
      return no;
    },
    /** Runs SQL inside an audited transaction (updates and soft deletes of fixture rows). */
    exec: write,
  };
}

export interface Hit { subject_id: string; region_code: string; summary: string; evidence: string }

/** The hits of one rule definition, by subject. */
export async function hitsOf(db: Db, def: RuleDef, ctx: Partial<RuleContext> & Pick<RuleContext, 'districtCode' | 'asOf'>): Promise<Map<string, Hit>> {
  const rows = await queryRows<Hit & Record<string, unknown>>(db, def.hits({ villages: null, settings: DEFAULT_RULE_SETTINGS, ...ctx }));
  return new Map(rows.map((r) => [r.subject_id, r]));
}
