/**
 * A synthetic district in the format of shared/spec/data-exchange.md, deterministic from a seed.
 *
 * Background data is built so that no alert rule fires on it (benefits only in households with no
 * car, business, state job or cadre link; payments only inside entitlements; small expenses to
 * varied counterparties; well-formed decisions; even 低保 shares). Then, for every rule, true
 * cases and near-misses are injected, and the generator records which subjects MUST fire
 * (`expected`) and which must NOT (`nearMisses`) — from what it injected, never from the engine.
 * Payments are written as they are generated, so a million of them never sit in memory.
 * See docs/synthetic-data.md.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TAlertRule, TAlertSubjectType, TDataset } from '@mpw/contracts';
import { CsvWriter, Rng, addDays, addMonths, breakCheck, dateIn, daysBetween, makeCreditCode, makeIdNumber, makeName, monthEnd, yuan } from './util.js';

/** The date every sweep of the synthetic district is evaluated at; injected dates are relative to it. */
export const SYNTH_AS_OF = '2026-06-30';

export interface SynthOptions {
  dir: string;
  seed?: number;
  /** First six digits of every region code (the district), also the address code of most identity numbers. */
  district6?: string;
  townships?: number;
  villagesPerTownship?: number;
  /** Exactly this many registered residents per village (keeps the 低保 shares even). */
  residentsPerVillage?: number;
  /** About this many payments in total (entitlement payments plus farmland subsidies fill up to it). */
  payments?: number;
  /** Months of payments and books, ending with the as-of month. */
  months?: number;
  /** Rows of the incremental payments file (one of them a new DECEASED_PAYMENT). */
  incrementalRows?: number;
}

export interface SynthCase {
  rule: TAlertRule;
  subjectType: TAlertSubjectType;
  subjectId: string;
  village: string;
  /** What was injected, for a reader of a failing test. */
  note: string;
}

export interface SynthFile {
  dataset: TDataset;
  path: string;
  rows: number;
}

export interface SynthResult {
  dir: string;
  districtCode: string;
  asOf: string;
  townships: string[];
  villages: string[];
  /** In import order (regions first, decisions before the contracts and expenses that cite them). */
  files: SynthFile[];
  expected: SynthCase[];
  nearMisses: SynthCase[];
  /** A further payments file for one village, with one new DECEASED_PAYMENT (`expected`). */
  incremental: { village: string; file: SynthFile; expected: SynthCase };
}

/** The 18 rules of data-exchange.md, each covered by the generator. */
export const SPEC_RULES: readonly TAlertRule[] = [
  'KIN_BENEFIT',
  'DECEASED_PAYMENT',
  'NO_ENTITLEMENT_PAYMENT',
  'INELIGIBLE_VEHICLE',
  'INELIGIBLE_BUSINESS',
  'INELIGIBLE_PUBLIC_EMPLOYEE',
  'DUPLICATE_BENEFIT',
  'IDENTITY_MISMATCH',
  'UNKNOWN_PERSON',
  'INVALID_ID',
  'UNAPPROVED_LARGE_EXPENSE',
  'SPLIT_PAYMENT',
  'RELATED_PARTY_CONTRACT',
  'ASSET_NO_AUCTION',
  'DECISION_ORDER',
  'DECISION_QUORUM',
  'LATE_RECORD',
  'BENEFIT_OUTLIER',
];

interface Person {
  id: string;
  name: string;
  male: boolean;
  birth: string;
  rel: string;
  hh: Household;
}
interface Household {
  id: string;
  village: string;
  members: Person[];
  pool: 'cadre' | 'poor' | 'rich';
  used: boolean;
}
interface Cadre {
  person: Person;
  region: string;
  position: string;
  start: string;
  end: string | null;
  used: boolean;
}
type Program = '低保' | '特困供养' | '临时救助' | '残疾人两项补贴' | '高龄津贴';
interface Entitlement {
  id: string;
  name: string;
  village: string;
  program: Program;
  hhSize: number;
  start: string;
  end: string | null;
  monthlyFen: number;
  /** Background entitlements are paid monthly; injected ones are not (their payments are injected explicitly). */
  paid: boolean;
}
interface Payment {
  id: string;
  idNumber: string;
  name: string;
  village: string;
  program: string;
  fen: number;
  date: string;
}
interface Stage {
  stage: 'proposal' | 'consultation' | 'review' | 'resolution' | 'resolution_published' | 'result_published';
  held: string;
  body?: string;
  eligible?: number;
  attendees?: number;
  votesFor?: number;
  votesAgainst?: number;
  recordedAt?: string;
}
interface Decision {
  id: string;
  village: string;
  title: string;
  fen: number | null;
  stages: Stage[];
}
interface LedgerRow {
  id: string;
  village: string;
  date: string;
  direction: 'income' | 'expense';
  fen: number;
  category: string;
  cpName: string;
  cpId: string;
  description: string;
  decision: string;
}
interface ContractRow {
  id: string;
  village: string;
  type: string;
  title: string;
  cpName: string;
  cpId: string;
  fen: number;
  signed: string;
  method: string;
  decision: string;
}

const OTHER_PREFIXES = ['330225', '331081', '511623', '522425', '362330', '330206'];
const TOWNSHIP_NAMES = ['凤岭', '黄泥', '白沙', '青石', '桃源', '龙潭', '梅溪', '石门', '清泉', '竹林', '柳溪', '金山', '云湖', '松岗', '杏花', '荷塘', '东渡', '西岙', '南岭', '北湾'];
const VILLAGE_WORDS = ['前', '后', '上', '下', '东', '西', '南', '北', '新', '老', '大', '小', '高', '塘', '岭', '溪', '湾', '岙', '桥', '山', '田', '林', '家', '头'];
const CURRENT_POSITIONS = ['党组织书记', '村委会主任', '村委会委员', '村委会委员', '报账员', '会计', '村务监督委员会主任', '村务监督委员会委员', '村纪检委员'];
const FORMER_POSITIONS = ['村委会主任', '会计', '出纳'];
const TERM_START = '2021-01-15';
const FORMER_START = '2017-05-13';
const FORMER_END = '2021-01-14';
const COMPANY_WORDS = ['宏达', '鑫源', '佳禾', '恒通', '瑞丰', '利民', '兴旺', '永盛', '华联', '振兴', '天成', '金桥', '绿野', '汇丰', '康达'];
const COMPANY_KINDS = ['建筑工程有限公司', '建材商行', '农机专业合作社', '装饰工程有限公司', '物业服务有限公司', '电器有限公司', '园林绿化有限公司', '劳务有限公司'];
const SMALL_EXPENSES = [
  ['公益支出', '保洁服务费'],
  ['管理费用', '办公用品'],
  ['其他支出', '设施维修材料'],
  ['公益支出', '垃圾清运费'],
  ['管理费用', '会议误工补贴'],
];
const PAY_PROGRAM: Partial<Record<Program, string>> = { 低保: '低保金', 特困供养: '特困供养金', 高龄津贴: '高龄津贴' };

/** Generates the district into `opts.dir` and returns what it holds and what must (not) fire. */
export async function generateDistrict(opts: SynthOptions): Promise<SynthResult> {
  return new DistrictBuilder(opts).build();
}

class DistrictBuilder {
  private rng: Rng;
  private d6: string;
  private R: number;
  private months: number;
  private asOf = SYNTH_AS_OF;
  private windowStart: string;
  private regions: [string, string, string, string][] = [];
  private townships: string[] = [];
  private villages: string[] = [];
  private townshipOf = new Map<string, string>();
  private households: Household[] = [];
  private byVillage = new Map<string, Household[]>();
  private ids = new Set<string>();
  private cadres: Cadre[] = [];
  private kinship: [string, string, string][] = [];
  private kinPairs = new Set<string>();
  private deaths: [string, string, string][] = [];
  private vehicles: [string, string, string, string][] = [];
  private businesses: [string, string, string, string, number][] = [];
  private pubEmps: [string, string, string, string, string | null][] = [];
  private ents: Entitlement[] = [];
  private injectedPayments: Payment[] = [];
  private decisions: Decision[] = [];
  private ledger: LedgerRow[] = [];
  private contracts: ContractRow[] = [];
  private touched = new Set<string>();
  private dead = new Set<string>();
  private expected: SynthCase[] = [];
  private nearMisses: SynthCase[] = [];
  private seq = new Map<string, number>();
  private payCounter = 0;
  private injVillages: string[] = [];
  private injCursor = 0;
  private outlierVillage = '';
  private endedVillage = '';
  private counterparties = new Map<string, { name: string; id: string }[]>();

  constructor(private opts: SynthOptions) {
    this.rng = new Rng(opts.seed ?? 20261129);
    this.d6 = opts.district6 ?? '330299';
    this.R = opts.residentsPerVillage ?? 600;
    this.months = opts.months ?? 12;
    this.windowStart = `${addMonths(this.asOf.slice(0, 7), -(this.months - 1))}-01`;
  }

  async build(): Promise<SynthResult> {
    mkdirSync(this.opts.dir, { recursive: true });
    this.makeRegions();
    for (const v of this.villages) this.makeResidents(v);
    this.makeCadres();
    this.makeBackgroundKinship();
    this.injVillages = this.villages.slice(0, -2);
    this.outlierVillage = this.villages[this.villages.length - 1]!;
    this.endedVillage = this.villages[this.villages.length - 2]!;
    if (this.injVillages.length < 2) throw new Error('the synthetic district needs at least 4 villages');
    const inc = this.injectAll();
    this.makeBackgroundPeople();
    this.makeBackgroundBenefits();
    this.makeBackgroundBooks();
    const files = await this.writeFiles();
    const incremental = await this.writeIncremental(inc);
    return {
      dir: this.opts.dir,
      districtCode: `${this.d6}000000`,
      asOf: this.asOf,
      townships: this.townships,
      villages: this.villages,
      files,
      expected: this.expected,
      nearMisses: this.nearMisses,
      incremental,
    };
  }

  // ---------------------------------------------------------------- registry

  private makeRegions() {
    const district = `${this.d6}000000`;
    this.regions.push([district, '清溪区', 'district', '']);
    const nT = this.opts.townships ?? 2;
    const nV = this.opts.villagesPerTownship ?? 3;
    for (let t = 0; t < nT; t++) {
      const t3 = String(101 + t);
      const code = `${this.d6}${t3}000`;
      this.townships.push(code);
      this.regions.push([code, `${TOWNSHIP_NAMES[t % TOWNSHIP_NAMES.length]}${t >= TOWNSHIP_NAMES.length ? t : ''}镇`, 'township', district]);
      for (let v = 0; v < nV; v++) {
        const vc = `${this.d6}${t3}${201 + v}`;
        this.villages.push(vc);
        this.townshipOf.set(vc, code);
        const name = `${VILLAGE_WORDS[(t * 7 + v) % VILLAGE_WORDS.length]}${VILLAGE_WORDS[(v * 5 + t + 3) % VILLAGE_WORDS.length]}${v}村`;
        this.regions.push([vc, name, 'village', code]);
      }
    }
  }

  private newId(prefix: string, birth: string, male: boolean): string {
    for (;;) {
      const id = makeIdNumber(prefix, birth, this.rng.int(0, 999), male);
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  private birthFor(age: number): string {
    const y = Number(this.asOf.slice(0, 4)) - age;
    return dateIn(this.rng, `${y - 1}-07-01`, `${y}-06-29`);
  }

  private person(hh: Household, rel: string, male: boolean, age: number): Person {
    const birth = this.birthFor(Math.max(0, Math.min(99, age)));
    const prefix = this.rng.chance(0.92) ? this.d6 : this.rng.pick(OTHER_PREFIXES);
    const p: Person = { id: this.newId(prefix, birth, male), name: makeName(this.rng, male), male, birth, rel, hh };
    hh.members.push(p);
    return p;
  }

  private makeResidents(village: string) {
    const list: Household[] = [];
    let count = 0;
    let n = 0;
    const t3v3 = village.slice(6);
    while (count < this.R) {
      const size = Math.min(this.R - count, this.rng.pick([1, 2, 2, 3, 3, 3, 4, 4, 5, 6]));
      const hh: Household = { id: `${t3v3}${String(++n).padStart(4, '0')}`, village, members: [], pool: 'rich', used: false };
      const headMale = this.rng.chance(0.8);
      const headAge = this.rng.int(26, 88);
      this.person(hh, '户主', headMale, headAge);
      if (size >= 2) this.person(hh, '配偶', !headMale, headAge + this.rng.int(-5, 5));
      while (hh.members.length < size) {
        const k = hh.members.length;
        if (k === 4 && headAge < 60) {
          const male = this.rng.chance(0.5);
          this.person(hh, male ? '父亲' : '母亲', male, headAge + this.rng.int(24, 30));
        } else if (k >= 4 && headAge >= 60) {
          const male = this.rng.chance(0.5);
          this.person(hh, male ? '孙子' : '孙女', male, headAge - this.rng.int(48, 58));
        } else {
          const male = this.rng.chance(0.5);
          this.person(hh, male ? '子' : '女', male, headAge - this.rng.int(22, 34));
        }
      }
      count += size;
      list.push(hh);
      this.households.push(hh);
    }
    // Pools: cadre households first, then the households that may hold means-tested benefits.
    const order = this.rng.shuffle([...list]);
    const nCadre = CURRENT_POSITIONS.length + FORMER_POSITIONS.length;
    order.forEach((hh, i) => (hh.pool = i < nCadre ? 'cadre' : i < nCadre + Math.round(list.length * 0.45) ? 'poor' : 'rich'));
    this.byVillage.set(village, list);
  }

  private makeCadres() {
    for (const v of this.villages) {
      const hhs = this.byVillage.get(v)!.filter((h) => h.pool === 'cadre');
      let i = 0;
      for (const position of CURRENT_POSITIONS) this.cadres.push({ person: hhs[i++]!.members[0]!, region: v, position, start: addDays(TERM_START, this.rng.int(0, 2)), end: null, used: false });
      for (const position of FORMER_POSITIONS) this.cadres.push({ person: hhs[i++]!.members[0]!, region: v, position, start: FORMER_START, end: FORMER_END, used: false });
    }
    for (const t of this.townships) {
      const rich = this.villages.filter((v) => this.townshipOf.get(v) === t).flatMap((v) => this.byVillage.get(v)!.filter((h) => h.pool === 'rich'));
      for (let k = 0; k < 3; k++) {
        const hh = rich[this.rng.int(0, rich.length - 1)]!;
        if (hh.used) continue;
        hh.used = true;
        const p = hh.members[0]!;
        this.cadres.push({ person: p, region: t, position: '乡镇干部', start: '2016-03-01', end: null, used: false });
        this.pubEmps.push([p.id, p.name, `${this.regions.find((r) => r[0] === t)![1]}人民政府`, '2016-03-01', null]);
        this.touched.add(p.id);
      }
    }
  }

  /** Declared relatives among ordinary households, and of cadres — never of a household that may hold a means-tested benefit. */
  private makeBackgroundKinship() {
    const add = (a: Person, b: Person) => this.kin(a, b, this.rng.pick(['父母', '子女', '兄弟姐妹', '姻亲']));
    for (const v of this.villages) {
      const rich = this.byVillage.get(v)!.filter((h) => h.pool === 'rich');
      for (let k = 0; k < Math.round(this.R * 0.04); k++) add(this.rng.pick(rich).members[0]!, this.rng.pick(this.rng.pick(rich).members));
    }
    for (const c of this.cadres) {
      if (c.position === '乡镇干部') continue;
      const rich = this.byVillage.get(c.region)!.filter((h) => h.pool === 'rich');
      const relative = this.rng.pick(rich).members[0]!;
      add(c.person, relative);
      // A cadre's relative is never picked for an injected case that assumes no cadre link.
      this.touched.add(relative.id);
    }
  }

  // ---------------------------------------------------------------- injection helpers

  private yes(rule: TAlertRule, subjectType: TAlertSubjectType, subjectId: string, village: string, note: string) {
    this.expected.push({ rule, subjectType, subjectId, village, note });
  }
  private no(rule: TAlertRule, subjectType: TAlertSubjectType, subjectId: string, village: string, note: string) {
    this.nearMisses.push({ rule, subjectType, subjectId, village, note });
  }

  private nextVillage(): string {
    return this.injVillages[this.injCursor++ % this.injVillages.length]!;
  }

  /** An unused household of the given pool, in `village` (or the next injection village). */
  private take(pool: 'poor' | 'rich', minSize = 1, village?: string): Household {
    const tries = village ? [village] : this.injVillages.map(() => this.nextVillage());
    for (const v of tries) {
      const hh = this.byVillage.get(v)!.find((h) => h.pool === pool && !h.used && h.members.length >= minSize && h.members.every((m) => !this.touched.has(m.id)));
      if (hh) {
        hh.used = true;
        for (const m of hh.members) this.touched.add(m.id);
        return hh;
      }
    }
    throw new Error(`synthetic district: no unused ${pool} household of size ${minSize} left${village ? ` in ${village}` : ''}; use more residents per village`);
  }

  private takeCadre(o: { former?: boolean; village?: string; notVillage?: string; minSize?: number } = {}): Cadre {
    const c = this.cadres.find(
      (x) =>
        !x.used &&
        x.position !== '乡镇干部' &&
        (o.former ? x.end !== null : x.end === null) &&
        (!o.village || x.region === o.village) &&
        (!o.notVillage || x.region !== o.notVillage) &&
        this.injVillages.includes(x.region) &&
        x.person.hh.members.length >= (o.minSize ?? 1),
    );
    if (!c) throw new Error('synthetic district: no unused cadre left; use more villages');
    c.used = true;
    for (const m of c.person.hh.members) this.touched.add(m.id);
    return c;
  }

  private ent(p: { id: string; name: string }, village: string, program: Program, start: string, end: string | null, hhSize = 1, paid = false): Entitlement {
    const e: Entitlement = { id: p.id, name: p.name, village, program, hhSize, start, end, monthlyFen: program === '高龄津贴' ? 10000 : 80000 * hhSize + this.rng.int(0, 20) * 1000, paid };
    this.ents.push(e);
    return e;
  }

  private pay(p: { id: string; name: string }, village: string, program: string, date: string, fen = this.rng.int(100, 2000) * 100): string {
    const id = `FF${date.slice(0, 4)}${date.slice(5, 7)}${String(++this.payCounter).padStart(9, '0')}`;
    this.injectedPayments.push({ id, idNumber: p.id, name: p.name, village, program, fen, date });
    return id;
  }

  /** Declares two people close relatives (once per unordered pair: the dataset's key). */
  private kin(a: Person, b: Person, relation = '姻亲') {
    const k = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
    if (a.hh === b.hh || this.kinPairs.has(k)) return;
    this.kinPairs.add(k);
    this.kinship.push([a.id, b.id, relation]);
  }

  private business(owners: { id: string; role: '法定代表人' | '股东' }[], prefix = this.d6): string {
    const code = makeCreditCode(this.rng, prefix);
    const name = `${TOWNSHIP_NAMES[this.rng.int(0, 9)]}${this.rng.pick(COMPANY_WORDS)}${this.rng.pick(COMPANY_KINDS)}`;
    for (const o of owners) this.businesses.push([code, name, o.id, o.role, this.rng.int(10, 500) * 1000000]);
    return code;
  }

  /** An identity number that is valid but belongs to nobody in the registry. */
  private outsiderId(prefix = this.d6, wantX = false): string {
    for (;;) {
      const id = makeIdNumber(prefix, dateIn(this.rng, '1950-01-01', '1999-12-31'), this.rng.int(0, 999), this.rng.chance(0.5));
      if (!this.ids.has(id) && (!wantX || id.endsWith('X'))) {
        this.ids.add(id);
        return id;
      }
    }
  }

  private outsiderCompany(): { name: string; id: string } {
    return { name: `${this.rng.pick(['宁波', '余姚', '奉化', '台州', '杭州'])}${this.rng.pick(COMPANY_WORDS)}${this.rng.pick(COMPANY_KINDS)}`, id: makeCreditCode(this.rng, this.rng.pick(['330206', '330281', '330283', '331002'])) };
  }

  private nextNo(kind: string, village: string, width: number): string {
    const k = `${kind}${village}`;
    const n = (this.seq.get(k) ?? 0) + 1;
    this.seq.set(k, n);
    return `${kind}${village}${String(n).padStart(width, '0')}`;
  }

  private stamp(held: string, lagDays = 0, time = '10:00:00'): string {
    return `${addDays(held, lagDays)}T${time}+08:00`;
  }

  /** A well-formed decision: six stages in order, timely records, a quorate and passed resolution. Stages after the as-of date are left out. */
  private decision(village: string, title: string, fen: number | null, proposal: string, opts: { resolutionGap?: number; resultOn?: string | null } = {}): Decision {
    const gap = opts.resolutionGap ?? 9;
    const eligible = this.rng.int(30, 45);
    const attendees = Math.ceil((eligible * 2) / 3) + this.rng.int(2, eligible - Math.ceil((eligible * 2) / 3));
    const stages: Stage[] = [
      { stage: 'proposal', held: proposal },
      { stage: 'consultation', held: addDays(proposal, 2), eligible: 9, attendees: 9, votesFor: 9, votesAgainst: 0 },
      { stage: 'review', held: addDays(proposal, 5), body: '党员大会', eligible: 60, attendees: 52, votesFor: 50, votesAgainst: 1 },
      { stage: 'resolution', held: addDays(proposal, gap), body: '村民代表会议', eligible, attendees, votesFor: attendees - 1, votesAgainst: 1 },
      { stage: 'resolution_published', held: addDays(proposal, gap + 1) },
    ];
    if (opts.resultOn !== null) stages.push({ stage: 'result_published', held: opts.resultOn ?? addDays(proposal, gap + 40) });
    const d: Decision = { id: this.nextNo('JC', village, 4), village, title, fen, stages: stages.filter((s) => s.held <= this.asOf) };
    // Recorded within three days, and never after the as-of date (a record made later is not known then).
    for (const s of d.stages) s.recordedAt ??= this.stamp(s.held, Math.min(this.rng.int(0, 3), daysBetween(s.held, this.asOf)), `${String(this.rng.int(8, 17)).padStart(2, '0')}:${String(this.rng.int(10, 59))}:00`);
    this.decisions.push(d);
    return d;
  }

  private resolutionOf(d: Decision): string {
    return d.stages.find((s) => s.stage === 'resolution')!.held;
  }

  private expense(village: string, date: string, fen: number, cp: { name: string; id: string }, decision = '', category = '工程支出', description = '工程款'): string {
    const id = this.nextNo('PZ', village, 5);
    this.ledger.push({ id, village, date, direction: 'expense', fen, category, cpName: cp.name, cpId: cp.id, description, decision });
    return id;
  }

  private contract(village: string, type: string, title: string, cp: { name: string; id: string }, fen: number, signed: string, method: string, decision = ''): string {
    const id = this.nextNo('HT', village, 4);
    this.contracts.push({ id, village, type, title, cpName: cp.name, cpId: cp.id, fen, signed, method, decision });
    return id;
  }

  private spouseOf(hh: Household): Person {
    return hh.members[1]!;
  }

  // ---------------------------------------------------------------- injections, rule by rule

  private injectAll(): { dead: Person } {
    this.injectKinBenefit();
    const inc = this.injectDeceased();
    this.injectNoEntitlement();
    this.injectIneligible();
    this.injectDuplicate();
    this.injectIdentity();
    this.injectBooks();
    this.injectDecisions();
    this.injectOutlier();
    return inc;
  }

  private injectKinBenefit() {
    const R = 'KIN_BENEFIT';
    const c1 = this.takeCadre({ minSize: 2 });
    const sp = this.spouseOf(c1.person.hh);
    this.ent(sp, c1.region, '低保', '2023-03-01', null, 2);
    this.yes(R, 'benefit', sp.id, c1.region, `spouse (same household) of current cadre ${c1.person.id} holds 低保`);

    const c2 = this.takeCadre();
    this.ent(c2.person, c2.region, '特困供养', '2024-01-01', null);
    this.yes(R, 'benefit', c2.person.id, c2.region, 'a current cadre holds 特困供养 himself');

    const c3 = this.takeCadre();
    const h3 = this.take('poor', 1, c3.region).members[0]!;
    this.kin(h3, c3.person, '兄弟姐妹');
    this.ent(h3, c3.region, '临时救助', '2025-05-01', '2025-08-31');
    this.yes(R, 'benefit', h3.id, c3.region, 'declared kin (other household) of a current cadre holds 临时救助');

    const f1 = this.takeCadre({ former: true, minSize: 2 });
    const h4 = this.take('poor', 1, f1.region).members[0]!;
    this.kin(h4, f1.person, '子女');
    this.ent(h4, f1.region, '低保', FORMER_END, '2022-12-31');
    this.yes(R, 'benefit', h4.id, f1.region, `kin of a cadre who left office ${FORMER_END}; entitlement starts that same day (periods share one day)`);
    const h5 = this.take('poor', 1, f1.region).members[0]!;
    this.kin(h5, f1.person, '子女');
    this.ent(h5, f1.region, '低保', addDays(FORMER_END, 1), '2023-12-31');
    this.no(R, 'benefit', h5.id, f1.region, `kin of a cadre who left office ${FORMER_END}; entitlement starts the next day (periods touch, no overlap)`);
    const fsp = this.spouseOf(f1.person.hh);
    this.ent(fsp, f1.region, '低保', '2022-01-01', null, 2);
    this.no(R, 'benefit', fsp.id, f1.region, 'spouse of a cadre who left office before the entitlement started');

    const c4 = this.takeCadre();
    const other = this.injVillages.find((v) => v !== c4.region)!;
    const h6 = this.take('poor', 1, other).members[0]!;
    this.kin(h6, c4.person, '兄弟姐妹');
    this.ent(h6, other, '低保', '2024-01-01', null);
    this.no(R, 'benefit', h6.id, other, `kin of a cadre of another village (${c4.region})`);

    const c5 = this.takeCadre();
    const mid = this.take('rich', 1, c5.region).members[0]!;
    const h7 = this.take('poor', 1, c5.region).members[0]!;
    this.kin(mid, c5.person, '兄弟姐妹');
    this.kin(h7, mid, '兄弟姐妹');
    this.ent(h7, c5.region, '低保', '2024-01-01', null);
    this.no(R, 'benefit', h7.id, c5.region, 'kin of kin of a current cadre (not transitive)');

    const v8 = this.nextVillage();
    const tc = this.cadres.find((c) => c.position === '乡镇干部' && c.region === this.townshipOf.get(v8))!;
    const h8 = this.take('poor', 1, v8).members[0]!;
    this.kin(h8, tc.person, '父母');
    this.ent(h8, v8, '低保', '2024-06-01', null);
    this.no(R, 'benefit', h8.id, v8, 'kin of a township official (not a cadre of the village)');

    const c6 = this.takeCadre({ minSize: 2 });
    const sp6 = this.spouseOf(c6.person.hh);
    this.ent(sp6, c6.region, '残疾人两项补贴', '2023-01-01', null);
    this.no(R, 'benefit', sp6.id, c6.region, 'spouse of a current cadre holds a universal allowance (not means-tested)');
  }

  private injectDeceased(): { dead: Person } {
    const R = 'DECEASED_PAYMENT';
    const die = (v: string, date: string): Person => {
      const p = this.take('rich', 1, v).members[0]!;
      this.deaths.push([p.id, p.name, date]);
      this.dead.add(p.id);
      return p;
    };
    const v1 = this.nextVillage();
    const d1 = die(v1, '2026-03-15');
    this.no(R, 'payment', this.pay(d1, v1, '耕地地力保护补贴', '2026-03-31'), v1, 'died 2026-03-15, paid 2026-03-31 (same calendar month)');
    this.yes(R, 'payment', this.pay(d1, v1, '耕地地力保护补贴', '2026-04-10'), v1, 'died 2026-03-15, paid 2026-04-10');
    const v2 = this.nextVillage();
    const d2 = die(v2, '2026-03-31');
    this.yes(R, 'payment', this.pay(d2, v2, '耕地地力保护补贴', '2026-04-01'), v2, 'died 2026-03-31, paid 2026-04-01 (first day of next month)');
    this.no(R, 'payment', this.pay(d2, v2, '耕地地力保护补贴', '2026-03-31'), v2, 'died 2026-03-31, paid that day');
    const v3 = this.nextVillage();
    const d3 = die(v3, '2026-01-20');
    this.no(R, 'payment', this.pay(d3, v3, '高龄津贴', '2026-01-10'), v3, 'paid before death');
    const v4 = this.nextVillage();
    const d4 = die(v4, '2025-12-05');
    this.yes(R, 'payment', this.pay(d4, v4, '耕地地力保护补贴', '2026-01-10'), v4, 'died 2025-12-05, paid 2026-01-10');
    this.yes(R, 'payment', this.pay(d4, v4, '其他', '2026-02-10'), v4, 'died 2025-12-05, paid 2026-02-10');
    // For the incremental check: died in February, no payment yet.
    return { dead: die(this.injVillages[0]!, '2026-02-14') };
  }

  private injectNoEntitlement() {
    const R = 'NO_ENTITLEMENT_PAYMENT';
    const h1 = this.take('poor').members[0]!;
    const v1 = h1.hh.village;
    this.ent(h1, v1, '低保', '2024-05-01', '2025-12-31');
    this.yes(R, 'payment', this.pay(h1, v1, '低保金', '2026-01-10'), v1, '低保 ended 2025-12-31, 低保金 paid 2026-01-10');
    this.no(R, 'payment', this.pay(h1, v1, '低保金', '2025-12-31'), v1, '低保金 paid on the last day of the entitlement');
    const h2 = this.take('poor').members[0]!;
    const v2 = h2.hh.village;
    this.ent(h2, v2, '低保', '2025-01-01', null);
    this.yes(R, 'payment', this.pay(h2, v2, '特困供养金', '2026-03-10'), v2, '特困供养金 paid to a holder of 低保 only (program mismatch)');
    this.no(R, 'payment', this.pay(h2, v2, '低保金', '2026-03-10'), v2, '低保金 paid inside an active 低保');
    const h3 = this.take('poor').members[0]!;
    const v3 = h3.hh.village;
    this.ent(h3, v3, '特困供养', '2026-02-01', null);
    this.yes(R, 'payment', this.pay(h3, v3, '特困供养金', '2026-01-31'), v3, '特困供养金 paid the day before the entitlement starts');
    this.no(R, 'payment', this.pay(h3, v3, '特困供养金', '2026-02-01'), v3, '特困供养金 paid on the start date');
    const r = this.take('rich').members[0]!;
    const vr = r.hh.village;
    this.no(R, 'payment', this.pay(r, vr, '残疾人补贴', '2026-02-10'), vr, 'a payment of a program the rule does not cover, without entitlement');
  }

  private injectIneligible() {
    const plate = () => `浙B${String(this.vehicles.length).padStart(2, '0')}${this.rng.pick('ACDFGHJKLMNPQRTUVWXY'.split(''))}${this.rng.int(10, 99)}`;
    const car = (p: Person, type: string, date: string) => this.vehicles.push([plate(), p.id, type, date]);
    {
      const R = 'INELIGIBLE_VEHICLE';
      const a = this.take('poor', 2);
      this.ent(a.members[0]!, a.village, '低保', '2024-01-01', null, a.members.length);
      car(a.members[1]!, '小型汽车', '2020-05-01');
      this.yes(R, 'benefit', a.members[0]!.id, a.village, 'spouse owns a 小型汽车 registered before the 低保');
      const b = this.take('poor');
      this.ent(b.members[0]!, b.village, '特困供养', '2023-01-01', '2025-12-31');
      car(b.members[0]!, '中型汽车', '2025-12-31');
      this.yes(R, 'benefit', b.members[0]!.id, b.village, 'holder registers a 中型汽车 on the last day of the 特困供养');
      const c = this.take('poor');
      this.ent(c.members[0]!, c.village, '低保', '2022-01-01', '2024-12-31');
      car(c.members[0]!, '小型汽车', '2025-01-01');
      this.no(R, 'benefit', c.members[0]!.id, c.village, 'car registered the day after the 低保 ended');
      const d = this.take('poor', 2);
      this.ent(d.members[0]!, d.village, '低保', '2024-01-01', null, d.members.length);
      car(d.members[1]!, '摩托车', '2019-04-01');
      car(d.members[0]!, '低速货车', '2018-04-01');
      this.no(R, 'benefit', d.members[0]!.id, d.village, 'household owns only a 摩托车 and a 低速货车');
      const e = this.take('poor');
      this.ent(e.members[0]!, e.village, '临时救助', '2025-03-01', '2025-05-31');
      car(e.members[0]!, '小型汽车', '2018-06-01');
      this.no(R, 'benefit', e.members[0]!.id, e.village, '临时救助 is not 低保 or 特困供养');
      const f = this.take('poor');
      const fk = this.take('rich', 1, f.village).members[0]!;
      this.kin(f.members[0]!, fk, '子女');
      car(fk, '大型汽车', '2019-01-01');
      this.ent(f.members[0]!, f.village, '低保', '2024-01-01', null, f.members.length);
      this.no(R, 'benefit', f.members[0]!.id, f.village, 'the car belongs to declared kin in another household');
    }
    {
      const R = 'INELIGIBLE_BUSINESS';
      const a = this.take('poor', 2);
      this.ent(a.members[0]!, a.village, '低保', '2023-06-01', null, a.members.length);
      this.business([{ id: this.outsiderId('330206'), role: '法定代表人' }, { id: a.members[1]!.id, role: '股东' }]);
      this.yes(R, 'benefit', a.members[0]!.id, a.village, 'spouse is a 股东');
      const b = this.take('poor');
      this.ent(b.members[0]!, b.village, '特困供养', '2022-01-01', '2024-12-31');
      this.business([{ id: b.members[0]!.id, role: '法定代表人' }]);
      this.yes(R, 'benefit', b.members[0]!.id, b.village, 'holder is a 法定代表人 (no dates: counts whenever it exists)');
      const c = this.take('poor');
      const ck = this.take('rich', 1, c.village).members[0]!;
      this.kin(c.members[0]!, ck, '兄弟姐妹');
      this.business([{ id: ck.id, role: '法定代表人' }]);
      this.ent(c.members[0]!, c.village, '低保', '2024-01-01', null, c.members.length);
      this.no(R, 'benefit', c.members[0]!.id, c.village, 'the business belongs to declared kin in another household');
      const d = this.take('poor');
      this.ent(d.members[0]!, d.village, '临时救助', '2025-06-01', '2025-07-31');
      this.business([{ id: this.outsiderId('330206'), role: '法定代表人' }, { id: d.members[0]!.id, role: '股东' }]);
      this.no(R, 'benefit', d.members[0]!.id, d.village, '临时救助 is not 低保 or 特困供养');
    }
    {
      const R = 'INELIGIBLE_PUBLIC_EMPLOYEE';
      const job = (p: Person, start: string, end: string | null) => this.pubEmps.push([p.id, p.name, `${this.rng.pick(TOWNSHIP_NAMES)}镇中心小学`, start, end]);
      const a = this.take('poor', 2);
      this.ent(a.members[0]!, a.village, '低保', '2024-01-01', null, a.members.length);
      job(a.members[1]!, '2015-03-01', null);
      this.yes(R, 'benefit', a.members[0]!.id, a.village, 'spouse holds a state-funded job throughout');
      const b = this.take('poor');
      this.ent(b.members[0]!, b.village, '低保', '2023-07-01', null, 1);
      job(b.members[0]!, '2018-01-01', '2023-07-01');
      this.yes(R, 'benefit', b.members[0]!.id, b.village, 'job ends on the day the 低保 starts (one shared day)');
      const c = this.take('poor');
      this.ent(c.members[0]!, c.village, '低保', '2023-07-01', null, 1);
      job(c.members[0]!, '2018-01-01', '2023-06-30');
      this.no(R, 'benefit', c.members[0]!.id, c.village, 'job ends the day before the 低保 starts (touch, no overlap)');
      const d = this.take('poor');
      this.ent(d.members[0]!, d.village, '特困供养', '2022-01-01', '2024-12-31');
      job(d.members[0]!, '2025-01-01', null);
      this.no(R, 'benefit', d.members[0]!.id, d.village, 'job starts the day after the 特困供养 ended');
      const e = this.take('poor');
      this.ent(e.members[0]!, e.village, '低保', '2025-01-01', null, 1);
      job(e.members[0]!, addDays(this.asOf, 1), null);
      this.no(R, 'benefit', e.members[0]!.id, e.village, 'job starts after the as-of date (the period ends at the as-of date)');
    }
  }

  private injectDuplicate() {
    const R = 'DUPLICATE_BENEFIT';
    const a = this.take('poor').members[0]!;
    this.ent(a, a.hh.village, '低保', '2023-01-01', '2024-06-30');
    this.ent(a, a.hh.village, '低保', '2024-06-30', null);
    this.yes(R, 'benefit', a.id, a.hh.village, 'two 低保 sharing the day 2024-06-30');
    const b = this.take('poor').members[0]!;
    const otherV = this.injVillages.find((v) => v !== b.hh.village)!;
    this.ent(b, b.hh.village, '特困供养', '2022-03-01', null);
    this.ent(b, otherV, '特困供养', '2025-03-01', null);
    this.yes(R, 'benefit', b.id, b.hh.village, `特困供养 in two villages at once (${b.hh.village}, ${otherV})`);
    const c = this.take('poor').members[0]!;
    this.ent(c, c.hh.village, '低保', '2023-01-01', '2024-06-30');
    this.ent(c, c.hh.village, '低保', '2024-07-01', null);
    this.no(R, 'benefit', c.id, c.hh.village, 'consecutive 低保 periods (touch, no overlap)');
    const d = this.take('poor').members[0]!;
    this.ent(d, d.hh.village, '低保', '2024-01-01', null);
    this.ent(d, d.hh.village, '特困供养', '2025-01-01', null);
    this.no(R, 'benefit', d.id, d.hh.village, 'overlapping entitlements of two different programs');
    const e = this.take('poor').members[0]!;
    this.ent(e, e.hh.village, '低保', '2024-01-01', null);
    this.ent(e, e.hh.village, '低保', addDays(this.asOf, 32), null);
    this.no(R, 'benefit', e.id, e.hh.village, 'the second 低保 starts after the as-of date (ignored)');
  }

  private injectIdentity() {
    // Homonyms: two living residents with one name and their own identity numbers.
    const rich = this.injVillages.flatMap((v) => this.byVillage.get(v)!.filter((h) => h.pool === 'rich' && !h.used));
    const byName = new Map<string, Household>();
    let pair: [Household, Household] | null = null;
    for (const hh of rich) {
      const n = hh.members[0]!.name;
      const first = byName.get(n);
      if (first) {
        pair = [first, hh];
        break;
      }
      byName.set(n, hh);
    }
    if (!pair) {
      pair = [rich[0]!, rich[1]!];
      pair[1].members[0]!.name = pair[0].members[0]!.name;
    }
    for (const hh of pair) {
      hh.used = true;
      for (const m of hh.members) this.touched.add(m.id);
    }
    const [p1, p2] = [pair[0].members[0]!, pair[1].members[0]!];
    {
      const R = 'IDENTITY_MISMATCH';
      this.no(R, 'payment', this.pay(p1, p1.hh.village, '耕地地力保护补贴', '2026-05-15'), p1.hh.village, `payment to ${p1.name} (homonym of ${p2.id}) under their own id`);
      this.no(R, 'payment', this.pay(p2, p2.hh.village, '耕地地力保护补贴', '2026-05-15'), p2.hh.village, `payment to ${p2.name} (homonym of ${p1.id}) under their own id`);
      this.ent(p2, p2.hh.village, '残疾人两项补贴', '2024-01-01', null);
      this.no(R, 'benefit', p2.id, p2.hh.village, 'allowance to a homonym under their own id');
      const a = this.take('rich').members[0]!;
      const wrong = a.name === p1.name ? `${p1.name}明` : p1.name;
      this.yes(R, 'payment', this.pay({ id: a.id, name: wrong }, a.hh.village, '耕地地力保护补贴', '2026-05-15'), a.hh.village, `id of ${a.name} paid under the name ${wrong}`);
      const b = this.take('poor').members[0]!;
      const last = b.name.slice(-1);
      const other = b.name.slice(0, -1) + (last === '华' ? '芳' : '华');
      this.ent({ id: b.id, name: other }, b.hh.village, '残疾人两项补贴', '2024-03-01', null);
      this.yes(R, 'benefit', b.id, b.hh.village, `entitlement of ${b.name} recorded under the name ${other}`);
    }
    {
      const v = this.nextVillage();
      const u1 = this.outsiderId(this.d6, true);
      const u1pay = this.pay({ id: u1, name: '林国平' }, v, '耕地地力保护补贴', '2026-04-15');
      this.yes('UNKNOWN_PERSON', 'payment', u1pay, v, `valid id ${u1} (check X) not in the registry`);
      this.no('INVALID_ID', 'payment', u1pay, v, `valid id ending in X (${u1})`);
      const u2 = this.outsiderId();
      this.ent({ id: u2, name: '周桂英' }, v, '残疾人两项补贴', '2025-01-01', null);
      this.yes('UNKNOWN_PERSON', 'benefit', u2, v, 'entitlement for a valid id not in the registry');
      const xHolder = rich.flatMap((h) => (h.used ? [] : h.members)).find((m) => m.id.endsWith('X') && !this.touched.has(m.id));
      if (xHolder) {
        this.touched.add(xHolder.id);
        xHolder.hh.used = true;
        const pid = this.pay({ id: xHolder.id.toLowerCase(), name: xHolder.name }, xHolder.hh.village, '耕地地力保护补贴', '2026-04-15');
        this.no('UNKNOWN_PERSON', 'payment', pid, xHolder.hh.village, `registry id written with a lower-case x (${xHolder.id.toLowerCase()})`);
        this.no('INVALID_ID', 'payment', pid, xHolder.hh.village, 'lower-case x is a valid check character');
        this.no('IDENTITY_MISMATCH', 'payment', pid, xHolder.hh.village, 'lower-case x, same name');
      }
      const a = this.take('rich').members[0]!;
      const bad = breakCheck(a.id);
      const badPay = this.pay({ id: bad, name: a.name }, a.hh.village, '耕地地力保护补贴', '2026-04-15');
      this.yes('INVALID_ID', 'payment', badPay, a.hh.village, `wrong check character (${bad}, valid would be ${a.id})`);
      this.no('UNKNOWN_PERSON', 'payment', badPay, a.hh.village, 'an id failing the check is not well-formed');
      const b = this.take('poor').members[0]!;
      const badB = breakCheck(b.id);
      this.ent({ id: badB, name: b.name }, b.hh.village, '残疾人两项补贴', '2025-02-01', null);
      this.yes('INVALID_ID', 'benefit', badB, b.hh.village, `entitlement under a wrong check character (${badB})`);
    }
  }

  private injectBooks() {
    const T = 5_000_000; // 50,000 yuan in fen: the default large-expense threshold
    const v = this.injVillages[0]!;
    const w = this.injVillages[1]!;
    const co = () => this.outsiderCompany();
    {
      const R = 'UNAPPROVED_LARGE_EXPENSE';
      this.yes(R, 'ledger_entry', this.expense(v, '2026-02-10', 6_000_000, co()), v, '60,000 yuan without decision');
      this.yes(R, 'ledger_entry', this.expense(v, '2026-02-12', T, co()), v, 'exactly 50,000 yuan without decision');
      const late = this.decision(v, '村道拓宽工程', 8_000_000, '2026-03-11');
      const lateEntry = this.expense(v, addDays(this.resolutionOf(late), -5), 8_000_000, co(), late.id);
      this.yes(R, 'ledger_entry', lateEntry, v, `80,000 yuan entered 5 days before the resolution of ${late.id}`);
      this.yes('DECISION_ORDER', 'decision', late.id, v, `expense ${lateEntry} entered before the resolution`);
      this.no(R, 'ledger_entry', this.expense(v, '2026-02-14', T - 1, co()), v, '49,999.99 yuan without decision (below threshold)');
      const onTime = this.decision(v, '文化礼堂修缮', 12_000_000, '2026-03-25');
      this.no(R, 'ledger_entry', this.expense(v, this.resolutionOf(onTime), 12_000_000, co(), onTime.id), v, 'entered on the day of the resolution');
      this.no('DECISION_ORDER', 'decision', onTime.id, v, 'money moved on the resolution date');
      const inc = this.nextNo('PZ', v, 5);
      this.ledger.push({ id: inc, village: v, date: '2026-02-20', direction: 'income', fen: 20_000_000, category: '经营收入', cpName: co().name, cpId: '', description: '山林承包费', decision: '' });
      this.no(R, 'ledger_entry', inc, v, 'an income of 200,000 yuan');
    }
    {
      const R = 'SPLIT_PAYMENT';
      const cp1 = co();
      for (const d of ['2026-01-05', '2026-02-04']) this.yes(R, 'ledger_entry', this.expense(v, d, 2_500_000, cp1, '', '其他支出', '材料款'), v, '2 × 25,000 to one counterparty, 30 days apart');
      const cp2 = co();
      for (const d of ['2026-03-02', '2026-03-06', '2026-03-12']) this.yes(R, 'ledger_entry', this.expense(w, d, 1_800_000, cp2, '', '其他支出', '材料款'), w, '3 × 18,000 within 10 days');
      const cp3 = co();
      for (const d of ['2026-01-05', '2026-02-05']) this.no(R, 'ledger_entry', this.expense(v, d, 3_000_000, cp3, '', '其他支出', '材料款'), v, '2 × 30,000, 31 days apart');
      const cp4 = co();
      this.no(R, 'ledger_entry', this.expense(v, '2026-04-01', 2_499_999, cp4, '', '其他支出', '材料款'), v, '24,999.99 + 25,000 = 49,999.99, below threshold');
      this.no(R, 'ledger_entry', this.expense(v, '2026-04-09', 2_500_000, cp4, '', '其他支出', '材料款'), v, '24,999.99 + 25,000 = 49,999.99, below threshold');
      const name = `${this.rng.pick(COMPANY_WORDS)}五金建材商行`;
      this.no(R, 'ledger_entry', this.expense(w, '2026-04-02', 3_000_000, { name, id: makeCreditCode(this.rng, '330206') }, '', '其他支出', '材料款'), w, 'same name, different counterparty ids');
      this.no(R, 'ledger_entry', this.expense(w, '2026-04-07', 3_000_000, { name, id: makeCreditCode(this.rng, '330281') }, '', '其他支出', '材料款'), w, 'same name, different counterparty ids');
      const cp6 = co();
      const dz = this.decision(w, '路灯安装', 3_000_000, '2026-04-01');
      this.no(R, 'ledger_entry', this.expense(w, '2026-05-05', 3_000_000, cp6, '', '其他支出', '路灯材料'), w, 'the other expense of the pair has a decision');
      this.no(R, 'ledger_entry', this.expense(w, '2026-05-08', 3_000_000, cp6, dz.id, '其他支出', '路灯安装'), w, 'has a decision (excluded)');
      const cp7 = co();
      this.no(R, 'ledger_entry', this.expense(v, '2026-05-11', 3_000_000, cp7, '', '其他支出', '材料款'), v, 'same counterparty, but in two villages');
      this.no(R, 'ledger_entry', this.expense(w, '2026-05-13', 3_000_000, cp7, '', '其他支出', '材料款'), w, 'same counterparty, but in two villages');
    }
    {
      const R = 'RELATED_PARTY_CONTRACT';
      const c1 = this.takeCadre({ minSize: 2 });
      const b1 = this.business([{ id: this.spouseOf(c1.person.hh).id, role: '法定代表人' }]);
      this.yes(R, 'contract', this.contract(c1.region, '服务', '村庄保洁服务', { name: '保洁服务部', id: b1 }, 1_500_000, '2025-09-10', '询价'), c1.region, `business of the spouse of cadre ${c1.person.id}`);
      const c2 = this.takeCadre();
      const b2 = this.business([{ id: this.outsiderId('330206'), role: '法定代表人' }, { id: c2.person.id, role: '股东' }]);
      this.yes(R, 'ledger_entry', this.expense(c2.region, '2026-04-08', 300_000, { name: '五金店', id: b2 }, '', '管理费用', '五金材料'), c2.region, 'expense to a business where the cadre himself is a 股东');
      const f = this.takeCadre({ former: true });
      const b3 = this.business([{ id: f.person.id, role: '法定代表人' }]);
      this.yes(R, 'contract', this.contract(f.region, '采购', '办公设备采购', { name: '办公设备商行', id: b3 }, 1_200_000, FORMER_END, '询价'), f.region, `signed on the cadre's last day in office (${FORMER_END})`);
      this.no(R, 'contract', this.contract(f.region, '采购', '监控设备采购', { name: '办公设备商行', id: b3 }, 1_200_000, addDays(FORMER_END, 1), '询价'), f.region, 'signed the day after the cadre left office');
      const c3 = this.takeCadre();
      const k3 = this.take('rich', 1, c3.region).members[0]!;
      this.kin(k3, c3.person, '兄弟姐妹');
      const b4 = this.business([{ id: this.outsiderId('330206'), role: '法定代表人' }, { id: k3.id, role: '股东' }]);
      this.yes(R, 'ledger_entry', this.expense(c3.region, '2026-05-06', 250_000, { name: '农资店', id: b4 }, '', '其他支出', '农资'), c3.region, 'expense to a business of declared kin of a cadre');
      const c4 = this.takeCadre({ minSize: 2 });
      const other = this.injVillages.find((x) => x !== c4.region)!;
      const b5 = this.business([{ id: this.spouseOf(c4.person.hh).id, role: '法定代表人' }]);
      this.no(R, 'contract', this.contract(other, '服务', '绿化养护', { name: '绿化公司', id: b5 }, 1_800_000, '2025-10-10', '询价'), other, `business of the spouse of a cadre of another village (${c4.region})`);
      const c5 = this.takeCadre();
      const m = this.take('rich', 1, c5.region).members[0]!;
      const r2 = this.take('rich', 1, c5.region).members[0]!;
      this.kin(m, c5.person, '兄弟姐妹');
      this.kin(r2, m, '兄弟姐妹');
      const b6 = this.business([{ id: r2.id, role: '法定代表人' }]);
      this.no(R, 'contract', this.contract(c5.region, '服务', '河道保洁', { name: '河道保洁队', id: b6 }, 1_600_000, '2025-11-11', '询价'), c5.region, 'business of kin of kin of a cadre');
    }
    {
      const R = 'ASSET_NO_AUCTION';
      this.yes(R, 'contract', this.contract(w, '资产租赁', '厂房出租', co(), 3_000_000, '2025-08-01', '直接委托'), w, '资产租赁 30,000 by 直接委托');
      this.yes(R, 'contract', this.contract(w, '土地承包', '山林承包', co(), 2_000_000, '2025-08-05', '询价'), w, '土地承包 at exactly 20,000 by 询价');
      this.yes(R, 'contract', this.contract(v, '资产出售', '旧办公楼出售', co(), 15_000_000, '2025-09-01', '竞争性谈判'), v, '资产出售 150,000 by 竞争性谈判');
      this.no(R, 'contract', this.contract(w, '资产租赁', '店面出租', co(), 1_999_999, '2025-08-09', '直接委托'), w, '19,999.99, below the threshold');
      this.no(R, 'contract', this.contract(v, '资产出售', '旧设备出售', co(), 15_000_000, '2025-09-03', '公开拍卖'), v, 'sold by 公开拍卖');
      this.no(R, 'contract', this.contract(v, '工程', '排水沟修建', co(), 30_000_000, '2025-09-05', '直接委托'), v, '工程 is not an asset disposal');
    }
  }

  private injectDecisions() {
    const R = 'DECISION_ORDER';
    const v = this.injVillages[1]!;
    const w = this.injVillages[0]!;
    const co = () => this.outsiderCompany();
    const d1 = this.decision(v, '村集体资金使用', null, '2026-01-05');
    d1.stages[1]!.held = addDays(d1.stages[0]!.held, -2);
    d1.stages[1]!.recordedAt = this.stamp(d1.stages[1]!.held, 0);
    this.yes(R, 'decision', d1.id, v, 'consultation held two days before the proposal');
    const d2 = this.decision(v, '农田水利设施', null, '2026-01-10');
    d2.stages = d2.stages.filter((s) => s.stage !== 'review');
    this.yes(R, 'decision', d2.id, v, 'resolution without the Party members’ review');
    const d3 = this.decision(v, '村委会办公楼改造', 8_000_000, '2026-02-02');
    this.contract(v, '工程', '办公楼改造工程', co(), 8_000_000, addDays(this.resolutionOf(d3), -1), '公开招标', d3.id);
    this.yes(R, 'decision', d3.id, v, 'contract signed the day before the resolution');
    const d4 = this.decision(v, '村庄绿化', null, '2026-05-04');
    d4.stages = d4.stages.filter((s) => s.stage === 'proposal' || s.stage === 'consultation');
    this.expense(v, '2026-05-20', 800_000, co(), d4.id, '公益支出', '绿化苗木');
    this.yes(R, 'decision', d4.id, v, 'expense entered under a decision that has no resolution');
    const n1 = this.decision(v, '停车场建设', null, '2026-06-01');
    n1.stages = n1.stages.filter((s) => s.stage === 'proposal');
    this.no(R, 'decision', n1.id, v, 'in progress, no money moved');
    const n2 = this.decision(v, '老年食堂', null, '2026-02-20');
    n2.stages[1]!.held = n2.stages[0]!.held;
    n2.stages[1]!.recordedAt = this.stamp(n2.stages[1]!.held, 0);
    this.no(R, 'decision', n2.id, v, 'proposal and consultation on the same day');
    const n3 = this.decision(v, '桥梁加固', 9_000_000, '2026-02-25');
    this.contract(v, '工程', '桥梁加固工程', co(), 9_000_000, this.resolutionOf(n3), '公开招标', n3.id);
    this.no(R, 'decision', n3.id, v, 'contract signed on the resolution date');
    const n4 = this.decision(v, '公厕改造', null, '2026-05-20', { resultOn: null });
    this.no(R, 'decision', n4.id, v, 'resolved and published, result not yet published');

    const Q = 'DECISION_QUORUM';
    const quorum = (body: string, eligible: number, attendees: number, votesFor: number, fire: boolean, note: string) => {
      const d = this.decision(w, '村规民约修订', null, dateIn(this.rng, '2025-09-01', '2026-04-30'));
      const r = d.stages.find((s) => s.stage === 'resolution')!;
      Object.assign(r, { body, eligible, attendees, votesFor, votesAgainst: Math.max(0, attendees - votesFor - 1) });
      (fire ? this.yes : this.no).call(this, Q, 'decision', d.id, w, note);
      return d;
    };
    quorum('村民代表会议', 30, 19, 19, true, '代表会议 19 of 30 attend (< two thirds)');
    quorum('村民会议', 400, 200, 190, true, '村民会议 200 of 400 attend (not more than half)');
    quorum('村民代表会议', 26, 26, 13, true, '13 of 26 vote for (exactly half: not more than half)');
    quorum('村民代表会议', 30, 20, 15, false, '代表会议 20 of 30 attend (exactly two thirds)');
    quorum('村民代表会议', 33, 22, 20, false, '代表会议 22 of 33 attend (exactly two thirds)');
    quorum('村民会议', 400, 201, 150, false, '村民会议 201 of 400 attend (more than half)');
    quorum('村民代表会议', 26, 26, 14, false, '14 of 26 vote for (more than half)');
    const lowReview = this.decision(w, '集体土地调整', null, '2026-03-03');
    Object.assign(lowReview.stages.find((s) => s.stage === 'review')!, { eligible: 90, attendees: 30, votesFor: 20, votesAgainst: 5 });
    this.no(Q, 'decision', lowReview.id, w, 'low attendance at the review, not at the resolution');

    const L = 'LATE_RECORD';
    const late = (recordedAt: string, fire: boolean, note: string) => {
      const d = this.decision(w, '村务公开栏更新', null, '2026-03-01');
      d.stages[0]!.recordedAt = recordedAt;
      (fire ? this.yes : this.no).call(this, L, 'decision', d.id, w, note);
    };
    late('2026-03-09T09:00:00+08:00', true, 'proposal held 2026-03-01, recorded 2026-03-09 (8 days)');
    late('2026-03-08T20:00:00Z', true, 'recorded 2026-03-08T20:00Z = 2026-03-09 China time (8 days)');
    late('2026-03-08T18:00:00+08:00', false, 'recorded 2026-03-08 (7 days)');
    late('2026-03-08T15:59:59Z', false, 'recorded 2026-03-08T15:59:59Z = 23:59:59 China time on 2026-03-08 (7 days)');
  }

  private injectOutlier() {
    this.yes('BENEFIT_OUTLIER', 'village', this.outlierVillage, this.outlierVillage, '低保 share 3.5 times that of every other village');
    this.no('BENEFIT_OUTLIER', 'village', this.endedVillage, this.endedVillage, 'many 低保 entitlements, all ended before the as-of date');
  }

  // ---------------------------------------------------------------- background

  private untouchedRich(v: string): Person[] {
    return this.byVillage.get(v)!.filter((h) => h.pool === 'rich' && !h.used).flatMap((h) => h.members.filter((m) => !this.touched.has(m.id)));
  }

  private makeBackgroundPeople() {
    const plateChars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'.split('');
    const plates = new Set(this.vehicles.map((x) => x[0]));
    for (const v of this.villages) {
      const people = this.untouchedRich(v);
      const adults = people.filter((p) => p.birth <= '2006-06-30');
      for (const p of adults) {
        const r = this.rng.next();
        if (r < 0.12) {
          let plate: string;
          do plate = `浙B${Array.from({ length: 5 }, () => this.rng.pick(plateChars)).join('')}`;
          while (plates.has(plate));
          plates.add(plate);
          this.vehicles.push([plate, p.id, this.rng.pick(['小型汽车', '小型汽车', '小型汽车', '摩托车', '低速货车', '中型汽车', '三轮汽车']), dateIn(this.rng, '2005-01-01', '2026-05-31')]);
        } else if (r < 0.135) {
          const owners: { id: string; role: '法定代表人' | '股东' }[] = [{ id: p.id, role: '法定代表人' }, { id: p.id, role: '股东' }];
          const partner = this.rng.pick(adults);
          if (this.rng.chance(0.5) && partner.id !== p.id) owners.push({ id: partner.id, role: '股东' });
          this.business(owners);
        } else if (r < 0.15) {
          const start = dateIn(this.rng, '1995-01-01', '2024-12-31');
          this.pubEmps.push([p.id, p.name, this.rng.pick(['区教育局', '区人民医院', '镇卫生院', '镇中心小学', '区农业农村局']), start, this.rng.chance(0.2) ? dateIn(this.rng, start, '2026-05-31') : null]);
        } else if (r < 0.154) {
          const date = dateIn(this.rng, '2024-01-01', this.asOf);
          this.deaths.push([p.id, p.name, date]);
          this.dead.add(p.id);
        }
      }
      // Counterparties of the village's books: businesses from outside the district (no cadre link possible).
      const cps: { name: string; id: string }[] = [];
      for (let k = 0; k < 8; k++) cps.push(this.outsiderCompany());
      for (let k = 0; k < 3; k++) {
        const p = this.rng.pick(adults);
        cps.push({ name: p.name, id: p.id });
      }
      cps.push({ name: '村保洁队', id: '' }, { name: '个体维修户', id: '' });
      this.counterparties.set(v, cps);
    }
  }

  private activeLowIncomeHolders(v: string): number {
    const ids = new Set(this.ents.filter((e) => e.village === v && e.program === '低保' && e.start <= this.asOf && (e.end === null || e.end >= this.asOf)).map((e) => e.id));
    return ids.size;
  }

  private makeBackgroundBenefits() {
    const holder = (v: string): Person | null => {
      const hh = this.byVillage.get(v)!.find((h) => h.pool === 'poor' && !h.used);
      if (!hh) return null;
      hh.used = true;
      return hh.members[0]!;
    };
    const asOfYm = this.asOf.slice(0, 7);
    const monthStart = (from: string, to: string) => `${dateIn(this.rng, from, to).slice(0, 7)}-01`;
    let K = Math.ceil(this.R * 0.025);
    for (const v of this.villages) if (v !== this.outlierVillage) K = Math.max(K, this.activeLowIncomeHolders(v));
    for (const v of this.villages) {
      const target = v === this.outlierVillage ? Math.ceil(K * 3.5) : K;
      for (let n = this.activeLowIncomeHolders(v); n < target; n++) {
        const p = holder(v);
        if (!p) throw new Error(`synthetic district: not enough households in ${v} for ${target} 低保 holders; use more residents per village`);
        this.ent(p, v, '低保', monthStart('2019-01-01', `${asOfYm}-01`), null, p.hh.members.length, true);
      }
      const ended = v === this.endedVillage ? K * 3 : 2;
      for (let n = 0; n < ended; n++) {
        const p = holder(v);
        if (!p) throw new Error(`synthetic district: not enough households in ${v}; use more residents per village`);
        const start = monthStart('2020-01-01', '2025-06-01');
        this.ent(p, v, '低保', start, monthEnd(dateIn(this.rng, addDays(start, 40), addDays(this.asOf, -40))), p.hh.members.length, true);
      }
      for (let n = 0; n < Math.max(1, Math.round(this.R / 300)); n++) {
        const p = holder(v);
        if (p) this.ent(p, v, '特困供养', monthStart('2018-01-01', `${asOfYm}-01`), null, 1, true);
      }
      // 高龄津贴 for every living resident aged 80 or more who is not part of an injected case.
      const eighty = `${Number(this.asOf.slice(0, 4)) - 80}${this.asOf.slice(4)}`;
      for (const hh of this.byVillage.get(v)!)
        for (const m of hh.members) {
          if (m.birth > eighty || this.touched.has(m.id) || this.dead.has(m.id)) continue;
          const at80 = `${Number(m.birth.slice(0, 4)) + 80}${m.birth.slice(4, 7)}-01`;
          this.ent(m, v, '高龄津贴', at80 < '2020-01-01' ? '2020-01-01' : addDays(monthEnd(at80), 1), null, 1, true);
        }
    }
  }

  private makeBackgroundBooks() {
    for (const v of this.villages) {
      const cps = this.counterparties.get(v)!;
      for (let i = 0; i < this.months; i++) {
        const ym = addMonths(this.windowStart.slice(0, 7), i);
        const first = `${ym}-01`;
        const last = monthEnd(first) < this.asOf ? monthEnd(first) : this.asOf;
        // At most 8 small expenses a month, each under 3,000 yuan: no 30-day window can reach 50,000 for one counterparty.
        for (let k = 0; k < 8; k++) {
          const [category, description] = this.rng.pick(SMALL_EXPENSES);
          this.expense(v, dateIn(this.rng, first, last), this.rng.int(20_000, 299_900), this.rng.pick(cps), '', category!, description!);
        }
        for (let k = 0; k < 2; k++) {
          const id = this.nextNo('PZ', v, 5);
          this.ledger.push({ id, village: v, date: dateIn(this.rng, first, last), direction: 'income', fen: this.rng.int(100_000, 3_000_000), category: this.rng.pick(['经营收入', '补助收入', '发包及上交收入']), cpName: this.rng.pick(['镇财政所', '村股份经济合作社', cps[0]!.name]), cpId: '', description: '收入', decision: '' });
        }
        if (i % 3 === 1) {
          const fen = this.rng.int(60_000, 300_000) * 100;
          const d = this.decision(v, this.rng.pick(['村道硬化工程', '河道清淤工程', '路灯改造工程', '文化礼堂修缮工程']), fen, addDays(first, -20));
          const entry = addDays(this.resolutionOf(d), this.rng.int(3, 15));
          if (entry <= this.asOf) this.expense(v, entry, fen, this.rng.pick(cps.slice(0, 8)), d.id, '工程支出', `${d.title}进度款`);
        }
      }
      const yearStart = this.windowStart;
      const dw = this.decision(v, '村级工程建设', 50_000_000, dateIn(this.rng, yearStart, addDays(yearStart, 120)));
      this.contract(v, '工程', '村级工程建设', this.rng.pick(cps.slice(0, 8)), 50_000_000, addDays(this.resolutionOf(dw), 5), '公开招标', dw.id);
      const dl = this.decision(v, '集体厂房出租', 6_000_000, dateIn(this.rng, yearStart, addDays(yearStart, 120)));
      this.contract(v, '资产租赁', '集体厂房出租', this.rng.pick(cps.slice(0, 8)), 6_000_000, addDays(this.resolutionOf(dl), 7), '公开竞价', dl.id);
      for (let k = 0; k < 2; k++) this.contract(v, '采购', '办公设备采购', this.rng.pick(cps.slice(0, 8)), this.rng.int(5_000, 19_000) * 100, dateIn(this.rng, yearStart, addDays(this.asOf, -10)), '询价');
      this.contract(v, '土地承包', '零星地块承包', this.rng.pick(cps.slice(0, 8)), 1_500_000, dateIn(this.rng, yearStart, addDays(this.asOf, -10)), '直接委托');
      const ip = this.decision(v, '村庄规划编制', null, addDays(this.asOf, -10));
      ip.stages = ip.stages.filter((s) => s.stage === 'proposal');
    }
  }

  // ---------------------------------------------------------------- output

  private async writeFiles(): Promise<SynthFile[]> {
    const dir = this.opts.dir;
    const files: SynthFile[] = [];
    const write = async (dataset: TDataset, header: string[], rows: Iterable<readonly (string | number | null | undefined)[]>) => {
      const w = new CsvWriter(path.join(dir, `${dataset}.csv`), header);
      for (const r of rows) await w.row(r);
      await w.close();
      files.push({ dataset, path: w.file, rows: w.rows });
    };
    await write('regions', ['code', 'name', 'level', 'parent_code'], this.regions);
    const hhs = this.households;
    await write(
      'residents',
      ['id_number', 'name', 'gender', 'birth_date', 'household_id', 'relation_to_head', 'village_code'],
      (function* () {
        for (const hh of hhs) for (const m of hh.members) yield [m.id, m.name, m.male ? '男' : '女', m.birth, hh.id, m.rel, hh.village];
      })(),
    );
    await write('cadres', ['id_number', 'name', 'region_code', 'position', 'start_date', 'end_date'], this.cadres.map((c) => [c.person.id, c.person.name, c.region, c.position, c.start, c.end]));
    await write('kinship', ['id_number_a', 'id_number_b', 'relation'], this.kinship);
    await write('deaths', ['id_number', 'name', 'death_date'], this.deaths);
    await write('vehicles', ['plate', 'id_number', 'vehicle_type', 'registered_date'], this.vehicles);
    await write('businesses', ['credit_code', 'company_name', 'id_number', 'role', 'registered_capital'], this.businesses.map((b) => [b[0], b[1], b[2], b[3], yuan(b[4])]));
    await write('public_employees', ['id_number', 'name', 'employer', 'start_date', 'end_date'], this.pubEmps);
    await write(
      'benefit_recipients',
      ['id_number', 'name', 'village_code', 'program', 'household_size', 'start_date', 'end_date', 'monthly_amount'],
      this.ents.map((e) => [e.id, e.name, e.village, e.program, e.hhSize, e.start, e.end, yuan(e.monthlyFen)]),
    );
    files.push(await this.writePayments());
    const stageRows = this.decisions.flatMap((d) =>
      d.stages.map((s) => [d.id, d.village, d.title, d.fen === null ? '' : yuan(d.fen), s.stage, s.body ?? '', s.held, s.eligible ?? '', s.attendees ?? '', s.votesFor ?? '', s.votesAgainst ?? '', s.recordedAt ?? '']),
    );
    await write('decisions', ['decision_id', 'village_code', 'title', 'amount', 'stage', 'body', 'held_on', 'eligible', 'attendees', 'votes_for', 'votes_against', 'recorded_at'], stageRows);
    await write(
      'contracts',
      ['contract_id', 'village_code', 'contract_type', 'title', 'counterparty_name', 'counterparty_id', 'amount', 'signed_date', 'procurement_method', 'decision_id'],
      this.contracts.map((c) => [c.id, c.village, c.type, c.title, c.cpName, c.cpId, yuan(c.fen), c.signed, c.method, c.decision]),
    );
    await write(
      'ledger',
      ['entry_id', 'village_code', 'entry_date', 'direction', 'amount', 'category', 'counterparty_name', 'counterparty_id', 'description', 'decision_id'],
      [...this.ledger].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).map((l) => [l.id, l.village, l.date, l.direction, yuan(l.fen), l.category, l.cpName, l.cpId, l.description, l.decision]),
    );
    return files;
  }

  private paymentRow(p: Payment): (string | number)[] {
    return [p.id, p.idNumber, p.name, p.village, p.program, yuan(p.fen), p.date, `6217********${String(this.rng.int(0, 9999)).padStart(4, '0')}`];
  }

  /** Monthly entitlement payments, then farmland subsidies to living household heads up to the requested total, then the injected ones. */
  private async writePayments(): Promise<SynthFile> {
    const w = new CsvWriter(path.join(this.opts.dir, 'payments.csv'), ['payment_id', 'id_number', 'name', 'village_code', 'program', 'amount', 'paid_date', 'bank_account']);
    const months = Array.from({ length: this.months }, (_, i) => addMonths(this.windowStart.slice(0, 7), i));
    const paid = this.ents.filter((e) => e.paid && PAY_PROGRAM[e.program]);
    const inPeriod = (e: Entitlement, d: string) => e.start <= d && (e.end ?? this.asOf) >= d;
    let entPayments = 0;
    for (const ym of months) for (const e of paid) if (inPeriod(e, `${ym}-10`)) entPayments++;
    const need = Math.max(0, (this.opts.payments ?? 0) - entPayments - this.injectedPayments.length);
    const pool = this.households.filter((h) => h.pool === 'rich' && !h.used).map((h) => h.members[0]!).filter((m) => !this.touched.has(m.id) && !this.dead.has(m.id));
    let cursor = 0;
    for (const [mi, ym] of months.entries()) {
      for (const e of paid) {
        const date = `${ym}-10`;
        if (!inPeriod(e, date)) continue;
        const id = `FF${ym.replace('-', '')}${String(++this.payCounter).padStart(9, '0')}`;
        await w.row(this.paymentRow({ id, idNumber: e.id, name: e.name, village: e.village, program: PAY_PROGRAM[e.program]!, fen: e.monthlyFen, date }));
      }
      const n = Math.floor(need / months.length) + (mi === months.length - 1 ? need % months.length : 0);
      for (let k = 0; k < n && pool.length; k++) {
        const p = pool[cursor % pool.length]!;
        const round = Math.floor(cursor / pool.length);
        cursor++;
        const date = `${ym}-${round % 2 === 0 ? '15' : '20'}`;
        const id = `FF${ym.replace('-', '')}${String(++this.payCounter).padStart(9, '0')}`;
        await w.row(this.paymentRow({ id, idNumber: p.id, name: p.name, village: p.hh.village, program: round % 2 === 0 ? '耕地地力保护补贴' : '其他', fen: this.rng.int(50, 600) * 100, date }));
      }
    }
    for (const p of this.injectedPayments) await w.row(this.paymentRow(p));
    await w.close();
    return { dataset: 'payments', path: w.file, rows: w.rows };
  }

  private async writeIncremental(inc: { dead: Person }): Promise<SynthResult['incremental']> {
    const village = inc.dead.hh.village;
    const dir = path.join(this.opts.dir, 'incremental');
    mkdirSync(dir, { recursive: true });
    const w = new CsvWriter(path.join(dir, 'payments.csv'), ['payment_id', 'id_number', 'name', 'village_code', 'program', 'amount', 'paid_date', 'bank_account']);
    const pool = this.households.filter((h) => h.village === village && h.pool === 'rich' && !h.used).map((h) => h.members[0]!).filter((m) => !this.touched.has(m.id) && !this.dead.has(m.id));
    const rows = this.opts.incrementalRows ?? 1000;
    const date = addDays(this.asOf, -5);
    for (let k = 0; k < rows - 1; k++) {
      const p = pool[k % pool.length]!;
      await w.row(this.paymentRow({ id: `FFINC${village}${String(k).padStart(6, '0')}`, idNumber: p.id, name: p.name, village, program: '其他', fen: this.rng.int(50, 600) * 100, date }));
    }
    const id = `FFINC${village}${String(rows - 1).padStart(6, '0')}`;
    await w.row(this.paymentRow({ id, idNumber: inc.dead.id, name: inc.dead.name, village, program: '耕地地力保护补贴', fen: 30_000, date }));
    await w.close();
    return {
      village,
      file: { dataset: 'payments', path: w.file, rows: w.rows },
      expected: { rule: 'DECEASED_PAYMENT', subjectType: 'payment', subjectId: id, village, note: `died 2026-02-14, paid ${date} (incremental import)` },
    };
  }
}

