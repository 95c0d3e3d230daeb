import { sql, type SQL } from 'drizzle-orm';
import type { TAlertSubjectType } from '@mpw/contracts';
import type { RuleContext, RuleDef } from './types.js';
import { asOfDate, benefitKey, inDistrict, inSweepScope, maskedId, period, perSubject, textArray, ymd, yuan } from './rule-sql.js';

/**
 * The rules over people, benefits and payments (shared/spec/data-exchange.md, "Definitions used
 * by the rules" and "Alert rules"). Each is one set-based query: the database joins department
 * tables by identity number over their indexes; nothing loops over rows here.
 *
 * Dates are inclusive throughout: an entitlement from 2026-01-01 to 2026-03-31 is in force on
 * both days, so two periods that touch (one ends the day the other starts) share a day and
 * overlap. Department rows are matched by identity number wherever they were imported: a death,
 * car or company is a fact about the person, not about the district that sent the file.
 */

const MEANS_TESTED = ['低保', '特困供养', '临时救助'];
/** The programs whose holders must not own cars or companies or hold state-funded jobs. */
const SUBSISTENCE = ['低保', '特困供养'];
const CAR_TYPES = ['小型汽车', '中型汽车', '大型汽车'];
const ID_FORMAT = '^[0-9]{17}[0-9X]$';

/**
 * Entitlements of the district that have started by the as-of date, with their period end
 * (end_date, or the as-of date when it is empty or later). For an incremental sweep, all the
 * entitlements of every person holding one in the given villages: a person's alert then reads
 * exactly as a full sweep would write it.
 */
function entitlements(ctx: RuleContext, programs: readonly string[] | null): SQL {
  const incremental = ctx.villages
    ? sql`and b.id_number in (select s.id_number from benefit_recipients s where s.deleted_at is null and ${inSweepScope(sql`s.region_code`, ctx)})`
    : sql``;
  return sql`
    select b.id_number, b.name, b.program, b.region_code, b.start_date, b.end_date,
      least(coalesce(b.end_date, ${asOfDate(ctx)}), ${asOfDate(ctx)}) as period_end
    from benefit_recipients b
    where b.deleted_at is null and b.start_date <= ${asOfDate(ctx)}
      and ${inDistrict(sql`b.region_code`, ctx)}
      ${programs ? sql`and b.program = any(${textArray(programs)}::text[])` : sql``}
      ${incremental}`;
}

/** "张三（身份证号尾号1234）享受低保（2025-01-01至今）期间，" */
const entitlementLead = sql`e.name || '（' || ${maskedId(sql`e.id_number`)} || '）享受' || e.program || '（' || ${period(sql`e.start_date`, sql`e.end_date`)} || '）期间，'`;

/**
 * The holder and the other members of the holder's household (residents.household_id): whose
 * cars, companies and jobs count against a subsistence entitlement.
 */
const householdMembers = sql`
  select h.id_number as holder, h.id_number as member, '本人' as who, array[]::text[] as ev
  from (select distinct id_number from ent) h
  union all
  select r1.id_number, r2.id_number, '同户' || r2.name || '（' || ${maskedId(sql`r2.id_number`)} || '）',
    array['residents:' || r1.id_number, 'residents:' || r2.id_number]
  from residents r1
  join residents r2 on r2.household_id = r1.household_id and r2.id_number <> r1.id_number and r2.deleted_at is null
  where r1.deleted_at is null and r1.id_number in (select id_number from ent)`;

/**
 * KIN_BENEFIT: a means-tested entitlement whose holder is a cadre of the entitlement's village, or
 * a close relative of one (same household, or a kinship row either way; kin of kin are not), at
 * any day of the entitlement period.
 */
function kinBenefit(ctx: RuleContext): SQL {
  return sql`
    with ent as (${entitlements(ctx, MEANS_TESTED)}),
    rel as (
      select h.id_number as holder, h.id_number as relative, '本人' as who, array[]::text[] as ev
      from (select distinct id_number from ent) h
      union all
      select r1.id_number, r2.id_number, '同户', array['residents:' || r1.id_number, 'residents:' || r2.id_number]
      from residents r1
      join residents r2 on r2.household_id = r1.household_id and r2.id_number <> r1.id_number and r2.deleted_at is null
      where r1.deleted_at is null and r1.id_number in (select id_number from ent)
      union all
      select k.id_number_a, k.id_number_b, '其亲属（' || k.relation || '）', array['kinship:' || k.id_number_a || '/' || k.id_number_b]
      from kinship k where k.deleted_at is null and k.id_number_a in (select id_number from ent)
      union all
      select k.id_number_b, k.id_number_a, '其亲属（' || k.relation || '）', array['kinship:' || k.id_number_a || '/' || k.id_number_b]
      from kinship k where k.deleted_at is null and k.id_number_b in (select id_number from ent)
    )
    ${perSubject(sql`
      select e.id_number as subject_id, e.region_code, e.start_date as sort_key,
        ${entitlementLead}
          || case when rel.who = '本人' then '本人' else rel.who || c.name || '（' || ${maskedId(sql`c.id_number`)} || '）' end
          || '任本村' || c.position || '（' || ${period(sql`c.start_date`, sql`c.end_date`)} || '）' as line,
        array[${benefitKey('e')}, 'cadres:' || c.id_number || '/' || c.position || '/' || ${ymd(sql`c.start_date`)}] || rel.ev as ev
      from ent e
      join rel on rel.holder = e.id_number
      join cadres c on c.id_number = rel.relative and c.region_code = e.region_code and c.deleted_at is null
        and c.start_date <= e.period_end and (c.end_date is null or c.end_date >= e.start_date)`)}`;
}

/** Payments of the sweep's villages made on or before the as-of date. */
const paymentsInScope = (ctx: RuleContext): SQL =>
  sql`p.deleted_at is null and p.paid_date <= ${asOfDate(ctx)} and ${inSweepScope(sql`p.region_code`, ctx)}`;

/** DECEASED_PAYMENT: paid on or after the first day of the month after the death. */
function deceasedPayment(ctx: RuleContext): SQL {
  return perSubject(sql`
    select p.payment_no as subject_id, p.region_code, p.paid_date as sort_key,
      coalesce(nullif(p.name, ''), d.name, '') || '（' || ${maskedId(sql`p.id_number`)} || '）在' || ${ymd(sql`d.death_date`)} || '死亡，'
        || ${ymd(sql`p.paid_date`)} || '仍发放' || p.program || ${yuan(sql`p.amount_fen`)} || '元' as line,
      array['payments:' || p.payment_no, 'deaths:' || d.id_number] as ev
    from subsidy_payments p
    join deaths d on d.id_number = p.id_number and d.deleted_at is null
    where ${paymentsInScope(ctx)}
      and p.paid_date >= (date_trunc('month', d.death_date) + interval '1 month')::date`);
}

/** NO_ENTITLEMENT_PAYMENT: a 低保金 / 特困供养金 payment with no entitlement of the program in force on the paid date. */
function noEntitlementPayment(ctx: RuleContext): SQL {
  return perSubject(sql`
    select p.payment_no as subject_id, p.region_code, p.paid_date as sort_key,
      coalesce(nullif(p.name, ''), '') || '（' || ${maskedId(sql`p.id_number`)} || '）于' || ${ymd(sql`p.paid_date`)} || '领取' || p.program
        || ${yuan(sql`p.amount_fen`)} || '元，当日无有效的' || m.program || '保障资格' as line,
      array['payments:' || p.payment_no] as ev
    from subsidy_payments p
    join (values ('低保金', '低保'), ('特困供养金', '特困供养')) as m(payment_program, program) on m.payment_program = p.program
    where ${paymentsInScope(ctx)}
      and not exists (
        select 1 from benefit_recipients b
        where b.id_number = p.id_number and b.program = m.program and b.deleted_at is null
          and b.start_date <= p.paid_date and (b.end_date is null or b.end_date >= p.paid_date))`);
}

/** INELIGIBLE_*: a subsistence entitlement whose holder or household member has `what` (a join producing `line_tail`, `what_ev`). */
function ineligible(ctx: RuleContext, what: SQL): SQL {
  return sql`
    with ent as (${entitlements(ctx, SUBSISTENCE)}),
    mem as (${householdMembers})
    ${perSubject(sql`
      select e.id_number as subject_id, e.region_code, e.start_date as sort_key,
        ${entitlementLead} || mem.who || x.line_tail as line,
        array[${benefitKey('e')}, x.what_ev] || mem.ev as ev
      from ent e
      join mem on mem.holder = e.id_number
      cross join lateral (${what}) x`)}`;
}

/** INELIGIBLE_VEHICLE: a car (小型/中型/大型汽车) registered on or before the end of the entitlement period. */
function ineligibleVehicle(ctx: RuleContext): SQL {
  return ineligible(
    ctx,
    sql`select '名下有' || v.vehicle_type || '（' || v.plate || '，' || ${ymd(sql`v.registered_date`)} || '登记）' as line_tail, 'vehicles:' || v.plate as what_ev
      from vehicles v
      where v.id_number = mem.member and v.deleted_at is null
        and v.vehicle_type = any(${textArray(CAR_TYPES)}::text[]) and v.registered_date <= e.period_end`,
  );
}

/** INELIGIBLE_BUSINESS: 法定代表人 or 股东 of a registered business (no dates). */
function ineligibleBusiness(ctx: RuleContext): SQL {
  return ineligible(
    ctx,
    sql`select '为' || bz.company_name || bz.role as line_tail, 'businesses:' || bz.credit_code || '/' || bz.id_number || '/' || bz.role as what_ev
      from businesses bz
      where bz.id_number = mem.member and bz.deleted_at is null and bz.role in ('法定代表人', '股东')`,
  );
}

/** INELIGIBLE_PUBLIC_EMPLOYEE: a state-funded job whose period overlaps the entitlement period (an empty start: always employed before). */
function ineligiblePublicEmployee(ctx: RuleContext): SQL {
  return ineligible(
    ctx,
    sql`select '为财政供养人员（' || coalesce(pe.employer, '') || '，' || coalesce(${ymd(sql`pe.start_date`)}, '') || '至' || coalesce(${ymd(sql`pe.end_date`)}, '今') || '）' as line_tail,
        'public_employees:' || pe.id_number as what_ev
      from public_employees pe
      where pe.id_number = mem.member and pe.deleted_at is null
        and (pe.start_date is null or pe.start_date <= e.period_end) and (pe.end_date is null or pe.end_date >= e.start_date)`,
  );
}

/** DUPLICATE_BENEFIT: two entitlements of one program for one person whose periods overlap (a shared day counts). */
function duplicateBenefit(ctx: RuleContext): SQL {
  return sql`
    with ent as (${entitlements(ctx, null)})
    ${perSubject(sql`
      select a.id_number as subject_id, a.region_code, a.start_date as sort_key,
        a.name || '（' || ${maskedId(sql`a.id_number`)} || '）有两条期间重叠的' || a.program || '记录：'
          || coalesce(ra.name, a.region_code) || ${period(sql`a.start_date`, sql`a.end_date`)} || '，'
          || coalesce(rb.name, b.region_code) || ${period(sql`b.start_date`, sql`b.end_date`)} as line,
        array[${benefitKey('a')}, ${benefitKey('b')}] as ev
      from ent a
      join ent b on b.id_number = a.id_number and b.program = a.program
        and (a.region_code, a.start_date) < (b.region_code, b.start_date)
        and a.start_date <= b.period_end and b.start_date <= a.period_end
      left join regions ra on ra.code = a.region_code
      left join regions rb on rb.code = b.region_code`)}`;
}

/** Names compared without spaces (half- or full-width). */
const bareName = (col: SQL): SQL => sql`regexp_replace(${col}, '[[:space:]　]', '', 'g')`;

/** The three identity rules, for payments (subject: payment) and entitlements (subject: benefit). */
type IdentityCheck = 'mismatch' | 'unknown' | 'invalid';

function identityPayments(ctx: RuleContext, check: IdentityCheck): SQL {
  const lead = sql`'发放流水' || p.payment_no || '（' || coalesce(nullif(p.name, ''), '') || '，' || ${ymd(sql`p.paid_date`)} || p.program || ${yuan(sql`p.amount_fen`)} || '元）'`;
  if (check === 'mismatch') {
    return perSubject(sql`
      select p.payment_no as subject_id, p.region_code, p.paid_date as sort_key,
        ${lead} || '的身份证号（' || right(p.id_number, 4) || '结尾）在户籍中登记为' || r.name || '，发放名单为' || p.name as line,
        array['payments:' || p.payment_no, 'residents:' || r.id_number] as ev
      from subsidy_payments p
      join residents r on r.id_number = p.id_number and r.deleted_at is null
      where ${paymentsInScope(ctx)} and ${bareName(sql`coalesce(p.name, '')`)} <> '' and ${bareName(sql`p.name`)} <> ${bareName(sql`r.name`)}`);
  }
  const tail = check === 'unknown' ? sql`'的身份证号（' || right(p.id_number, 4) || '结尾）在户籍中查无此人'` : sql`'的身份证号（' || right(p.id_number, 4) || '结尾）未通过GB 11643格式或校验位检查'`;
  const cond =
    check === 'unknown'
      ? sql`p.id_valid and p.id_number ~ ${ID_FORMAT} and not exists (select 1 from residents r where r.id_number = p.id_number and r.deleted_at is null)`
      : sql`not (p.id_valid and p.id_number ~ ${ID_FORMAT})`;
  return perSubject(sql`
    select p.payment_no as subject_id, p.region_code, p.paid_date as sort_key, ${lead} || ${tail} as line, array['payments:' || p.payment_no] as ev
    from subsidy_payments p
    where ${paymentsInScope(ctx)} and ${cond}`);
}

function identityBenefits(ctx: RuleContext, check: IdentityCheck): SQL {
  const lead = sql`e.name || '享受' || e.program || '（' || ${period(sql`e.start_date`, sql`e.end_date`)} || '），其身份证号（' || right(e.id_number, 4) || '结尾）'`;
  if (check === 'mismatch') {
    return sql`
      with ent as (${entitlements(ctx, null)})
      ${perSubject(sql`
        select e.id_number as subject_id, e.region_code, e.start_date as sort_key,
          ${lead} || '在户籍中登记为' || r.name as line,
          array[${benefitKey('e')}, 'residents:' || r.id_number] as ev
        from ent e
        join residents r on r.id_number = e.id_number and r.deleted_at is null
        where ${bareName(sql`e.name`)} <> '' and ${bareName(sql`e.name`)} <> ${bareName(sql`r.name`)}`)}`;
  }
  const tail = check === 'unknown' ? sql`'在户籍中查无此人'` : sql`'未通过GB 11643格式或校验位检查'`;
  const cond =
    check === 'unknown'
      ? sql`e.id_valid and e.id_number ~ ${ID_FORMAT} and not exists (select 1 from residents r where r.id_number = e.id_number and r.deleted_at is null)`
      : sql`not (e.id_valid and e.id_number ~ ${ID_FORMAT})`;
  // The flag id_valid is per row, so the rows are read directly rather than through the entitlement CTE.
  const incremental = ctx.villages
    ? sql`and e.id_number in (select s.id_number from benefit_recipients s where s.deleted_at is null and ${inSweepScope(sql`s.region_code`, ctx)})`
    : sql``;
  return perSubject(sql`
    select e.id_number as subject_id, e.region_code, e.start_date as sort_key, ${lead} || ${tail} as line, array[${benefitKey('e')}] as ev
    from benefit_recipients e
    where e.deleted_at is null and e.start_date <= ${asOfDate(ctx)} and ${inDistrict(sql`e.region_code`, ctx)} ${incremental} and ${cond}`);
}

/**
 * BENEFIT_OUTLIER, per village: share = distinct holders of a 低保 entitlement active on the as-of
 * date (counted in the entitlement's village) / residents of the village in the registry. It fires
 * when the share is above the mean of the district's villages' shares plus sigma population
 * standard deviations, or above ratio × the district-wide share (all holders / all residents).
 * Villages with no residents in the registry have no share: they are left out of the mean, the
 * deviation and the district-wide share, and never fire (a registry gap is not an outlier).
 */
function benefitOutlier(ctx: RuleContext): SQL {
  const { outlierSigma, outlierRatio } = ctx.settings;
  const activeDibao = sql`b.deleted_at is null and b.program = '低保' and b.start_date <= ${asOfDate(ctx)} and (b.end_date is null or b.end_date >= ${asOfDate(ctx)})`;
  return sql`
    with res as (
      select r.region_code, count(*) as residents
      from residents r where r.deleted_at is null and ${inDistrict(sql`r.region_code`, ctx)}
      group by r.region_code
    ),
    hold as (
      select b.region_code, count(distinct b.id_number) as holders
      from benefit_recipients b where ${activeDibao} and ${inDistrict(sql`b.region_code`, ctx)}
      group by b.region_code
    ),
    s as (
      select res.region_code, res.residents, coalesce(hold.holders, 0) as holders,
        coalesce(hold.holders, 0)::numeric / res.residents as share
      from res left join hold on hold.region_code = res.region_code
    ),
    st as (
      select avg(share) as mean, coalesce(stddev_pop(share), 0) as sd, sum(holders)::numeric / sum(residents) as overall from s
    )
    select s.region_code as subject_id, s.region_code,
      coalesce(rg.name, s.region_code) || '低保对象' || s.holders || '人、户籍人口' || s.residents || '人，占比'
        || to_char(s.share * 100, 'FM990.00') || '%；全区各村平均' || to_char(st.mean * 100, 'FM990.00') || '%、标准差'
        || to_char(st.sd * 100, 'FM990.00') || '%，全区总体' || to_char(st.overall * 100, 'FM990.00') || '%（阈值：平均加'
        || ${outlierSigma}::int || '倍标准差，或总体的' || ${outlierRatio}::int || '倍）' as summary,
      'regions:' || s.region_code || coalesce((
        select ';' || string_agg(k.key, ';' order by k.key)
        from (select ${benefitKey('b')} as key from benefit_recipients b
              where ${activeDibao} and b.region_code = s.region_code order by 1 limit 50) k), '') as evidence,
      null::text as severity
    from s cross join st
    left join regions rg on rg.code = s.region_code
    where ${inSweepScope(sql`s.region_code`, ctx)}
      and (s.share > st.mean + ${outlierSigma}::numeric * st.sd or s.share > ${outlierRatio}::numeric * st.overall)`;
}

function identityRule(code: 'IDENTITY_MISMATCH' | 'UNKNOWN_PERSON' | 'INVALID_ID', check: IdentityCheck, subjectType: TAlertSubjectType, severity: RuleDef['defaultSeverity']): RuleDef {
  const isPayment = subjectType === 'payment';
  return {
    code,
    subjectType,
    datasets: isPayment ? (check === 'invalid' ? ['payments'] : ['payments', 'residents']) : check === 'invalid' ? ['benefit_recipients'] : ['benefit_recipients', 'residents'],
    defaultSeverity: severity,
    hits: (ctx) => (isPayment ? identityPayments(ctx, check) : identityBenefits(ctx, check)),
  };
}

/**
 * The rules over people, benefits and payments. The identity rules name either a payment or an
 * entitlement, so each has two definitions (one per subject type) under one code; the engine
 * reconciles each definition's alerts separately and reports them together.
 */
export const peopleRules: RuleDef[] = [
  { code: 'KIN_BENEFIT', subjectType: 'benefit', datasets: ['benefit_recipients', 'cadres', 'residents', 'kinship'], defaultSeverity: 'red', hits: kinBenefit },
  { code: 'DECEASED_PAYMENT', subjectType: 'payment', datasets: ['payments', 'deaths'], defaultSeverity: 'red', hits: deceasedPayment },
  { code: 'NO_ENTITLEMENT_PAYMENT', subjectType: 'payment', datasets: ['payments', 'benefit_recipients'], defaultSeverity: 'red', hits: noEntitlementPayment },
  { code: 'INELIGIBLE_VEHICLE', subjectType: 'benefit', datasets: ['benefit_recipients', 'residents', 'vehicles'], defaultSeverity: 'yellow', hits: ineligibleVehicle },
  { code: 'INELIGIBLE_BUSINESS', subjectType: 'benefit', datasets: ['benefit_recipients', 'residents', 'businesses'], defaultSeverity: 'yellow', hits: ineligibleBusiness },
  { code: 'INELIGIBLE_PUBLIC_EMPLOYEE', subjectType: 'benefit', datasets: ['benefit_recipients', 'residents', 'public_employees'], defaultSeverity: 'yellow', hits: ineligiblePublicEmployee },
  { code: 'DUPLICATE_BENEFIT', subjectType: 'benefit', datasets: ['benefit_recipients'], defaultSeverity: 'yellow', hits: duplicateBenefit },
  identityRule('IDENTITY_MISMATCH', 'mismatch', 'payment', 'yellow'),
  identityRule('IDENTITY_MISMATCH', 'mismatch', 'benefit', 'yellow'),
  identityRule('UNKNOWN_PERSON', 'unknown', 'payment', 'yellow'),
  identityRule('UNKNOWN_PERSON', 'unknown', 'benefit', 'yellow'),
  identityRule('INVALID_ID', 'invalid', 'payment', 'blue'),
  identityRule('INVALID_ID', 'invalid', 'benefit', 'blue'),
  { code: 'BENEFIT_OUTLIER', subjectType: 'village', datasets: ['benefit_recipients', 'residents'], defaultSeverity: 'yellow', hits: benefitOutlier },
];
