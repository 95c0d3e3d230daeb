import { sql, type SQL } from 'drizzle-orm';
import { DECISION_STAGES, DECISION_STAGE_LABELS, type TDecisionStage } from '@mpw/contracts';
import { countedEntries } from './books.js';
import { asOfDate, inSweepScope, ymd, yuan } from './rule-sql.js';
import type { RuleContext, RuleDef } from './types.js';

/**
 * The rules over "four discussions, two disclosures" records (shared/spec/data-exchange.md):
 * DECISION_ORDER, DECISION_QUORUM, LATE_RECORD. Semantics: docs/alert-rules-books.md.
 */

/** The date of a timestamp in China time (UTC+8). */
const chinaDateOf = (ts: SQL) => sql`((${ts}) at time zone 'UTC' + interval '8 hours')::date`;

/** `case s.stage when 'proposal' then 1 …`: a stage's place in the legal order (1–6). */
const stageOrd = (col: SQL) => sql`(case ${col} ${sql.join(DECISION_STAGES.map((s, i) => sql`when ${s}::text then ${i + 1}::int`), sql` `)} end)`;
/** The stage's Chinese label (DECISION_STAGE_LABELS). */
const stageLabel = (col: SQL) => sql`(case ${col} ${sql.join(DECISION_STAGES.map((s) => sql`when ${s}::text then ${DECISION_STAGE_LABELS[s]}::text`), sql` `)} end)`;
const RESOLUTION_ORD = DECISION_STAGES.indexOf('resolution') + 1;
/** `(values ('proposal', 1), …, ('resolution', 4))`: the stages a resolution or later stage needs (constants, not input). */
const BEFORE_OR_AT_RESOLUTION = sql.raw(`(values ${DECISION_STAGES.slice(0, RESOLUTION_ORD).map((s, i) => `('${s}', ${i + 1})`).join(', ')})`);

/**
 * Decisions of the scope (alias `d`) and their stages known on the as-of date (alias `st`:
 * recorded on or before it, China time) with `ord`, `label` and `rec_date` (China date of recorded_at).
 */
function decisionCtes(ctx: RuleContext): SQL {
  return sql`
    d as (
      select id, decision_no, title, region_code from decisions
      where deleted_at is null and ${inSweepScope(sql`region_code`, ctx)}
    ),
    st as (
      select s.decision_id, s.stage, s.body, s.held_on, s.eligible, s.attendees, s.votes_for, s.outcome,
        ${stageOrd(sql`s.stage`)} as ord, ${stageLabel(sql`s.stage`)} as label, ${chinaDateOf(sql`s.recorded_at`)} as rec_date
      from decision_stages s join d on d.id = s.decision_id
      where s.deleted_at is null and ${chinaDateOf(sql`s.recorded_at`)} <= ${asOfDate(ctx)}
    )`;
}

// ---------------------------------------------------------------- DECISION_ORDER

/**
 * Fires on a decision with any of:
 *  (a) two stages out of date order — some present stage held after the next present stage
 *      in the legal order (equivalent to any pair out of order; the same day is fine);
 *  (b) a `resolution` or later stage while proposal, consultation or review is missing, or a
 *      published stage while the resolution itself is missing;
 *  (c) money moved under it: a contract of the same village naming it, signed before its
 *      resolution's date or while it has no resolution that did not fail; an expense entered
 *      likewise (the counted ledger entries).
 * Problems are listed in that order; the evidence names the stages, contracts and entries.
 */
const decisionOrder: RuleDef = {
  code: 'DECISION_ORDER',
  subjectType: 'decision',
  datasets: ['decisions', 'contracts', 'ledger'],
  defaultSeverity: 'red',
  hits: (ctx) => sql`
    with ${decisionCtes(ctx)},
    seq as (
      select st.*, lag(st.stage) over w as prev_stage, lag(st.label) over w as prev_label, lag(st.held_on) over w as prev_held
      from st window w as (partition by st.decision_id order by st.ord)
    ),
    latest as (
      select decision_id, max(ord) as max_ord from st group by decision_id
    ),
    res as (
      select decision_id, held_on from st where stage = 'resolution' and outcome is distinct from 'failed'
    ),
    problems as (
      select s.decision_id, 1 as kind, s.ord as k2, '' as k3,
        '“' || s.prev_label || '”（' || ${ymd(sql`s.prev_held`)} || '）晚于“' || s.label || '”（' || ${ymd(sql`s.held_on`)} || '）' as text,
        array[s.prev_stage, s.stage] as stages, null::text as ev
      from seq s where s.prev_held > s.held_on
      union all
      select l.decision_id, 2, 0, '',
        '缺少' || string_agg('“' || ${stageLabel(sql`m.stage`)} || '”', '、' order by m.ord) || '却已有“' || max(top.label) || '”',
        array[max(top.stage)], null
      from latest l
      join st top on top.decision_id = l.decision_id and top.ord = l.max_ord
      cross join ${BEFORE_OR_AT_RESOLUTION} as m(stage, ord)
      where l.max_ord >= ${RESOLUTION_ORD} and m.ord < l.max_ord
        and not exists (select 1 from st x where x.decision_id = l.decision_id and x.stage = m.stage)
      group by l.decision_id
      union all
      select d.id, 3, 0, ${ymd(sql`c.signed_date`)} || c.contract_no,
        ${ymd(sql`c.signed_date`)} || '签订合同“' || c.title || '”（' || c.contract_no || '）' ||
          case when r.held_on is null then '时尚无通过的决议' else '，早于决议（' || ${ymd(sql`r.held_on`)} || '）' end,
        array[]::text[], 'contracts:' || c.contract_no
      from d
      join contracts c on c.decision_no = d.decision_no and c.region_code = d.region_code and c.deleted_at is null
        and c.signed_date <= ${asOfDate(ctx)}
      left join res r on r.decision_id = d.id
      where r.held_on is null or c.signed_date < r.held_on
      union all
      select d.id, 4, 0, ${ymd(sql`e.entry_date`)} || e.entry_no,
        ${ymd(sql`e.entry_date`)} || '支出' || ${yuan(sql`e.amount_fen`)} || '元（' || e.entry_no || '）' ||
          case when r.held_on is null then '时尚无通过的决议' else '，早于决议（' || ${ymd(sql`r.held_on`)} || '）' end,
        array[]::text[], 'ledger:' || e.entry_no
      from d
      join ${countedEntries(ctx)} e on e.decision_no = d.decision_no and e.region_code = d.region_code and e.direction = 'expense'
      left join res r on r.decision_id = d.id
      where r.held_on is null or e.entry_date < r.held_on
    ),
    items as (
      select p.decision_id, u.item, min(p.kind * 1000000 + p.k2 * 100 + u.pos) as ord, min(p.k3) as k3
      from problems p
      join d on d.id = p.decision_id,
        unnest(array(select 'decisions:' || d.decision_no || '/' || x from unnest(p.stages) as x) || coalesce(array[p.ev], array[]::text[]))
          with ordinality as u(item, pos)
      where u.item is not null
      group by p.decision_id, u.item
    ),
    ev as (
      select decision_id, string_agg(item, ';' order by ord, k3, item) as evidence from items group by decision_id
    ),
    txt as (
      select decision_id, string_agg(text, '；' order by kind, k2, k3) as text from problems group by decision_id
    )
    select d.decision_no as subject_id, d.region_code,
      '决策“' || d.title || '”（' || d.decision_no || '）程序缺失或倒置：' || txt.text as summary,
      ev.evidence,
      null::text as severity
    from d join txt on txt.decision_id = d.id join ev on ev.decision_id = d.id`,
};

// ---------------------------------------------------------------- DECISION_QUORUM

/**
 * A `resolution` where 村民代表会议: 3 × attendees < 2 × eligible; 村民会议: 2 × attendees ≤
 * eligible; either body (or none named): 2 × votes_for ≤ attendees. Integer arithmetic; counts
 * left empty are not judged. A resolution stored as failed (the platform, and the decisions.csv
 * import, judge every meeting by the same counts) is an alert only when the village went on as
 * if it had passed — a later stage recorded, or money moved under the decision: a failed vote
 * that ended the decision is the procedure working, not a breach.
 */
const decisionQuorum: RuleDef = {
  code: 'DECISION_QUORUM',
  subjectType: 'decision',
  datasets: ['decisions'],
  defaultSeverity: 'red',
  hits: (ctx) => sql`
    with ${decisionCtes(ctx)},
    judged as (
      select st.*,
        case when st.body = '村民代表会议' and st.eligible is not null and st.attendees is not null and 3 * st.attendees < 2 * st.eligible
               then '应到' || st.eligible || '人，实到' || st.attendees || '人，到会不足三分之二'
             when st.body = '村民会议' and st.eligible is not null and st.attendees is not null and 2 * st.attendees <= st.eligible
               then '应到' || st.eligible || '人，实到' || st.attendees || '人，到会未过半数'
        end as quorum_text,
        case when st.attendees is not null and st.votes_for is not null and 2 * st.votes_for <= st.attendees
               then '实到' || st.attendees || '人，赞成' || st.votes_for || '票，赞成未过半数'
        end as vote_text
      from st where st.stage = 'resolution'
    ),
    went_on as (
      select j.decision_id from judged j
      where exists (select 1 from st x where x.decision_id = j.decision_id and x.ord > j.ord)
         or exists (
           select 1 from d join contracts c on c.decision_no = d.decision_no and c.region_code = d.region_code
           where d.id = j.decision_id and c.deleted_at is null and c.signed_date <= ${asOfDate(ctx)})
         or exists (
           select 1 from d join ${countedEntries(ctx)} e on e.decision_no = d.decision_no and e.region_code = d.region_code
           where d.id = j.decision_id and e.direction = 'expense')
    )
    select d.decision_no as subject_id, d.region_code,
      '决策“' || d.title || '”（' || d.decision_no || '）' || ${ymd(sql`j.held_on`)} || '的' || coalesce(nullif(j.body, ''), '村民（代表）会议') || '决议：' ||
        concat_ws('；', j.quorum_text, j.vote_text) as summary,
      'decisions:' || d.decision_no || '/resolution' as evidence,
      null::text as severity
    from judged j join d on d.id = j.decision_id
    where (j.quorum_text is not null or j.vote_text is not null)
      and (j.outcome is distinct from 'failed' or j.decision_id in (select decision_id from went_on))`,
};

// ---------------------------------------------------------------- LATE_RECORD

export interface LateStage {
  stage: TDecisionStage;
  heldOn: string;
  /** The China date of recorded_at. */
  recordedOn: string;
  daysLate: number;
}

/**
 * The alert's summary and evidence for the late stages of a decision (in the legal order), as
 * the sweep writes them; the decisions module raises the same when a late stage is recorded.
 */
export function lateRecordAlert(decision: { decisionNo: string; title: string }, late: LateStage[]): { summary: string; evidence: string } {
  const sorted = [...late].sort((a, b) => DECISION_STAGES.indexOf(a.stage) - DECISION_STAGES.indexOf(b.stage));
  const lines = sorted.map((s) => `“${DECISION_STAGE_LABELS[s.stage]}”${s.heldOn}召开，${s.recordedOn}才录入（晚${s.daysLate}天）`);
  return {
    summary: `决策“${decision.title}”的会议记录疑似事后补记：${lines.join('；')}`,
    evidence: sorted.map((s) => `decisions:${decision.decisionNo}/${s.stage}`).join(';'),
  };
}

/** Any stage whose recording date (China time) minus its meeting date exceeds the setting (7 days: the 8th day fires). */
const lateRecord: RuleDef = {
  code: 'LATE_RECORD',
  subjectType: 'decision',
  datasets: ['decisions'],
  defaultSeverity: 'yellow',
  hits: (ctx) => sql`
    with ${decisionCtes(ctx)}
    select d.decision_no as subject_id, d.region_code,
      '决策“' || d.title || '”的会议记录疑似事后补记：' ||
        string_agg('“' || st.label || '”' || ${ymd(sql`st.held_on`)} || '召开，' || ${ymd(sql`st.rec_date`)} || '才录入（晚' || (st.rec_date - st.held_on)::text || '天）', '；' order by st.ord) as summary,
      string_agg('decisions:' || d.decision_no || '/' || st.stage, ';' order by st.ord) as evidence,
      null::text as severity
    from st join d on d.id = st.decision_id
    where st.rec_date - st.held_on > ${ctx.settings.lateRecordDays}::int
    group by d.id, d.decision_no, d.region_code, d.title`,
};

/** DECISION_ORDER, DECISION_QUORUM, LATE_RECORD. */
export const decisionRules: RuleDef[] = [decisionOrder, decisionQuorum, lateRecord];
