import { sql, type SQL } from 'drizzle-orm';
import type { TContractType, TProcurementMethod } from '@mpw/contracts';
import { asOfDate, inSweepScope, ymd, yuan } from './rule-sql.js';
import type { RuleContext, RuleDef } from './types.js';

/**
 * The rules over village books and contracts (shared/spec/data-exchange.md, Alert rules):
 * UNAPPROVED_LARGE_EXPENSE, SPLIT_PAYMENT, RELATED_PARTY_CONTRACT, ASSET_NO_AUCTION.
 * Semantics, severities and the ledger entries that count: docs/alert-rules-books.md.
 *
 * Summaries are built twice — in SQL here for the sweep, in TypeScript (the `…Summary`
 * functions below) for the modules that raise the same alert when a record is written — and
 * must read the same, so a sweep that sees a known alert does not rewrite it. The tests compare
 * the two.
 */

// ---------------------------------------------------------------- shared SQL pieces

/**
 * The ledger entries every rule looks at: not deleted, not rejected by the supervision
 * committee (drafts and entries under review count: an entry is never edited once written),
 * dated on or before the as-of date. A reversed entry and its reversal cancel out and are
 * both left out (a rejected reversal no longer reverses: the books module clears the link).
 */
export function countedEntries(ctx: RuleContext): SQL {
  return sql`(
    select e.* from ledger_entries e
    where e.deleted_at is null
      and e.status in ('draft', 'pending_review', 'final')
      and e.reverses_entry_id is null
      and not exists (
        select 1 from ledger_entries r
        where r.id = e.reversed_by_entry_id and r.deleted_at is null and r.status <> 'rejected'
      )
      and e.entry_date <= ${asOfDate(ctx)}
      and ${inSweepScope(sql`e.region_code`, ctx)}
  )`;
}

/**
 * An entry (alias `e`) is approved when it names a decision of its own village whose
 * `resolution` stage was held on or before the entry date and did not fail — the same test the
 * books module applies when the entry is written (passedDecisionId).
 */
const isApproved = sql`exists (
  select 1 from decisions d
  join decision_stages s on s.decision_id = d.id
  where d.decision_no = e.decision_no and d.region_code = e.region_code and d.deleted_at is null
    and s.deleted_at is null and s.stage = 'resolution' and s.outcome is distinct from 'failed'
    and s.held_on <= e.entry_date
)`;

/** `（摘要，付给某某）`, or nothing when both are empty. */
const sqlWhatFor = sql`coalesce('（' || nullif(concat_ws('，', nullif(e.description, ''), '付给' || nullif(e.counterparty_name, '')), '') || '）', '')`;

function fenToYuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- UNAPPROVED_LARGE_EXPENSE

export interface LargeExpenseFacts {
  entryDate: string;
  amountFen: number;
  description: string | null;
  counterpartyName: string | null;
  decisionNo: string | null;
}

/** The alert's one line, as the sweep writes it (the threshold is left out: it may differ between the entry date and the sweep). */
export function largeExpenseSummary(e: LargeExpenseFacts): string {
  const what = [e.description || null, e.counterpartyName ? `付给${e.counterpartyName}` : null].filter((x): x is string => !!x).join('，');
  const why = e.decisionNo ? `决策“${e.decisionNo}”在本村没有${e.entryDate}或之前通过的村民（代表）会议决议` : '没有注明经村民（代表）会议决议通过的决策编号';
  return `${e.entryDate}支出${fenToYuan(e.amountFen)}元${what ? `（${what}）` : ''}达到大额支出标准，但${why}`;
}

const unapprovedLargeExpense: RuleDef = {
  code: 'UNAPPROVED_LARGE_EXPENSE',
  subjectType: 'ledger_entry',
  datasets: ['ledger', 'decisions'],
  defaultSeverity: 'red',
  hits: (ctx) => sql`
    select e.entry_no as subject_id, e.region_code,
      ${ymd(sql`e.entry_date`)} || '支出' || ${yuan(sql`e.amount_fen`)} || '元' || ${sqlWhatFor} || '达到大额支出标准，但' ||
        case when nullif(e.decision_no, '') is null then '没有注明经村民（代表）会议决议通过的决策编号'
             else '决策“' || e.decision_no || '”在本村没有' || ${ymd(sql`e.entry_date`)} || '或之前通过的村民（代表）会议决议' end as summary,
      'ledger:' || e.entry_no as evidence,
      null::text as severity
    from ${countedEntries(ctx)} e
    where e.direction = 'expense' and e.amount_fen >= ${ctx.settings.largeExpenseThresholdFen}::bigint and not ${isApproved}`,
};

// ---------------------------------------------------------------- SPLIT_PAYMENT

/**
 * Candidates: expenses below the threshold without an approving decision, with a counterparty
 * key (the id when present, else the trimmed name). For every candidate `a`, its window is the
 * candidates of the same village and key dated from a's date to a's date + window days; a
 * window with two or more entries whose sum reaches the threshold is a group, and every entry
 * of a group fires. (This is exactly "the entry belongs to some set of two or more such
 * expenses, last minus first ≤ window, together ≥ threshold": such a set lies inside the
 * window of its earliest entry.) Each alert reports the earliest group the entry belongs to.
 */
const splitPayment: RuleDef = {
  code: 'SPLIT_PAYMENT',
  subjectType: 'ledger_entry',
  datasets: ['ledger', 'decisions'],
  defaultSeverity: 'yellow',
  hits: (ctx) => {
    const threshold = ctx.settings.largeExpenseThresholdFen;
    const days = sql`make_interval(days => ${ctx.settings.splitPaymentWindowDays}::int)`;
    return sql`
    with cand as (
      -- Byte-order collation: these keys are only grouped and compared, and sorting them is the bulk of the work.
      select e.id, e.entry_no, e.region_code collate "C" as region_code, e.entry_date, e.amount_fen, e.description, e.counterparty_name,
        (case when nullif(e.counterparty_id, '') is not null then 'id:' || e.counterparty_id
             else 'name:' || nullif(btrim(e.counterparty_name), '') end) collate "C" as cp_key
      from ${countedEntries(ctx)} e
      where e.direction = 'expense' and e.amount_fen < ${threshold}::bigint and not ${isApproved}
    ),
    -- The window of each candidate: the same village and counterparty, from its date to its date + window days.
    fwd as (
      select cand.*, sum(amount_fen) over w as total, count(*) over w as n
      from cand where cp_key is not null
      window w as (partition by region_code, cp_key order by entry_date range between current row and ${days} following)
    ),
    -- For each entry, the earliest qualifying window that contains it: one starting at most window days before it.
    pick as (
      select fwd.*, min(case when n >= 2 and total >= ${threshold}::bigint then entry_date end) over w as anchor_date
      from fwd
      window w as (partition by region_code, cp_key order by entry_date range between ${days} preceding and current row)
    ),
    grp as (
      select g.region_code, g.cp_key, g.anchor_date,
        sum(c.amount_fen) as total, count(*) as n, min(c.entry_date) as first_date, max(c.entry_date) as last_date,
        string_agg('ledger:' || c.entry_no, ';' order by c.entry_date, c.entry_no) as evidence
      from (select distinct region_code, cp_key, anchor_date from pick where anchor_date is not null) g
      join cand c on c.region_code = g.region_code and c.cp_key = g.cp_key
        and c.entry_date between g.anchor_date and g.anchor_date + ${ctx.settings.splitPaymentWindowDays}::int
      group by g.region_code, g.cp_key, g.anchor_date
    )
    select e.entry_no as subject_id, e.region_code,
      ${ymd(sql`e.entry_date`)} || '支出' || ${yuan(sql`e.amount_fen`)} || '元' || ${sqlWhatFor} ||
        '，与' || ${ymd(sql`g.first_date`)} || '至' || ${ymd(sql`g.last_date`)} || '间付给同一对象的其他' || (g.n - 1)::text || '笔支出合计' ||
        ${yuan(sql`g.total`)} || '元，每笔都低于大额支出标准且未经决策，合计达到标准，疑似拆分支付' as summary,
      g.evidence,
      null::text as severity
    from pick e
    join grp g on g.region_code = e.region_code and g.cp_key = e.cp_key and g.anchor_date = e.anchor_date`;
  },
};

// ---------------------------------------------------------------- RELATED_PARTY_CONTRACT

/**
 * Targets (alias columns: subject_id, region_code, d = the signing or entry date, counterparty_id,
 * label = how the summary names the contract or expense, ev = its evidence item). Links found:
 * the business's 法定代表人 or 股东 is a cadre of the target's village on date d (start ≤ d ≤ end,
 * end empty = in office), or is in the same household as one (residents.household_id), or is
 * linked to one in kinship (either direction; kin of kin are not followed).
 */
function relatedPartyHits(targets: SQL): SQL {
  const inOffice = sql`c.deleted_at is null and c.region_code = o.region_code and c.start_date <= o.d and (c.end_date is null or c.end_date >= o.d)`;
  const cadreCols = sql`c.id_number as cadre_id, c.name as cadre_name, c.position, c.start_date`;
  return sql`
    with t as ${targets},
    o as (
      select t.*, b.credit_code, b.company_name, b.id_number as owner_id, b.role
      from t join businesses b on upper(b.credit_code) = upper(t.counterparty_id)
      where b.deleted_at is null and b.role in ('法定代表人', '股东')
    ),
    links as (
      select o.*, ${cadreCols}, 0 as rank, '本人' as relation, null::text as link_ev
      from o join cadres c on c.id_number = o.owner_id and ${inOffice}
      union all
      select o.*, ${cadreCols}, 1 as rank, '的同户家庭成员' as relation,
        'residents:' || rc.id_number || ';residents:' || ro.id_number as link_ev
      from o
      join residents ro on ro.id_number = o.owner_id and ro.deleted_at is null and nullif(ro.household_id, '') is not null
      join residents rc on rc.household_id = ro.household_id and rc.id_number <> ro.id_number and rc.deleted_at is null
      join cadres c on c.id_number = rc.id_number and ${inOffice}
      union all
      select o.*, ${cadreCols}, 2 as rank, '的亲属（' || k.relation || '）' as relation,
        'kinship:' || k.id_number_a || '/' || k.id_number_b as link_ev
      from o join kinship k on k.id_number_a = o.owner_id and k.deleted_at is null
      join cadres c on c.id_number = k.id_number_b and ${inOffice}
      union all
      select o.*, ${cadreCols}, 2 as rank, '的亲属（' || k.relation || '）' as relation,
        'kinship:' || k.id_number_a || '/' || k.id_number_b as link_ev
      from o join kinship k on k.id_number_b = o.owner_id and k.deleted_at is null
      join cadres c on c.id_number = k.id_number_a and ${inOffice}
    ),
    ranked as (
      select links.*,
        row_number() over (partition by subject_id order by rank, credit_code, role, cadre_id, position, start_date, coalesce(link_ev, '')) as seq,
        count(*) over (partition by subject_id) as n
      from links
    ),
    items as (
      select r.subject_id, u.item, min(r.seq * 10 + u.pos) as ord
      from ranked r,
        unnest(array_remove(array[
          'businesses:' || r.credit_code || '/' || r.owner_id || '/' || r.role,
          'cadres:' || r.cadre_id || '/' || r.position || '/' || ${ymd(sql`r.start_date`)}
        ] || coalesce(string_to_array(r.link_ev, ';'), array[]::text[]), null)) with ordinality as u(item, pos)
      group by r.subject_id, u.item
    ),
    ev as (
      select subject_id, string_agg(item, ';' order by ord, item) as evidence from items group by subject_id
    )
    select r.subject_id, r.region_code,
      r.label || '，对方' || r.company_name || '的' || r.role ||
        case when r.rank = 0 then '是本村' || r.position || r.cadre_name || '本人'
             else '是本村' || r.position || r.cadre_name || r.relation end ||
        case when r.n > 1 then '（另有' || (r.n - 1)::text || '处关联）' else '' end as summary,
      r.ev || ';' || ev.evidence as evidence,
      case when exists (select 1 from ranked x where x.subject_id = r.subject_id and x.rank = 0) then 'red' else null end as severity
    from ranked r join ev on ev.subject_id = r.subject_id
    where r.seq = 1`;
}

const relatedPartyDatasets = ['businesses', 'cadres', 'residents', 'kinship'] as const;

const relatedPartyContract: RuleDef = {
  code: 'RELATED_PARTY_CONTRACT',
  subjectType: 'contract',
  datasets: ['contracts', ...relatedPartyDatasets],
  defaultSeverity: 'yellow',
  hits: (ctx) =>
    relatedPartyHits(sql`(
      select c.contract_no as subject_id, c.region_code, c.signed_date as d, c.counterparty_id,
        ${ymd(sql`c.signed_date`)} || '签订的' || c.contract_type || '合同“' || c.title || '”（' || c.contract_no || '，' || ${yuan(sql`c.amount_fen`)} || '元）' as label,
        'contracts:' || c.contract_no as ev
      from contracts c
      where c.deleted_at is null and nullif(c.counterparty_id, '') is not null
        and c.signed_date <= ${asOfDate(ctx)} and ${inSweepScope(sql`c.region_code`, ctx)}
    )`),
};

const relatedPartyExpense: RuleDef = {
  code: 'RELATED_PARTY_CONTRACT',
  subjectType: 'ledger_entry',
  datasets: ['ledger', ...relatedPartyDatasets],
  defaultSeverity: 'yellow',
  hits: (ctx) =>
    relatedPartyHits(sql`(
      select e.entry_no as subject_id, e.region_code, e.entry_date as d, e.counterparty_id,
        ${ymd(sql`e.entry_date`)} || '支出' || ${yuan(sql`e.amount_fen`)} || '元' || coalesce('（' || nullif(e.description, '') || '）', '') as label,
        'ledger:' || e.entry_no as ev
      from ${countedEntries(ctx)} e
      where e.direction = 'expense' and nullif(e.counterparty_id, '') is not null
    )`),
};

// ---------------------------------------------------------------- ASSET_NO_AUCTION

export const DISPOSAL_TYPES: readonly TContractType[] = ['资产租赁', '资产出售', '土地承包'];
export const PUBLIC_METHODS: readonly TProcurementMethod[] = ['公开招标', '公开拍卖', '公开竞价'];

export interface DisposalFacts {
  contractNo: string;
  contractType: TContractType;
  title: string;
  amountFen: number;
  signedDate: string;
  procurementMethod: TProcurementMethod | null;
}

/** The alert's one line, as the sweep writes it (without the threshold, which may differ between the signing date and the sweep). */
export function assetNoAuctionSummary(c: DisposalFacts): string {
  return `${c.signedDate}签订的${c.contractType}合同“${c.title}”（${c.contractNo}）金额${fenToYuan(c.amountFen)}元，达到资产处置标准，交易方式为“${c.procurementMethod || '未填写'}”，未经公开招标、公开拍卖或公开竞价`;
}

const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

const assetNoAuction: RuleDef = {
  code: 'ASSET_NO_AUCTION',
  subjectType: 'contract',
  datasets: ['contracts'],
  defaultSeverity: 'red',
  hits: (ctx) => sql`
    select c.contract_no as subject_id, c.region_code,
      ${ymd(sql`c.signed_date`)} || '签订的' || c.contract_type || '合同“' || c.title || '”（' || c.contract_no || '）金额' ||
        ${yuan(sql`c.amount_fen`)} || '元，达到资产处置标准，交易方式为“' || coalesce(nullif(c.procurement_method, ''), '未填写') ||
        '”，未经公开招标、公开拍卖或公开竞价' as summary,
      'contracts:' || c.contract_no as evidence,
      null::text as severity
    from contracts c
    where c.deleted_at is null
      and c.contract_type in (${inList(DISPOSAL_TYPES)})
      and c.amount_fen >= ${ctx.settings.assetDisposalThresholdFen}::bigint
      and (c.procurement_method is null or c.procurement_method not in (${inList(PUBLIC_METHODS)}))
      and c.signed_date <= ${asOfDate(ctx)}
      and ${inSweepScope(sql`c.region_code`, ctx)}`,
};

/** UNAPPROVED_LARGE_EXPENSE, SPLIT_PAYMENT, RELATED_PARTY_CONTRACT (contracts and expenses), ASSET_NO_AUCTION. */
export const bookRules: RuleDef[] = [unapprovedLargeExpense, splitPayment, relatedPartyContract, relatedPartyExpense, assetNoAuction];
