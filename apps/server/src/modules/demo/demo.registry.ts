import { formatCsv, type CsvCell } from '../../lib/csv.js';
import { chinaDate } from '../../lib/time.js';
import { idNumberCheckChar } from '../books/books.policy.js';

/**
 * Department data for the demo district (演示部门数据): registry, cadres, 低保 and other
 * entitlements, payments, deaths and vehicles for every demo village, clean except for a few
 * planted problems so the alert list has something true to show:
 * - 白坑村: the wife of the village secretary holds 低保 (KIN_BENEFIT); a 低保 holder died and
 *   was paid the following months (DECEASED_PAYMENT); a 低保 household owns a car (INELIGIBLE_VEHICLE);
 * - 竹畈村: a payment to an identity number the registry does not know (UNKNOWN_PERSON);
 * - 茶岭村: one person holds two overlapping 低保 entitlements (DUPLICATE_BENEFIT).
 * Everything is generated from a fixed seed and dated relative to the day the demo is seeded.
 */

function idNumber(birth: string, seq: number, male: boolean): string {
  // 330299 is the demo district's code (a code no real district has).
  const order = String((seq * 2 + (male ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `330299${birth.replaceAll('-', '')}${order}`;
  return first17 + idNumberCheckChar(first17);
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN_M = ['建国', '国强', '志明', '海峰', '永福', '德华', '伟', '军', '勇', '杰', '磊', '强', '明辉', '春生', '小龙', '金水', '长根', '水生'];
const GIVEN_F = ['秀英', '桂英', '玉兰', '美华', '丽', '芳', '娟', '静', '敏', '燕', '红梅', '春花', '小燕', '月娥', '金凤', '雪梅'];

const VILLAGES = [
  '330299101201', '330299101202', '330299101203', '330299101204',
  '330299102201', '330299102202', '330299102203', '330299102204',
  '330299103201', '330299103202', '330299103203', '330299103204',
];
const BAIKENG = '330299101201';
const ZHUFAN = '330299102201';
const CHALING = '330299103201';

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function monthStart(day: string, monthsBack: number): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - monthsBack);
  return d.toISOString().slice(0, 10);
}
const yuan = (fen: number) => (fen / 100).toFixed(2);

interface Person {
  id: string;
  name: string;
  gender: '男' | '女';
  birth: string;
  household: string;
  relation: string;
  village: string;
}

export interface DemoRegistryFiles {
  /** dataset → CSV text, in import order. */
  files: [dataset: string, csv: string][];
}

/** The demo district's department data as CSV files of shared/spec/data-exchange.md. */
export function demoRegistryFiles(today = chinaDate()): DemoRegistryFiles {
  const rand = rng(20261129);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let seq = 1;
  const people: Person[] = [];
  const households = new Map<string, Person[]>();
  // Ages count from 2026, whatever the year of seeding, so that identity numbers stay the same and the
  // demo household's card (README) keeps working.
  const birthOf = (age: number) => addDays(`${2026 - age}-01-01`, Math.floor(rand() * 360));
  for (const village of VILLAGES) {
    for (let h = 1; h <= 12; h++) {
      const household = `${village}-${String(h).padStart(3, '0')}`;
      const surname = SURNAMES[Math.floor(rand() * SURNAMES.length)]!;
      const members: Person[] = [];
      const headAge = 35 + Math.floor(rand() * 40);
      const add = (relation: string, male: boolean, age: number, sur = surname) => {
        const birth = birthOf(age);
        const p: Person = { id: idNumber(birth, seq++, male), name: sur + pick(male ? GIVEN_M : GIVEN_F), gender: male ? '男' : '女', birth, household, relation, village };
        members.push(p);
        people.push(p);
        return p;
      };
      add('户主', true, headAge);
      add('配偶', false, headAge - 2, SURNAMES[Math.floor(rand() * SURNAMES.length)]!);
      if (headAge < 65) add(rand() < 0.5 ? '子' : '女', rand() < 0.5, headAge - 26);
      households.set(household, members);
    }
  }
  const householdsOf = (village: string) => [...households.entries()].filter(([k]) => k.startsWith(village)).map(([, m]) => m);

  // Cadres: each village's secretary is the head of its first household (in office for years).
  const cadreRows: CsvCell[][] = [];
  for (const village of VILLAGES) {
    const head = householdsOf(village)[0]![0]!;
    cadreRows.push([head.id, head.name, village, '党组织书记', addDays(today, -3 * 365), '']);
    const accountant = householdsOf(village)[1]![0]!;
    cadreRows.push([accountant.id, accountant.name, village, '报账员', addDays(today, -2 * 365), '']);
  }

  // 低保: the heads of households 5 and 9 of every village, from a year ago, 2 people each.
  const benefitRows: CsvCell[][] = [];
  const paymentRows: CsvCell[][] = [];
  const deathRows: CsvCell[][] = [];
  const vehicleRows: CsvCell[][] = [];
  const start = monthStart(today, 12);
  const MONTHLY = 72_000;
  let paymentSeq = 1;
  const payMonths = (p: Person, from: number, to: number, program = '低保金') => {
    for (let m = from; m >= to; m--) {
      const paid = addDays(monthStart(today, m), 9);
      if (paid > today) continue;
      paymentRows.push([`DEMO-${String(paymentSeq++).padStart(6, '0')}`, p.id, p.name, p.village, program, yuan(MONTHLY), paid, '6228********1234']);
    }
  };
  const entitle = (p: Person, from = start, to = '') => benefitRows.push([p.id, p.name, p.village, '低保', 2, from, to, yuan(MONTHLY)]);
  for (const village of VILLAGES) {
    const hs = householdsOf(village);
    for (const i of [4, 8]) {
      const p = hs[i]![0]!;
      entitle(p);
      payMonths(p, 11, 0);
    }
  }
  // Farmland subsidies (耕地地力保护补贴) to every household head, once this year.
  for (const hs of VILLAGES.map(householdsOf)) {
    for (const m of hs) paymentRows.push([`DEMO-${String(paymentSeq++).padStart(6, '0')}`, m[0]!.id, m[0]!.name, m[0]!.village, '耕地地力保护补贴', yuan(13_560), addDays(monthStart(today, 6), 14), '']);
  }

  // Planted problems.
  const bk = householdsOf(BAIKENG);
  const secretaryWife = bk[0]![1]!;
  entitle(secretaryWife, monthStart(today, 6));
  payMonths(secretaryWife, 5, 0);
  const dead = bk[6]![0]!;
  entitle(dead, start);
  const deathDay = addDays(monthStart(today, 4), 11);
  deathRows.push([dead.id, dead.name, deathDay]);
  payMonths(dead, 11, 1);
  const carOwner = bk[10]![0]!;
  entitle(carOwner, start);
  payMonths(carOwner, 11, 0);
  vehicleRows.push(['浙A·D3K21', bk[10]![1]!.id, '小型汽车', addDays(today, -200)]);
  vehicleRows.push(['浙A·M7731', bk[3]![0]!.id, '摩托车', addDays(today, -500)]);
  const stranger = { id: idNumber('1932-05-05', 9001, true), name: '查无此人', village: ZHUFAN } as Person;
  paymentRows.push([`DEMO-${String(paymentSeq++).padStart(6, '0')}`, stranger.id, '钱有余', ZHUFAN, '低保金', yuan(MONTHLY), addDays(monthStart(today, 2), 9), '']);
  const twice = householdsOf(CHALING)[7]![0]!;
  entitle(twice, start);
  entitle(twice, monthStart(today, 3));

  const residentRows = people.map((p) => [p.id, p.name, p.gender, p.birth, p.household, p.relation, p.village]);
  return {
    files: [
      ['residents', formatCsv(['id_number', 'name', 'gender', 'birth_date', 'household_id', 'relation_to_head', 'village_code'], residentRows)],
      ['cadres', formatCsv(['id_number', 'name', 'region_code', 'position', 'start_date', 'end_date'], cadreRows)],
      ['deaths', formatCsv(['id_number', 'name', 'death_date'], deathRows)],
      ['vehicles', formatCsv(['plate', 'id_number', 'vehicle_type', 'registered_date'], vehicleRows)],
      ['benefit_recipients', formatCsv(['id_number', 'name', 'village_code', 'program', 'household_size', 'start_date', 'end_date', 'monthly_amount'], benefitRows)],
      ['payments', formatCsv(['payment_id', 'id_number', 'name', 'village_code', 'program', 'amount', 'paid_date', 'bank_account'], paymentRows)],
    ],
  };
}
