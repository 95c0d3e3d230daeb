import type { z } from 'zod';
import { ZPowerItemContent, type TPowerItemContent, type ZFlowStep, type ZStepCondition } from '@mpw/contracts';

/**
 * The default district catalogue (区级村级小微权力清单): the power items every village of a new
 * district starts with. Modelled on the lists counties publish — Ninghai's 36 items (19 public
 * power items and 17 services for villagers) and Zhejiang's five high-risk areas (village works,
 * labour hiring, collective assets and resources, assistance to people in difficulty, village
 * purchasing) — with seal use, benefit payments and dividends added as other counties do.
 * A district edits its copy through the power module; this file is only the starting point.
 *
 * Conventions of the flows (see docs/power-catalogue.md):
 * - the village secretary (村书记/主任) starts most matters, also when a villager applies — the
 *   village service point records the application on the villager's behalf (代办);
 * - the supervision committee (村务监督委员会) reviews money before the secretary signs;
 * - township staff approve what the township decides and receive filings (备案);
 * - steps that only apply from a district money threshold carry `when`: the whole 四议两公开
 *   procedure is conditional, below it the two committees' collective study decides, and the
 *   closing disclosure step publishes the result in every case.
 */

type TStepInput = z.input<typeof ZFlowStep>;
type TItemInput = z.input<typeof ZPowerItemContent>;
type TCondition = z.input<typeof ZStepCondition>;

/** District settings that step conditions refer to (integer fen). */
export const MAJOR_MATTER_THRESHOLD_SETTING = 'decisions.majorMatterThresholdFen';
export const ASSET_DISPOSAL_THRESHOLD_SETTING = 'assets.disposalThresholdFen';

/** From the major-matter amount the full 四议两公开 procedure (and township review) applies. */
const MAJOR: TCondition = { amountAtLeastSetting: MAJOR_MATTER_THRESHOLD_SETTING };
/** From the disposal amount assets and resources go to public bidding on the rural property exchange. */
const OPEN_BIDDING: TCondition = { amountAtLeastSetting: ASSET_DISPOSAL_THRESHOLD_SETTING };

interface DecisionOptions {
  /** What is being decided, used in the wording of materials (e.g. “项目”, “处置方案”). */
  subject: string;
  /**
   * Makes the procedure apply only from an amount. Below it the two committees' collective
   * study, a review step that always applies, is the decision.
   */
  when?: TCondition;
  /** The body that resolves (default 村民代表会议). */
  resolvedBy?: string;
}

/**
 * The first five stages of 四议两公开 (提议 → 商议 → 审议 → 决议 → 决议公开), in legal order.
 * The sixth, 实施结果公开, closes the unconditional flows after the matter has been carried out.
 * A conditional procedure is conditional as a whole: the decisions register records stages
 * strictly in order, so a flow must never apply a later stage without the earlier ones.
 */
function decisionSteps(o: DecisionOptions): TStepInput[] {
  const resolvedBy = o.resolvedBy ?? '村民代表会议';
  const when = o.when ? { when: o.when } : {};
  const committeeStudy: TStepInput[] = o.when
    ? [{ id: 'committee_study', kind: 'review', name: '村两委集体研究', role: 'village_secretary', deadlineDays: 3, materials: ['两委会议记录'], disclose: '研究意见；达到重大事项标准的转入“四议两公开”' }]
    : [];
  return [
    ...committeeStudy,
    { id: 'proposal', kind: 'meeting', stage: 'proposal', name: '村党组织提议', role: 'village_secretary', deadlineDays: 3, materials: [`${o.subject}提议书`, '初步方案'], ...when },
    { id: 'consultation', kind: 'meeting', stage: 'consultation', name: '村两委联席会议商议', role: 'village_secretary', deadlineDays: 3, materials: ['两委联席会议记录'], disclose: '会议时间、参会人员和商议意见', ...when },
    { id: 'party_review', kind: 'meeting', stage: 'review', name: '党员大会审议', role: 'village_secretary', deadlineDays: 5, materials: ['党员大会记录', '党员签到表'], disclose: '应到、实到人数和审议意见', ...when },
    { id: 'resolution', kind: 'meeting', stage: 'resolution', name: `${resolvedBy}表决`, role: 'village_secretary', deadlineDays: 7, materials: ['会议通知', '表决记录', '参会人员签名表'], disclose: '应到、实到人数和表决结果', ...when },
    { id: 'resolution_published', kind: 'meeting', stage: 'resolution_published', name: '决议公开', role: 'village_secretary', deadlineDays: 2, materials: ['决议公告'], disclose: '决议内容在村务公开栏和平台公开，不少于5天', ...when },
  ];
}

const ACT = '《中华人民共和国村民委员会组织法》';
/** 村民委员会组织法 art. 24: the matters the villagers' meeting decides; `clause` names one of them. */
function act24(clause?: string): string {
  return clause ? `${ACT}第二十四条第一款${clause}` : `${ACT}第二十四条（须经村民会议讨论决定的事项）`;
}
const GOVERNANCE_2019 = '中共中央办公厅、国务院办公厅《关于加强和改进乡村治理的指导意见》（2019年）：推行村级小微权力清单制度';
const SUPERVISION_2017 = '中共中央办公厅、国务院办公厅《关于建立健全村务监督委员会的指导意见》（2017年）';
const NINGHAI = '宁海县村级权力清单三十六条（2014年）';
const COLLECTIVE_ORG_LAW = '《中华人民共和国农村集体经济组织法》（2025年5月1日起施行）';
const FINANCE_RULES = '财政部、农业农村部《农村集体经济组织财务制度》（财农〔2021〕121号）';
const SOCIAL_ASSISTANCE = '《社会救助暂行办法》（国务院令第649号）';

const SUPERVISOR_DUTY = { subject: '村务监督委员会', duty: '全程监督程序是否完整、材料是否真实，发现问题及时提出并向乡镇报告。' };
const TOWNSHIP_DUTY = { subject: '乡镇人民政府（街道办事处）', duty: '审核、备案并指导监督，发现违规责令纠正。' };

const ITEMS: { code: string; content: TItemInput }[] = [
  // ── 重大事项决策 ──────────────────────────────────────────────────────────
  {
    code: 'JC-01',
    content: {
      name: '村级重大事项决策',
      category: '重大事项决策',
      gbClass: '村务决策',
      legalBasis: [act24(), `${ACT}第二十一条至第二十六条（村民会议和村民代表会议）`, '《中国共产党农村基层组织工作条例》（2019年）：村级重大事项决策实行“四议两公开”', GOVERNANCE_2019, NINGHAI],
      responsibilities: [
        { subject: '村党组织', duty: '提出议题和初步方案，主持“四议”全过程，对决策程序合规负总责。' },
        { subject: '村民委员会', duty: '参与商议，执行村民（代表）会议决议，组织实施并公开结果。' },
        { subject: '村务监督委员会', duty: '列席各环节会议，监督程序是否完整、表决是否真实，监督决议执行和结果公开。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '对议题合法性进行把关，接受备案，指导和监督决策程序。' },
      ],
      flow: {
        steps: [
          ...decisionSteps({ subject: '议题' }),
          { id: 'filing', kind: 'filing', name: '报乡镇备案', role: 'township_staff', deadlineDays: 5, materials: ['决议文本', '各环节会议记录'] },
          { id: 'execution', kind: 'execution', name: '组织实施', role: 'village_secretary', deadlineDays: 60, materials: ['实施方案', '合同及票据'], disclose: '实施进度' },
          { id: 'result_published', kind: 'meeting', stage: 'result_published', name: '实施结果公开', role: 'village_secretary', deadlineDays: 5, materials: ['实施结果公告'], disclose: '实施情况、资金使用和验收结果' },
        ],
      },
      riskPoints: [
        { risk: '议题未经党组织提议或两委商议即提交表决，环节缺失或颠倒', level: '高', prevention: '平台按法定顺序锁定环节，前一环节未办结不能进入下一环节；监委会列席并签字。' },
        { risk: '化整为零、拆分事项规避重大事项决策', level: '高', prevention: '同一事项年度累计金额达到标准的平台预警；乡镇备案时审查是否拆分。' },
        { risk: '到会人数不足、代签名、代表决', level: '中', prevention: '会议记录写明应到、实到人数和表决情况，本人签名；党员大会不得委托表决。' },
        { risk: '决议或实施结果不公开、公开不及时', level: '中', prevention: '平台到期提醒并生成预警，监委会督促公开。' },
      ],
      disclosure: [
        { what: '决议事项和表决结果', when: '决议形成后2个工作日内，公开不少于5天' },
        { what: '实施过程和结果（含资金使用）', when: '实施完成后5个工作日内' },
      ],
      timeLimitDays: 90,
      materials: ['议题提议书', '初步方案', '各环节会议记录和签到表', '表决结果', '实施方案'],
      isService: false,
      summary: '凡涉及村集体和村民切身利益的重大事项（投资、举债、资产处置、大额支出、公益事业兴办等），必须依次经过“四议两公开”六个环节，不得跳过或颠倒。',
    },
  },
  {
    code: 'JC-02',
    content: {
      name: '农村集体经济组织成员身份确认',
      category: '重大事项决策',
      gbClass: '村务决策',
      legalBasis: [`${COLLECTIVE_ORG_LAW}关于成员身份确认和成员名册的规定`, '《中共中央 国务院关于稳步推进农村集体产权制度改革的意见》（2016年）'],
      responsibilities: [
        { subject: '村集体经济组织（村股份经济合作社）', duty: '受理申请，审查资格，提交成员（代表）大会表决，编制成员名册。' },
        { subject: '村党组织', duty: '提出确认方案，把关政策，保障妇女、新生儿等特殊群体的合法权益。' },
        SUPERVISOR_DUTY,
        { subject: '乡镇人民政府（街道办事处）', duty: '审查确认结果是否合法，接受成员名册备案，受理异议。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出成员身份确认申请', role: 'village_secretary', deadlineDays: 3, materials: ['申请书', '户口簿和身份证', '户籍变动、土地承包等证明'] },
          { id: 'eligibility', kind: 'review', name: '资格审查', role: 'village_secretary', deadlineDays: 10, materials: ['资格审查意见'] },
          ...decisionSteps({ subject: '成员确认方案', resolvedBy: '村民会议（成员大会）' }).filter((s) => s.kind !== 'meeting' || s.stage !== 'resolution_published'),
          { id: 'notice', kind: 'notice', name: '确认结果公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '拟确认和不予确认的人员名单及理由，公示期内可以提出异议' },
          { id: 'filing', kind: 'filing', name: '成员名册报乡镇备案', role: 'township_staff', deadlineDays: 5, materials: ['成员名册', '表决记录', '公示情况说明'] },
          { id: 'publish', kind: 'disclosure', name: '成员名册公开', role: 'village_secretary', deadlineDays: 2 },
        ],
      },
      riskPoints: [
        { risk: '以多数决剥夺外嫁女、入赘婿、新生儿等群体的成员资格', level: '高', prevention: '确认方案须经乡镇合法性审查，村规民约和表决不得违反法律。' },
        { risk: '优亲厚友、虚增或遗漏成员', level: '中', prevention: '核对户籍信息，结果公示7天，异议由乡镇复核。' },
      ],
      disclosure: [{ what: '成员确认结果和成员名册', when: '表决后公示7天，备案后长期公开' }],
      timeLimitDays: 43,
      materials: ['申请书', '户口簿和身份证', '资格审查意见', '成员（代表）大会表决记录'],
      isService: false,
      summary: '成员身份决定土地承包、收益分配等权利。确认须有申请、资格审查、四议程序和公示，成员名册报乡镇备案；可按年度集中办理。',
    },
  },
  {
    code: 'JC-03',
    content: {
      name: '村规民约（村民自治章程）制定与修订',
      category: '重大事项决策',
      gbClass: '村务决策',
      legalBasis: [`${ACT}第二十七条（村民自治章程、村规民约报乡镇备案，不得违反法律）`, '民政部等七部门《关于做好村规民约和居民公约工作的指导意见》（2018年）'],
      responsibilities: [
        { subject: '村党组织', duty: '提出制定或修订动议，把握政治方向和合法性。' },
        { subject: '村民委员会', duty: '起草草案，广泛征求村民意见，提交村民会议表决。' },
        SUPERVISOR_DUTY,
        { subject: '乡镇人民政府（街道办事处）', duty: '备案审查，发现违反法律或侵犯村民权益的责令改正。' },
      ],
      flow: {
        steps: [
          { id: 'proposal', kind: 'meeting', stage: 'proposal', name: '村党组织提出制定（修订）动议', role: 'village_secretary', deadlineDays: 3, materials: ['动议书'] },
          { id: 'consultation', kind: 'meeting', stage: 'consultation', name: '两委商议并起草草案', role: 'village_secretary', deadlineDays: 10, materials: ['草案', '两委联席会议记录'] },
          { id: 'draft_notice', kind: 'notice', name: '草案公示，征求村民意见', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '草案全文和意见反馈方式' },
          { id: 'party_review', kind: 'meeting', stage: 'review', name: '党员大会审议', role: 'village_secretary', deadlineDays: 5, materials: ['党员大会记录'] },
          { id: 'resolution', kind: 'meeting', stage: 'resolution', name: '村民会议表决', role: 'village_secretary', deadlineDays: 10, materials: ['会议通知（提前10天）', '表决记录', '签名表'] },
          { id: 'filing', kind: 'filing', name: '报乡镇备案审查', role: 'township_staff', deadlineDays: 10, materials: ['村规民约文本', '表决记录'] },
          { id: 'resolution_published', kind: 'meeting', stage: 'resolution_published', name: '公布施行', role: 'village_secretary', deadlineDays: 2, disclose: '村规民约全文' },
        ],
      },
      riskPoints: [
        { risk: '条款违反法律或侵犯村民合法权益（如剥夺外嫁女权益、设定罚款）', level: '高', prevention: '乡镇备案审查，违法条款责令改正后方可施行。' },
        { risk: '未经村民会议表决即以村委会名义发布', level: '中', prevention: '平台要求上传表决记录后方可备案和公布。' },
      ],
      disclosure: [{ what: '草案和正式文本', when: '草案公示7天；备案后公布施行并长期公开' }],
      timeLimitDays: 45,
      materials: ['草案', '征求意见汇总', '会议记录和表决记录'],
      isService: false,
      summary: '村民自治章程、村规民约由村民会议制定和修改，报乡镇备案；内容不得与宪法、法律和国家政策相抵触。',
    },
  },
  {
    code: 'JC-04',
    content: {
      name: '村级年度财务预算决算',
      category: '重大事项决策',
      gbClass: '村务决策',
      legalBasis: [FINANCE_RULES, act24('第（二）项（集体经济所得收益的使用）'), `${ACT}第三十条（财务公开）`],
      responsibilities: [
        { subject: '村民委员会（村集体经济组织）', duty: '编制年度收支预算和决算，执行预算，不得超预算开支。' },
        { subject: '村务监督委员会', duty: '审核预算草案，监督预算执行，审核年度决算。' },
        { subject: '乡镇农村经营管理部门', duty: '指导编制，接受备案，对预算执行情况进行检查。' },
      ],
      flow: {
        steps: [
          ...decisionSteps({ subject: '预算编制' }).map((s) =>
            s.id === 'consultation' ? { ...s, name: '两委编制预算草案', deadlineDays: 10, materials: ['上年度决算', '本年度收支计划'] } : s,
          ),
          { id: 'filing', kind: 'filing', name: '报乡镇备案', role: 'township_staff', deadlineDays: 5, materials: ['年度预算', '表决记录'] },
          { id: 'final_accounts', kind: 'review', name: '监委会审核年度决算', role: 'village_supervisor', deadlineDays: 10, canReturn: false, materials: ['年度决算报告'] },
          { id: 'result_published', kind: 'meeting', stage: 'result_published', name: '预算执行和年度决算公开', role: 'village_secretary', deadlineDays: 5, disclose: '预算执行情况和年度决算' },
        ],
      },
      riskPoints: [
        { risk: '无预算开支或超预算开支', level: '高', prevention: '支出与预算科目比对，超预算须重新履行决策程序。' },
        { risk: '预算编制流于形式、未经表决', level: '中', prevention: '预算须经村民代表会议表决并备案后方可执行。' },
      ],
      disclosure: [
        { what: '年度预算', when: '表决后2个工作日内' },
        { what: '预算执行情况和年度决算', when: '次年第一季度' },
      ],
      timeLimitDays: 47,
      materials: ['上年度决算', '年度预算草案', '会议记录'],
      isService: false,
      summary: '村级年度收支实行预算管理：两委编制、党员大会审议、村民代表会议表决、报乡镇备案，年终决算经监委会审核后公开。',
    },
  },
  {
    code: 'JC-05',
    content: {
      name: '村内公益事业一事一议筹资筹劳',
      category: '重大事项决策',
      gbClass: '村务决策',
      legalBasis: ['《国务院办公厅转发农业部村民一事一议筹资筹劳管理办法的通知》（国办发〔2007〕4号）', act24('第（三）项（公益事业的兴办和筹资筹劳方案）')],
      responsibilities: [
        { subject: '村党组织', duty: '提出议事项目和筹资筹劳方案。' },
        { subject: '村民委员会', duty: '组织表决，收取和使用筹资，组织筹劳和项目实施。' },
        SUPERVISOR_DUTY,
        { subject: '乡镇人民政府（街道办事处）', duty: '审核方案是否超过省定筹资筹劳限额，接受备案，监督使用。' },
      ],
      flow: {
        steps: [
          ...decisionSteps({ subject: '议事项目', resolvedBy: '村民会议' }),
          { id: 'filing', kind: 'filing', name: '乡镇审核备案', role: 'township_staff', deadlineDays: 10, materials: ['筹资筹劳方案', '表决记录'] },
          { id: 'execution', kind: 'execution', name: '组织筹资筹劳并实施项目', role: 'village_secretary', deadlineDays: 60, materials: ['筹资收据', '出工登记', '项目支出凭证'] },
          { id: 'result_published', kind: 'meeting', stage: 'result_published', name: '筹资筹劳和项目结果公开', role: 'village_secretary', deadlineDays: 5, disclose: '每户筹资额、出工情况、资金使用和项目结果' },
        ],
      },
      riskPoints: [
        { risk: '超限额筹资、强行以资代劳或搭车收费', level: '高', prevention: '乡镇审核限额，方案经村民会议过半数同意，不得强制。' },
        { risk: '筹资挪作他用', level: '高', prevention: '专款专用，单独核算，监委会监督，结果公开。' },
      ],
      disclosure: [
        { what: '筹资筹劳方案和表决结果', when: '决议后2个工作日内' },
        { what: '筹资筹劳明细和资金使用', when: '项目完成后5个工作日内' },
      ],
      timeLimitDays: 95,
      materials: ['筹资筹劳方案', '会议记录', '筹资收据和出工登记'],
      isService: false,
      summary: '村内道路、水利、环境整治等公益事业向村民筹资筹劳，须经村民会议表决，不得超过省定限额，报乡镇审核备案。',
    },
  },

  // ── 财务管理 ──────────────────────────────────────────────────────────────
  {
    code: 'CW-01',
    content: {
      name: '村级财务报账',
      category: '财务管理',
      gbClass: '村务管理/财务管理',
      legalBasis: [FINANCE_RULES, '财政部《农村集体经济组织会计制度》（财会〔2023〕14号）', SUPERVISION_2017, `${ACT}第三十条（财务公开）`],
      responsibilities: [
        { subject: '经办人', duty: '取得合法票据，写明用途并签字，附验收或证明材料。' },
        { subject: '村务监督委员会', duty: '逐笔审核票据的真实性、合规性并盖章，未经审核不得报销。' },
        { subject: '村党组织书记、村委会主任', duty: '审批签字，对支出的真实性负责。' },
        { subject: '乡镇农村会计委托代理服务中心', duty: '审核入账，退回不合规票据，按月出具财务报表。' },
        { subject: '村报账员', duty: '整理凭证，定期报账，办理非现金支付。' },
      ],
      flow: {
        steps: [
          { id: 'submit', kind: 'application', name: '经办人提交报销凭证', role: 'village_accountant', deadlineDays: 3, materials: ['原始发票', '经办人、证明人签字', '验收单或入库单', '合同或审批记录'] },
          { id: 'supervisor_check', kind: 'review', name: '村务监督委员会审核盖章', role: 'village_supervisor', deadlineDays: 3, materials: ['监委会审核意见'] },
          { id: 'secretary_sign', kind: 'review', name: '村书记、主任审批签字', role: 'village_secretary', deadlineDays: 2 },
          { id: 'agency_check', kind: 'review', name: '乡镇代理记账中心审核入账', role: 'township_staff', deadlineDays: 5, materials: ['记账凭证'] },
          { id: 'payment', kind: 'execution', name: '非现金支付', role: 'village_accountant', deadlineDays: 3, materials: ['银行转账回单'] },
          { id: 'publish', kind: 'disclosure', name: '财务收支公开', role: 'village_secretary', deadlineDays: 5, disclose: '收支明细（时间、事由、金额、经办人、审批人）' },
        ],
      },
      riskPoints: [
        { risk: '虚开发票、虚列支出、白条入账', level: '高', prevention: '监委会逐笔审核盖章，代理中心审核，白条一律不得入账。' },
        { risk: '大额现金支付、坐收坐支', level: '高', prevention: '一律非现金结算，收入及时足额入账。' },
        { risk: '长期不报账、年底突击报账', level: '低', prevention: '按月报账，超期未报的平台预警。' },
      ],
      disclosure: [{ what: '财务收支明细', when: '每月公开；收支较少的每季度公开，季度首月20日前' }],
      timeLimitDays: 21,
      materials: ['原始发票', '签字审批单', '验收单', '银行回单'],
      isService: false,
      summary: '实行“村账乡代管”：经办人取票、监委会审核盖章、书记主任审批、乡镇代理中心审核入账、非现金支付、按期公开。',
    },
  },
  {
    code: 'CW-02',
    content: {
      name: '村级资金使用审批',
      category: '财务管理',
      gbClass: '村务管理/财务管理',
      legalBasis: [FINANCE_RULES, act24(), SUPERVISION_2017],
      responsibilities: [
        { subject: '村民委员会（村集体经济组织）', duty: '提出用款申请，按审批权限报批，按批准用途使用资金。' },
        { subject: '村两委', duty: '集体研究用款；达到重大事项金额标准的按“四议两公开”决策。' },
        { subject: '村务监督委员会', duty: '事前审核用款依据和预算，事后监督使用。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '审核达到标准的大额用款。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出用款申请', role: 'village_accountant', deadlineDays: 2, materials: ['用款申请单（用途、金额、依据）', '预算科目'] },
          { id: 'supervisor_check', kind: 'review', name: '监委会审核用款依据', role: 'village_supervisor', deadlineDays: 3 },
          ...decisionSteps({ subject: '用款', when: MAJOR }),
          { id: 'township_check', kind: 'review', name: '乡镇审核大额用款', role: 'township_staff', deadlineDays: 5, when: MAJOR },
          { id: 'payment', kind: 'execution', name: '按批准用途支付', role: 'village_accountant', deadlineDays: 3, materials: ['银行转账回单'] },
          { id: 'publish', kind: 'disclosure', name: '资金使用公开', role: 'village_secretary', deadlineDays: 5, disclose: '用途、金额、审批过程' },
        ],
      },
      riskPoints: [
        { risk: '超越审批权限、“一支笔”审批', level: '高', prevention: '按金额分级审批，平台按金额自动加入决策和乡镇审核环节。' },
        { risk: '改变资金用途', level: '中', prevention: '支付时核对批准用途，监委会事后核查。' },
      ],
      disclosure: [{ what: '资金使用情况', when: '支付后随月度财务公开' }],
      timeLimitDays: 41,
      materials: ['用款申请单', '审批记录', '支付凭证'],
      isService: false,
      summary: '村集体资金按金额分级审批：一般用款由两委集体研究；达到重大事项金额标准的，经“四议”并报乡镇审核后方可支付。',
    },
  },
  {
    code: 'CW-03',
    content: {
      name: '村级采购',
      category: '财务管理',
      gbClass: '村务管理/财务管理',
      legalBasis: [FINANCE_RULES, act24(), SUPERVISION_2017, NINGHAI],
      responsibilities: [
        { subject: '村民委员会', duty: '提出采购需求，组织询价比选或进入乡镇平台采购，签订合同。' },
        { subject: '村务监督委员会', duty: '监督询价比选，参与验收。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '对达到标准的采购进行指导和监督。' },
      ],
      flow: {
        steps: [
          { id: 'request', kind: 'application', name: '提出采购需求', role: 'village_secretary', deadlineDays: 3, materials: ['采购清单', '预算', '资金来源'] },
          ...decisionSteps({ subject: '采购', when: MAJOR }),
          { id: 'purchase', kind: 'execution', name: '询价比选（不少于3家）或平台采购', role: 'village_secretary', deadlineDays: 10, materials: ['询价记录', '比选结果', '采购合同'], requiresVouchers: false, disclose: '供应商、价格' },
          { id: 'acceptance', kind: 'review', name: '验收入库（监委会参与）', role: 'village_supervisor', deadlineDays: 3, canReturn: false, materials: ['验收单'] },
          { id: 'payment', kind: 'execution', name: '报账付款', role: 'village_accountant', deadlineDays: 5, materials: ['发票', '验收单', '银行转账回单'] },
          { id: 'publish', kind: 'disclosure', name: '采购结果公开', role: 'village_secretary', deadlineDays: 3, disclose: '采购物品、数量、单价、供应商、金额' },
        ],
      },
      riskPoints: [
        { risk: '指定供应商、虚假询价、围标', level: '高', prevention: '不少于3家询价并留存记录，监委会现场监督；达到标准的进入乡镇平台。' },
        { risk: '拆分采购规避决策程序', level: '高', prevention: '同类采购年度累计金额预警。' },
        { risk: '以次充好、验收走过场', level: '中', prevention: '监委会参与验收并签字，拍照留痕。' },
      ],
      disclosure: [{ what: '采购结果', when: '验收付款后3个工作日内' }],
      timeLimitDays: 47,
      materials: ['采购清单', '询价记录', '采购合同', '验收单'],
      isService: false,
      summary: '村集体购买货物和服务：提出需求，两委集体研究（达到重大事项金额标准的经“四议”），询价比选或平台采购，监委会参与验收，结果公开。',
    },
  },
  {
    code: 'CW-04',
    content: {
      name: '村级劳务用工',
      category: '财务管理',
      gbClass: '村务管理/财务管理',
      legalBasis: ['《保障农民工工资支付条例》（国务院令第724号）', '《中华人民共和国民法典》合同编', NINGHAI],
      responsibilities: [
        { subject: '村民委员会', duty: '制定用工计划，公开招募，登记考勤，按时足额发放劳务报酬。' },
        { subject: '村务监督委员会', duty: '抽查考勤，审核工资表。' },
        { subject: '村报账员', duty: '凭审核后的工资表转账发放到劳务人员本人账户。' },
      ],
      flow: {
        steps: [
          { id: 'plan', kind: 'application', name: '提出用工计划', role: 'village_secretary', deadlineDays: 2, materials: ['用工计划（岗位、人数、天数、报酬标准）'] },
          { id: 'committee_study', kind: 'review', name: '两委联席会议研究', role: 'village_secretary', deadlineDays: 3, materials: ['会议记录'] },
          { id: 'recruit_notice', kind: 'notice', name: '用工信息公开招募', role: 'village_secretary', deadlineDays: 3, days: 3, disclose: '岗位、人数、报酬标准和报名方式' },
          { id: 'contract', kind: 'execution', name: '确定人员并签订劳务协议', role: 'village_secretary', deadlineDays: 3, requiresVouchers: false, materials: ['劳务协议', '人员名单'] },
          { id: 'attendance', kind: 'execution', name: '用工考勤登记', role: 'village_secretary', deadlineDays: 30, requiresVouchers: false, materials: ['考勤表（本人签字）', '现场照片'] },
          { id: 'payroll_check', kind: 'review', name: '监委会审核考勤和工资表', role: 'village_supervisor', deadlineDays: 3, canReturn: false, materials: ['工资表'] },
          { id: 'payment', kind: 'execution', name: '劳务报酬转账发放', role: 'village_accountant', deadlineDays: 3, materials: ['银行转账回单'] },
          { id: 'publish', kind: 'disclosure', name: '用工情况公开', role: 'village_secretary', deadlineDays: 3, disclose: '用工人员、天数、报酬' },
        ],
      },
      riskPoints: [
        { risk: '虚报用工人数和天数，套取劳务费', level: '高', prevention: '本人签字考勤并拍照，监委会抽查，报酬只转入本人账户。' },
        { risk: '优亲厚友，只用村干部亲属', level: '中', prevention: '公开招募，村干部近亲属参与的须申报回避。' },
        { risk: '拖欠劳务报酬', level: '中', prevention: '完工后按约定期限发放，超期平台预警。' },
      ],
      disclosure: [{ what: '用工人员、天数和报酬', when: '发放后3个工作日内' }],
      timeLimitDays: 50,
      materials: ['用工计划', '劳务协议', '考勤表', '工资表', '转账回单'],
      isService: false,
      summary: '村集体临时雇用保洁、绿化、小修等劳务人员：公开招募、签订协议、本人签字考勤、监委会审核、转账到本人、结果公开。',
    },
  },
  {
    code: 'CW-05',
    content: {
      name: '征地补偿款分配',
      category: '财务管理',
      gbClass: '村务管理/财务管理',
      legalBasis: ['《中华人民共和国土地管理法》第四十七条、第四十八条（征收土地的程序和补偿）', act24('第（七）项（征地补偿费的使用、分配方案）'), COLLECTIVE_ORG_LAW],
      responsibilities: [
        { subject: '村党组织', duty: '提出分配方案，保障每一位成员的合法权益。' },
        { subject: '村民委员会（村集体经济组织）', duty: '组织表决和公示，专户管理补偿款，直接发放到户。' },
        SUPERVISOR_DUTY,
        { subject: '乡镇人民政府（街道办事处）', duty: '审核分配方案的合法性，接受发放结果备案，处理异议。' },
      ],
      flow: {
        steps: [
          ...decisionSteps({ subject: '分配方案', resolvedBy: '村民会议（成员大会）' }),
          { id: 'township_check', kind: 'review', name: '乡镇审核分配方案', role: 'township_staff', deadlineDays: 10, canReturn: false, materials: ['分配方案', '表决记录', '分配名单'] },
          { id: 'list_notice', kind: 'notice', name: '分配名单和金额公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '分配对象、人数、每户金额（不公开身份证号和账号）' },
          { id: 'payment', kind: 'execution', name: '转账发放到户', role: 'village_accountant', deadlineDays: 5, materials: ['发放清册', '银行转账回单'] },
          { id: 'filing', kind: 'filing', name: '发放结果报乡镇备案', role: 'township_staff', deadlineDays: 3 },
          { id: 'publish', kind: 'disclosure', name: '分配结果公开', role: 'village_secretary', deadlineDays: 2, disclose: '补偿款总额、留存集体部分及用途、发放结果' },
        ],
      },
      riskPoints: [
        { risk: '分配方案剥夺外嫁女、新生儿等成员的合法权益', level: '高', prevention: '乡镇合法性审核，公示期内受理异议。' },
        { risk: '虚列人员冒领、截留挪用补偿款', level: '高', prevention: '专户管理，核对户籍，直接转账到户，监委会核对清册。' },
        { risk: '集体留存部分去向不明', level: '中', prevention: '留存部分纳入预算，按重大事项决策使用并公开。' },
      ],
      disclosure: [
        { what: '分配方案和表决结果', when: '决议后2个工作日内' },
        { what: '分配名单和金额', when: '发放前公示7天' },
        { what: '发放结果', when: '发放后2个工作日内' },
      ],
      timeLimitDays: 45,
      materials: ['征地补偿协议', '分配方案', '会议记录', '分配名单', '发放清册'],
      isService: false,
      summary: '集体所得的土地补偿费等，分配方案须经村民会议（成员大会）决定，乡镇审核，名单公示7天后直接发放到户。',
    },
  },
  {
    code: 'CW-06',
    content: {
      name: '集体经济收益分配',
      category: '财务管理',
      gbClass: '村务管理/财务管理',
      legalBasis: [COLLECTIVE_ORG_LAW, act24('第（二）项（集体经济所得收益的使用）'), FINANCE_RULES],
      responsibilities: [
        { subject: '村集体经济组织（村股份经济合作社）', duty: '核算年度收益，提取公积公益金后拟定分配方案，按成员份额分配。' },
        SUPERVISOR_DUTY,
        TOWNSHIP_DUTY,
      ],
      flow: {
        steps: [
          ...decisionSteps({ subject: '分配方案', resolvedBy: '村民代表会议（成员代表大会）' }),
          { id: 'township_check', kind: 'review', name: '乡镇审核分配方案', role: 'township_staff', deadlineDays: 10, canReturn: false, materials: ['年度收益核算', '分配方案'] },
          { id: 'list_notice', kind: 'notice', name: '分配明细公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '每户份额和金额' },
          { id: 'payment', kind: 'execution', name: '转账发放', role: 'village_accountant', deadlineDays: 5, materials: ['发放清册', '银行转账回单'] },
          { id: 'publish', kind: 'disclosure', name: '分配结果公开', role: 'village_secretary', deadlineDays: 2 },
        ],
      },
      riskPoints: [
        { risk: '无收益或亏损时举债分配、虚增收益分配', level: '高', prevention: '以经审核的年度决算为依据，乡镇审核方案。' },
        { risk: '不提取公积公益金或分配不按份额', level: '中', prevention: '方案经成员大会表决并公示明细。' },
      ],
      disclosure: [
        { what: '年度收益和分配方案', when: '表决后2个工作日内' },
        { what: '分配明细', when: '发放前公示7天' },
      ],
      timeLimitDays: 42,
      materials: ['年度决算', '分配方案', '表决记录', '发放清册'],
      isService: false,
      summary: '集体经营收益在弥补亏损、提取公积公益金后，按成员份额分配；方案经成员（代表）大会表决、乡镇审核、公示后发放。',
    },
  },
  {
    code: 'CW-07',
    content: {
      name: '村干部误工补贴标准确定与发放',
      category: '财务管理',
      gbClass: '村务管理/财务管理',
      legalBasis: [act24('第（一）项（享受误工补贴的人员及补贴标准）'), FINANCE_RULES],
      responsibilities: [
        { subject: '村两委', duty: '提出享受误工补贴的人员、标准和考核办法。' },
        { subject: '村民代表会议', duty: '表决误工补贴人员及标准。' },
        { subject: '村务监督委员会', duty: '审核误工登记和发放表。' },
        TOWNSHIP_DUTY,
      ],
      flow: {
        steps: [
          ...decisionSteps({ subject: '误工补贴人员及标准' }),
          { id: 'filing', kind: 'filing', name: '补贴标准报乡镇备案', role: 'township_staff', deadlineDays: 5 },
          { id: 'register', kind: 'execution', name: '误工登记和考核', role: 'village_secretary', deadlineDays: 20, requiresVouchers: false, materials: ['误工登记表'] },
          { id: 'supervisor_check', kind: 'review', name: '监委会审核发放表', role: 'village_supervisor', deadlineDays: 3, canReturn: false },
          { id: 'payment', kind: 'execution', name: '转账发放', role: 'village_accountant', deadlineDays: 3, materials: ['发放表', '银行转账回单'] },
          { id: 'publish', kind: 'disclosure', name: '误工补贴发放公开', role: 'village_secretary', deadlineDays: 3, disclose: '人员、天数、标准和金额' },
        ],
      },
      riskPoints: [
        { risk: '自定标准、超标准发放', level: '高', prevention: '标准须经村民代表会议表决并备案，发放按标准核对。' },
        { risk: '虚报误工天数', level: '中', prevention: '误工登记写明事由，监委会审核并公开。' },
      ],
      disclosure: [{ what: '误工补贴人员、标准和发放情况', when: '标准决议后公开；发放按季度公开' }],
      timeLimitDays: 54,
      materials: ['补贴方案', '会议记录', '误工登记表', '发放表'],
      isService: false,
      summary: '享受误工补贴的人员和标准由村民（代表）会议决定，报乡镇备案；按登记考核发放，监委会审核，定期公开。',
    },
  },

  // ── 资产资源 ──────────────────────────────────────────────────────────────
  {
    code: 'ZC-01',
    content: {
      name: '集体资产资源处置',
      category: '资产资源',
      gbClass: '村务管理/集体资产资源管理',
      legalBasis: [act24('第（八）项（以借贷、租赁或者其他方式处分村集体财产）'), COLLECTIVE_ORG_LAW, '《国务院办公厅关于引导农村产权流转交易市场健康发展的意见》（国办发〔2014〕71号）', '《中共中央 国务院关于稳步推进农村集体产权制度改革的意见》（2016年）'],
      responsibilities: [
        { subject: '村民委员会（村集体经济组织）', duty: '提出处置方案，委托评估，组织公开交易，签订合同。' },
        { subject: '村党组织', duty: '把关处置的必要性，组织“四议”。' },
        SUPERVISOR_DUTY,
        { subject: '乡镇人民政府（街道办事处）', duty: '审核处置方式和底价，组织农村产权公开交易，接受合同备案。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出处置方案', role: 'village_secretary', deadlineDays: 5, materials: ['资产清单', '处置理由', '资产评估报告'] },
          ...decisionSteps({ subject: '处置方案', when: MAJOR }),
          { id: 'township_check', kind: 'review', name: '乡镇审核处置方式和底价', role: 'township_staff', deadlineDays: 5 },
          { id: 'bidding_notice', kind: 'notice', name: '农村产权交易平台公开竞价公告', role: 'township_staff', deadlineDays: 5, days: 7, when: OPEN_BIDDING, disclose: '标的、底价、竞买条件和时间' },
          { id: 'transaction', kind: 'execution', name: '竞价成交并签订合同', role: 'village_secretary', deadlineDays: 10, materials: ['竞价记录', '成交确认书', '处置合同'] },
          { id: 'filing', kind: 'filing', name: '处置合同报乡镇备案', role: 'township_staff', deadlineDays: 3 },
          { id: 'publish', kind: 'disclosure', name: '处置结果公开', role: 'village_secretary', deadlineDays: 2, disclose: '标的、成交价、受让方、价款收取情况' },
        ],
      },
      riskPoints: [
        { risk: '低价处置、暗箱操作、利益输送', level: '高', prevention: '评估定底价，达到公开交易标准的进入农村产权交易平台公开竞价。' },
        { risk: '村干部及其近亲属参与竞买', level: '高', prevention: '竞买人须承诺并申报关系，村干部、监委会成员及其近亲属不得竞买。' },
        { risk: '处置价款未及时入账', level: '中', prevention: '价款直接进入村集体账户，平台核对合同与入账。' },
      ],
      disclosure: [
        { what: '处置方案和决议', when: '决议后2个工作日内' },
        { what: '处置结果', when: '成交后2个工作日内' },
      ],
      timeLimitDays: 53,
      materials: ['资产清单', '评估报告', '会议记录', '成交确认书', '合同'],
      isService: false,
      summary: '出售、转让、报废集体资产和处置集体资源：评估定价，两委集体研究（达到重大事项金额标准的经“四议”），乡镇审核；达到公开交易标准的须公开竞价。',
    },
  },
  {
    code: 'ZC-02',
    content: {
      name: '集体资产资源出租（发包）',
      category: '资产资源',
      gbClass: '村务管理/集体资产资源管理',
      legalBasis: [act24('第（八）项（以借贷、租赁或者其他方式处分村集体财产）'), COLLECTIVE_ORG_LAW, '《国务院办公厅关于引导农村产权流转交易市场健康发展的意见》（国办发〔2014〕71号）', NINGHAI],
      responsibilities: [
        { subject: '村民委员会（村集体经济组织）', duty: '提出出租方案，组织公开招租，签订合同，按期收取租金。' },
        SUPERVISOR_DUTY,
        { subject: '乡镇人民政府（街道办事处）', duty: '审核出租方案，组织公开交易，接受合同备案，监督租金收缴。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出出租方案', role: 'village_secretary', deadlineDays: 5, materials: ['资产资源清单', '出租方案（用途、期限、底价）'] },
          ...decisionSteps({ subject: '出租方案', when: MAJOR }),
          { id: 'township_check', kind: 'review', name: '乡镇审核出租方案', role: 'township_staff', deadlineDays: 5 },
          { id: 'bidding_notice', kind: 'notice', name: '公开招租公告', role: 'township_staff', deadlineDays: 5, days: 7, when: OPEN_BIDDING, disclose: '标的、租期、底价和竞租条件' },
          { id: 'contract', kind: 'execution', name: '竞租成交并签订租赁合同', role: 'village_secretary', deadlineDays: 10, materials: ['竞租记录', '租赁合同'] },
          { id: 'filing', kind: 'filing', name: '租赁合同报乡镇备案', role: 'township_staff', deadlineDays: 3 },
          { id: 'publish', kind: 'disclosure', name: '出租结果和租金收缴公开', role: 'village_secretary', deadlineDays: 2, disclose: '承租方、租期、租金及每期收缴情况' },
        ],
      },
      riskPoints: [
        { risk: '低价出租、租期过长或一次性预收跨届租金', level: '高', prevention: '公开招租，长期租赁须经“四议”，不得预收跨届租金。' },
        { risk: '租金拖欠、合同到期不收回', level: '中', prevention: '租金逾期2个月、合同到期前平台预警。' },
        { risk: '村干部及其近亲属低价承租', level: '高', prevention: '申报关系并回避，不得参与竞租。' },
      ],
      disclosure: [
        { what: '招租结果和合同主要条款', when: '签约后2个工作日内' },
        { what: '租金收缴情况', when: '随季度财务公开' },
      ],
      timeLimitDays: 53,
      materials: ['出租方案', '会议记录', '竞租记录', '租赁合同'],
      isService: false,
      summary: '出租厂房、店面、山林、水面等集体资产资源：两委集体研究（达到重大事项金额标准的经“四议”），达到公开交易标准的公开招租，合同备案，租金按期收缴并公开。',
    },
  },
  {
    code: 'ZC-03',
    content: {
      name: '农村土地承包（集体土地发包）',
      category: '资产资源',
      gbClass: '村务管理/集体资产资源管理',
      legalBasis: ['《中华人民共和国农村土地承包法》第十九条（承包程序）、第五十二条（发包给本集体经济组织以外的单位或者个人）', act24('第（四）项（土地承包经营方案）')],
      responsibilities: [
        { subject: '发包方（村集体经济组织或村民委员会）', duty: '拟定承包方案，依法组织表决和公开发包，签订承包合同。' },
        SUPERVISOR_DUTY,
        { subject: '乡镇人民政府（街道办事处）', duty: '审核承包方案；发包给本集体以外单位或个人的予以审批；合同备案。' },
      ],
      flow: {
        steps: [
          ...decisionSteps({ subject: '承包方案', resolvedBy: '村民会议（三分之二以上同意）' }),
          { id: 'township_approval', kind: 'review', name: '乡镇审核（外包须批准）', role: 'township_staff', deadlineDays: 10, canReturn: false },
          { id: 'tender_notice', kind: 'notice', name: '发包公告', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '地块、面积、期限、底价和承包方式' },
          { id: 'contract', kind: 'execution', name: '公开发包并签订承包合同', role: 'village_secretary', deadlineDays: 10, materials: ['承包合同', '竞包记录'] },
          { id: 'filing', kind: 'filing', name: '承包合同报乡镇备案', role: 'township_staff', deadlineDays: 3 },
          { id: 'publish', kind: 'disclosure', name: '承包结果公开', role: 'village_secretary', deadlineDays: 2, disclose: '承包方、地块、面积、期限、承包费' },
        ],
      },
      riskPoints: [
        { risk: '未经三分之二以上同意即发包，或发包给外村人未经乡镇批准', level: '高', prevention: '表决记录和乡镇审批齐全后方可签约。' },
        { risk: '暗箱操作、低价发包、承包费不入账', level: '高', prevention: '公开发包，承包费直接进入村集体账户，结果公开。' },
      ],
      disclosure: [{ what: '承包方案和发包结果', when: '决议后和签约后2个工作日内' }],
      timeLimitDays: 50,
      materials: ['承包方案', '会议记录', '承包合同'],
      isService: false,
      summary: '集体机动地、“四荒”地等的发包：承包方案经村民会议三分之二以上成员（或代表）同意，发包给本集体以外的报乡镇批准，公开发包，合同备案。',
    },
  },
  {
    code: 'ZC-04',
    content: {
      name: '土地经营权流转',
      category: '资产资源',
      gbClass: '村务管理/集体资产资源管理',
      legalBasis: ['《中华人民共和国农村土地承包法》第三十六条至第四十七条（土地经营权）', '《农村土地经营权流转管理办法》（农业农村部令2021年第1号）'],
      responsibilities: [
        { subject: '承包农户', duty: '自主决定是否流转；委托村集体流转的出具书面委托书。' },
        { subject: '村民委员会（村集体经济组织）', duty: '受托组织流转，不得强迫或阻碍，不得截留流转收益。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '审查受让方资格和经营能力，指导使用合同示范文本，合同备案。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '登记流转申请（含农户书面委托）', role: 'village_secretary', deadlineDays: 3, materials: ['流转申请', '农户书面委托书', '承包经营权证明'] },
          { id: 'township_check', kind: 'review', name: '审查受让方资格和经营项目', role: 'township_staff', deadlineDays: 10, materials: ['受让方资信和经营方案'] },
          { id: 'notice', kind: 'notice', name: '流转信息公示', role: 'village_secretary', deadlineDays: 4, days: 5, disclose: '地块、面积、期限、流转价格、受让方' },
          { id: 'contract', kind: 'execution', name: '签订流转合同（示范文本）', role: 'village_secretary', deadlineDays: 5, requiresVouchers: false, materials: ['流转合同'] },
          { id: 'filing', kind: 'filing', name: '流转合同报乡镇备案', role: 'township_staff', deadlineDays: 5 },
          { id: 'publish', kind: 'disclosure', name: '流转结果公开', role: 'village_secretary', deadlineDays: 2 },
        ],
      },
      riskPoints: [
        { risk: '违背农户意愿强迫流转或以少数服从多数名义统一流转', level: '高', prevention: '必须有农户本人书面委托，公示期内受理异议。' },
        { risk: '截留、扣缴流转收益', level: '高', prevention: '流转费直接支付给农户，村集体服务费须事先约定并公开。' },
        { risk: '改变土地农业用途，“非农化”“非粮化”', level: '中', prevention: '乡镇审查经营项目，定期巡查。' },
      ],
      disclosure: [{ what: '流转信息和结果', when: '签约前公示5天，备案后公开' }],
      timeLimitDays: 29,
      materials: ['流转申请', '书面委托书', '流转合同'],
      isService: true,
      summary: '承包农户依法自愿有偿流转土地经营权；村集体受委托组织流转的须有书面委托，向工商企业等社会资本流转的由乡镇审查资格，合同备案。',
    },
  },
  {
    code: 'ZC-05',
    content: {
      name: '村集体经营性项目立项与实施',
      category: '资产资源',
      gbClass: '村务管理/集体资产资源管理',
      legalBasis: [act24('第（五）项（村集体经济项目的立项、承包方案）'), COLLECTIVE_ORG_LAW],
      responsibilities: [
        { subject: '村集体经济组织', duty: '论证项目可行性，经决策后组织实施，独立核算。' },
        SUPERVISOR_DUTY,
        { subject: '乡镇人民政府（街道办事处）', duty: '审核投资风险和资金来源，监督实施。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出项目建议（可行性论证）', role: 'village_secretary', deadlineDays: 10, materials: ['项目建议书', '可行性分析', '资金来源说明'] },
          ...decisionSteps({ subject: '项目' }),
          { id: 'township_check', kind: 'review', name: '乡镇审核投资风险', role: 'township_staff', deadlineDays: 10 },
          { id: 'execution', kind: 'execution', name: '组织实施', role: 'village_secretary', deadlineDays: 60, materials: ['合同', '支出凭证'] },
          { id: 'publish', kind: 'disclosure', name: '项目实施和收益公开', role: 'village_secretary', deadlineDays: 5, disclose: '投资、进度、收益' },
        ],
      },
      riskPoints: [
        { risk: '盲目投资、违规举债、为他人提供担保', level: '高', prevention: '可行性论证、乡镇审核；禁止村集体为他人提供担保。' },
        { risk: '项目收益流失', level: '中', prevention: '独立核算，收益纳入村集体账户并公开。' },
      ],
      disclosure: [{ what: '项目决议、投资和收益', when: '决议后公开；收益每年公开' }],
      timeLimitDays: 105,
      materials: ['项目建议书', '会议记录', '合同'],
      isService: false,
      summary: '村集体投资兴办物业、农业、服务等经营性项目，须论证并经“四议两公开”，乡镇审核后实施，收益公开。',
    },
  },
  {
    code: 'ZC-06',
    content: {
      name: '宅基地自愿有偿退出',
      category: '资产资源',
      gbClass: '村务管理/集体资产资源管理',
      legalBasis: ['《中华人民共和国土地管理法》第六十二条（鼓励进城落户村民依法自愿有偿退出宅基地）', '《农业农村部关于积极稳妥开展农村闲置宅基地和闲置住宅盘活利用工作的通知》（农经发〔2019〕4号）'],
      responsibilities: [
        { subject: '申请农户', duty: '自愿提出申请，如实提供权属和家庭成员意见。' },
        { subject: '村集体经济组织（村民委员会）', duty: '审核权属，公示，签订退出协议，支付补偿。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '审核批准，办理或协助办理不动产注销登记。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '农户提出退出申请', role: 'village_secretary', deadlineDays: 3, materials: ['退出申请书', '不动产权证或宅基地批准书', '户口簿', '家庭成员同意书', '另有住所的承诺'] },
          { id: 'village_check', kind: 'review', name: '村级审核权属和补偿标准', role: 'village_secretary', deadlineDays: 5 },
          { id: 'notice', kind: 'notice', name: '退出信息公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '户主、宅基地位置、面积、补偿金额' },
          { id: 'township_approval', kind: 'review', name: '乡镇审核批准', role: 'township_staff', deadlineDays: 15, canReturn: false },
          { id: 'agreement', kind: 'execution', name: '签订退出协议并支付补偿', role: 'village_secretary', deadlineDays: 10, materials: ['退出协议', '补偿支付凭证'] },
          { id: 'filing', kind: 'filing', name: '乡镇备案并办理注销登记', role: 'township_staff', deadlineDays: 10 },
          { id: 'publish', kind: 'disclosure', name: '退出结果公开', role: 'village_secretary', deadlineDays: 2 },
        ],
      },
      riskPoints: [
        { risk: '强迫或变相强迫农户退出', level: '高', prevention: '以农户书面自愿申请为前提，公示期内受理异议。' },
        { risk: '补偿标准不一、优亲厚友', level: '中', prevention: '补偿标准经集体决定并公开，逐户公示。' },
      ],
      disclosure: [{ what: '退出户、面积和补偿金额', when: '审批前公示7天；完成后公开' }],
      timeLimitDays: 50,
      materials: ['退出申请书', '权属证明', '退出协议'],
      isService: true,
      summary: '进城落户等农户自愿有偿退出宅基地：本人申请、村级审核、公示、乡镇批准，签订协议、支付补偿后办理注销登记，退出的宅基地由集体统筹利用。',
    },
  },

  // ── 工程项目 ──────────────────────────────────────────────────────────────
  {
    code: 'GC-01',
    content: {
      name: '村级小型工程项目建设',
      category: '工程项目',
      gbClass: '村务管理/工程项目管理',
      legalBasis: [act24('第（三）项（公益事业的兴办和建设承包方案）'), SUPERVISION_2017, GOVERNANCE_2019, NINGHAI],
      responsibilities: [
        { subject: '村民委员会', duty: '项目立项、组织施工、验收和结算，按规定公开。' },
        { subject: '村党组织', duty: '组织“四议”，对项目决策负责。' },
        { subject: '村务监督委员会', duty: '监督项目审批、招投标、预算、施工质量和竣工验收。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '审核立项和预算，备案，指导招投标和验收。' },
      ],
      flow: {
        steps: [
          { id: 'request', kind: 'application', name: '提出项目建设需求', role: 'village_secretary', deadlineDays: 5, materials: ['项目建议书', '初步设计和预算', '资金来源说明'] },
          ...decisionSteps({ subject: '项目', when: MAJOR }),
          { id: 'filing', kind: 'filing', name: '立项和预算报乡镇备案', role: 'township_staff', deadlineDays: 5, materials: ['立项决议', '工程预算'] },
          { id: 'contractor', kind: 'execution', name: '确定施工单位（招投标或比选）', role: 'village_secretary', deadlineDays: 20, requiresVouchers: false, materials: ['招投标或比选记录', '施工合同'] },
          { id: 'construction', kind: 'execution', name: '组织施工，监委会全程监督', role: 'village_secretary', deadlineDays: 60, requiresVouchers: false, materials: ['施工日志', '监督记录', '隐蔽工程影像'] },
          { id: 'acceptance', kind: 'review', name: '竣工验收', role: 'village_supervisor', deadlineDays: 10, canReturn: false, materials: ['验收报告（两委、监委会、村民代表签字）'] },
          { id: 'settlement', kind: 'execution', name: '工程结算付款', role: 'village_accountant', deadlineDays: 10, materials: ['结算审核书', '发票', '银行转账回单'] },
          { id: 'publish', kind: 'disclosure', name: '实施结果公开', role: 'village_secretary', deadlineDays: 5, disclose: '施工单位、合同价、变更、验收结论、结算金额' },
        ],
      },
      riskPoints: [
        { risk: '化整为零规避招投标和决策程序', level: '高', prevention: '同一项目累计金额预警，乡镇备案时审查。' },
        { risk: '村干部及其近亲属承揽工程', level: '高', prevention: '负面清单禁止；施工单位须申报关联关系。' },
        { risk: '偷工减料、虚增工程量', level: '高', prevention: '监委会全程监督，隐蔽工程拍照留痕，结算经审核。' },
        { risk: '未验收先付款、超合同付款', level: '中', prevention: '平台要求验收报告后方可结算付款。' },
      ],
      disclosure: [
        { what: '项目立项和决议', when: '决议后2个工作日内' },
        { what: '施工单位、合同价', when: '签约后2个工作日内' },
        { what: '验收和结算结果', when: '结算后5个工作日内' },
      ],
      timeLimitDays: 138,
      materials: ['项目建议书', '会议记录', '施工合同', '验收报告', '结算审核书'],
      isService: false,
      summary: '村道、水利、环境整治等村级小型工程：立项经两委集体研究（达到重大事项金额标准的经“四议”），报乡镇备案，依规确定施工单位，监委会全程监督，验收后结算并公开。',
    },
  },
  {
    code: 'GC-02',
    content: {
      name: '村级工程项目招投标',
      category: '工程项目',
      gbClass: '村务管理/工程项目管理',
      legalBasis: ['《中华人民共和国招标投标法》（依法必须招标以外的村级项目参照执行）', SUPERVISION_2017, NINGHAI],
      responsibilities: [
        { subject: '村民委员会（招标人）', duty: '提出招标申请，提供招标需求，签订合同。' },
        { subject: '乡镇公共资源（农村产权）交易中心', duty: '审核招标方案，发布公告，组织开标评标。' },
        { subject: '村务监督委员会', duty: '全程监督开标、评标，核对中标结果。' },
        { subject: '乡镇纪委', duty: '对招投标过程进行监督，受理投诉举报。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出招标申请', role: 'village_secretary', deadlineDays: 3, materials: ['项目决策记录', '工程预算', '招标需求'] },
          { id: 'plan_check', kind: 'review', name: '乡镇交易中心审核招标方案', role: 'township_staff', deadlineDays: 5 },
          { id: 'tender_notice', kind: 'notice', name: '发布招标公告', role: 'township_staff', deadlineDays: 5, days: 7, disclose: '项目概况、投标人资格、控制价、开标时间' },
          { id: 'evaluation', kind: 'execution', name: '开标评标（监委会到场监督）', role: 'township_staff', deadlineDays: 3, requiresVouchers: false, materials: ['投标文件', '评标记录', '监督签字'] },
          { id: 'award_notice', kind: 'notice', name: '中标候选人公示', role: 'township_staff', deadlineDays: 3, days: 3, disclose: '中标候选人、投标报价' },
          { id: 'contract', kind: 'execution', name: '签订施工合同', role: 'village_secretary', deadlineDays: 5, requiresVouchers: false, materials: ['中标通知书', '施工合同'] },
          { id: 'filing', kind: 'filing', name: '合同报乡镇备案', role: 'township_staff', deadlineDays: 3 },
          { id: 'publish', kind: 'disclosure', name: '招投标结果公开', role: 'village_secretary', deadlineDays: 2, disclose: '中标单位、中标价、工期' },
        ],
      },
      riskPoints: [
        { risk: '量身定制资格条件、围标串标', level: '高', prevention: '乡镇审核招标方案，交易中心组织，监委会和乡镇纪委监督。' },
        { risk: '中标后转包、违法分包', level: '中', prevention: '合同约定禁止转包，施工中核对项目负责人到岗。' },
        { risk: '未招先建、规避招标', level: '高', prevention: '平台要求中标通知书后方可登记开工。' },
      ],
      disclosure: [
        { what: '招标公告', when: '开标前不少于7天' },
        { what: '中标候选人', when: '评标后公示3天' },
        { what: '中标结果和合同主要条款', when: '签约后2个工作日内' },
      ],
      timeLimitDays: 29,
      materials: ['招标需求', '招标文件', '评标记录', '中标通知书', '施工合同'],
      isService: false,
      summary: '工程造价达到区定招标标准（常见为5万元）的村级工程，进入乡镇交易平台公开招标；以下的可比选或询价，程序参照执行，村干部及其近亲属不得参与。',
    },
  },
  {
    code: 'GC-03',
    content: {
      name: '工程项目变更（签证）审批',
      category: '工程项目',
      gbClass: '村务管理/工程项目管理',
      legalBasis: [SUPERVISION_2017, act24(), NINGHAI],
      responsibilities: [
        { subject: '村民委员会', duty: '提出变更理由和预算，按权限报批。' },
        { subject: '村务监督委员会', duty: '现场核实变更的必要性和工程量。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '审核达到标准的变更。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出变更申请', role: 'village_secretary', deadlineDays: 2, materials: ['变更理由', '变更工程量和预算', '现场照片'] },
          { id: 'site_check', kind: 'review', name: '监委会现场核实', role: 'village_supervisor', deadlineDays: 3, materials: ['现场核实记录'] },
          ...decisionSteps({ subject: '变更', when: MAJOR }),
          { id: 'township_check', kind: 'review', name: '乡镇审核变更', role: 'township_staff', deadlineDays: 5, when: MAJOR },
          { id: 'filing', kind: 'filing', name: '变更签证报乡镇备案', role: 'township_staff', deadlineDays: 3 },
          { id: 'publish', kind: 'disclosure', name: '变更情况公开', role: 'village_secretary', deadlineDays: 2, disclose: '变更内容、理由和金额' },
        ],
      },
      riskPoints: [
        { risk: '低价中标、高价变更，虚增工程量', level: '高', prevention: '变更须现场核实并留影像，达到标准的重新决策并报乡镇审核。' },
        { risk: '先施工后补签证', level: '中', prevention: '未经批准的变更不予结算。' },
      ],
      disclosure: [{ what: '变更内容、理由和金额', when: '批准后2个工作日内' }],
      timeLimitDays: 38,
      materials: ['变更申请', '现场核实记录', '审批记录'],
      isService: false,
      summary: '施工中增减工程量或变更设计须事先报批：监委会现场核实，两委集体研究；变更金额达到重大事项标准的经“四议”并报乡镇审核，未批先做的不予结算。',
    },
  },

  // ── 民生保障 ──────────────────────────────────────────────────────────────
  {
    code: 'MS-01',
    content: {
      name: '最低生活保障（低保）申请',
      category: '民生保障',
      gbClass: '村务服务/社会保障',
      legalBasis: [`${SOCIAL_ASSISTANCE}第二章（最低生活保障）`, '民政部《最低生活保障审核确认办法》（民发〔2021〕57号）'],
      responsibilities: [
        { subject: '乡镇人民政府（街道办事处）', duty: '受理、家庭经济状况调查和审核确认（县级民政部门委托的）；不予确认的书面告知理由。' },
        { subject: '村民委员会', duty: '协助受理（代办）、入户调查、组织民主评议和公示。' },
        { subject: '村务监督委员会', duty: '监督评议和公示，发现优亲厚友等问题向乡镇报告。' },
        { subject: '县级民政部门', duty: '指导监督，开展抽查和信息核对。' },
      ],
      flow: {
        steps: [
          {
            id: 'apply',
            kind: 'application',
            name: '提出申请（村代办受理）',
            role: 'village_secretary',
            deadlineDays: 2,
            materials: ['低保申请书', '户口簿和身份证', '家庭收入和财产状况申报', '经济状况核对授权书', '近亲属关系申报'],
          },
          { id: 'village_review', kind: 'review', name: '入户调查和民主评议', role: 'village_secretary', deadlineDays: 8, materials: ['入户调查表', '民主评议记录'], disclose: '调查和评议已完成' },
          { id: 'notice', kind: 'notice', name: '申请人及调查结果公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '申请人姓名、家庭人口、拟保障金额（不公开身份证号等隐私）' },
          { id: 'township_confirm', kind: 'review', name: '乡镇审核确认', role: 'township_staff', deadlineDays: 10, materials: ['调查核对报告', '公示情况'], disclose: '不予确认的，3个工作日内书面告知理由' },
          { id: 'filing', kind: 'filing', name: '登记备案（近亲属单独备案）', role: 'township_staff', deadlineDays: 3 },
          { id: 'publish', kind: 'disclosure', name: '保障结果公开', role: 'village_secretary', deadlineDays: 2, disclose: '低保对象姓名、保障人数和保障金额，在村务公开栏长期公布' },
        ],
      },
      riskPoints: [
        { risk: '优亲厚友，“人情保”“关系保”', level: '高', prevention: '村干部和经办人员近亲属申请的须申报，乡镇单独备案并逐户入户核查。' },
        { risk: '错保漏保，不符合条件仍享受', level: '中', prevention: '与车辆、房产、工商、公职人员、死亡等信息比对，定期复核。' },
        { risk: '公示走过场或泄露个人隐私', level: '中', prevention: '公示7天并受理异议，只公开必要信息。' },
      ],
      disclosure: [
        { what: '申请人和拟保障金额', when: '乡镇确认前公示7天' },
        { what: '低保对象名单和保障金额', when: '确认后长期公布，动态更新' },
      ],
      timeLimitDays: 30,
      materials: ['低保申请书', '户口簿和身份证', '收入和财产申报', '核对授权书', '近亲属关系申报'],
      isService: true,
      summary: '家庭人均收入低于当地低保标准且财产符合规定的，可以户为单位申请。公示7天无异议的，乡镇在10个工作日内确认；全程一般30个工作日，最长不超过45个工作日。',
    },
  },
  {
    code: 'MS-02',
    content: {
      name: '特困人员救助供养申请',
      category: '民生保障',
      gbClass: '村务服务/社会保障',
      legalBasis: [`${SOCIAL_ASSISTANCE}第三章（特困人员供养）`, '民政部《特困人员认定办法》（民发〔2021〕43号）', '《国务院关于进一步健全特困人员救助供养制度的意见》（国发〔2016〕14号）'],
      responsibilities: [
        { subject: '乡镇人民政府（街道办事处）', duty: '受理申请，调查核实，提出审核意见，报县级民政部门确认。' },
        { subject: '村民委员会', duty: '代为申请（本人申请困难的），协助调查，组织公示。' },
        { subject: '县级民政部门', duty: '确认特困人员身份，确定供养形式。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出申请（可由村代为申请）', role: 'village_secretary', deadlineDays: 3, materials: ['申请书', '户口簿和身份证', '收入和财产状况说明', '赡养、抚养、扶养义务人情况'] },
          { id: 'investigation', kind: 'review', name: '乡镇调查核实', role: 'township_staff', deadlineDays: 15, materials: ['入户调查表', '核对报告'] },
          { id: 'notice', kind: 'notice', name: '调查结果公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '申请人姓名和调查结果（不公开隐私）' },
          { id: 'confirm', kind: 'review', name: '县级民政部门确认', role: 'township_staff', deadlineDays: 15, canReturn: false, disclose: '不予确认的书面告知理由' },
          { id: 'filing', kind: 'filing', name: '登记备案，确定供养形式', role: 'township_staff', deadlineDays: 5, materials: ['供养方式（集中或分散）'] },
          { id: 'publish', kind: 'disclosure', name: '救助供养结果公开', role: 'village_secretary', deadlineDays: 2 },
        ],
      },
      riskPoints: [
        { risk: '有法定赡养能力人的老年人被认定为特困', level: '中', prevention: '调查法定义务人的赡养能力，信息比对。' },
        { risk: '分散供养资金被截留或代领', level: '高', prevention: '资金直接发放到本人账户，定期探访。' },
      ],
      disclosure: [{ what: '特困人员名单', when: '确认后公开，动态更新' }],
      timeLimitDays: 45,
      materials: ['申请书', '户口簿和身份证', '收入和财产状况说明'],
      isService: true,
      summary: '无劳动能力、无生活来源、无法定赡养抚养扶养义务人（或其无履行能力）的老年人、残疾人和未成年人，可申请特困人员救助供养。',
    },
  },
  {
    code: 'MS-03',
    content: {
      name: '临时救助申请',
      category: '民生保障',
      gbClass: '村务服务/社会保障',
      legalBasis: [`${SOCIAL_ASSISTANCE}第十章（临时救助）`, '《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）'],
      responsibilities: [
        { subject: '乡镇人民政府（街道办事处）', duty: '审核审批（或按授权审批小额救助），急难情况先行救助。' },
        { subject: '村民委员会', duty: '代为申请，核实情况，组织公示。' },
        SUPERVISOR_DUTY,
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出申请（村代办）', role: 'village_secretary', deadlineDays: 2, materials: ['临时救助申请书', '户口簿和身份证', '遭遇困难的证明（医疗票据、事故证明等）'] },
          { id: 'village_check', kind: 'review', name: '村级核实情况', role: 'village_secretary', deadlineDays: 3, materials: ['核实记录'] },
          { id: 'notice', kind: 'notice', name: '救助申请公示', role: 'village_secretary', deadlineDays: 3, days: 5, disclose: '申请人姓名、困难事由、拟救助金额' },
          { id: 'township_approval', kind: 'review', name: '乡镇审核审批', role: 'township_staff', deadlineDays: 5 },
          { id: 'publish', kind: 'disclosure', name: '救助结果公开', role: 'village_secretary', deadlineDays: 2 },
        ],
      },
      riskPoints: [
        { risk: '救助金“撒胡椒面”或优亲厚友', level: '中', prevention: '按困难程度确定金额，公示并受理异议。' },
        { risk: '同一事由重复救助', level: '中', prevention: '平台比对同一家庭同一事由的救助记录。' },
      ],
      disclosure: [{ what: '救助对象、事由和金额', when: '审批后按月公开' }],
      timeLimitDays: 15,
      materials: ['申请书', '困难证明', '核实记录'],
      isService: true,
      summary: '因火灾、交通事故、突发重病等导致基本生活暂时困难的家庭或个人可申请；情况紧急的可先行救助，事后补办手续。',
    },
  },
  {
    code: 'MS-04',
    content: {
      name: '残疾人两项补贴申请',
      category: '民生保障',
      gbClass: '村务服务/社会保障',
      legalBasis: ['《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）', '《中华人民共和国残疾人保障法》'],
      responsibilities: [
        { subject: '村民委员会', duty: '代办申请，核实户籍、残疾等级和生活状况。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '初审，报县级残联审核、民政部门审定。' },
        { subject: '县级民政部门、残联', duty: '审核审定，按月发放到本人账户。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出申请（村代办）', role: 'village_secretary', deadlineDays: 2, materials: ['第二代残疾人证', '户口簿和身份证', '低保或困难证明（申请生活补贴的）', '本人银行账户'] },
          { id: 'village_check', kind: 'review', name: '村级核实', role: 'village_secretary', deadlineDays: 5 },
          { id: 'township_check', kind: 'review', name: '乡镇初审', role: 'township_staff', deadlineDays: 10 },
          { id: 'county_decide', kind: 'review', name: '县残联审核、民政部门审定', role: 'township_staff', deadlineDays: 15, canReturn: false },
          { id: 'publish', kind: 'disclosure', name: '补贴对象名单公开', role: 'village_secretary', deadlineDays: 2, disclose: '补贴对象、补贴类别和金额' },
        ],
      },
      riskPoints: [
        { risk: '死亡或不再符合条件仍领取', level: '中', prevention: '与死亡、户籍、低保数据定期比对，动态调整。' },
        { risk: '补贴被他人代领截留', level: '中', prevention: '发放到本人或监护人账户。' },
      ],
      disclosure: [{ what: '补贴对象名单', when: '审定后公开，动态更新' }],
      timeLimitDays: 34,
      materials: ['残疾人证', '户口簿和身份证', '银行账户'],
      isService: true,
      summary: '困难残疾人生活补贴和重度残疾人护理补贴：持第二代残疾人证的残疾人或其监护人申请，村代办，乡镇初审，县级审核审定后按月发放。',
    },
  },
  {
    code: 'MS-05',
    content: {
      name: '高龄津贴申请',
      category: '民生保障',
      gbClass: '村务服务/社会保障',
      legalBasis: ['《中华人民共和国老年人权益保障法》第三十三条（高龄津贴等老年人福利）', '本区高龄津贴发放实施办法'],
      responsibilities: [
        { subject: '村民委员会', duty: '代办申请，核实年龄、户籍和健在情况。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '审核，汇总报县级民政部门，按月发放。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出申请（村代办）', role: 'village_secretary', deadlineDays: 2, materials: ['身份证和户口簿', '本人银行账户'] },
          { id: 'village_check', kind: 'review', name: '村级核实年龄和户籍', role: 'village_secretary', deadlineDays: 3 },
          { id: 'township_check', kind: 'review', name: '乡镇审核', role: 'township_staff', deadlineDays: 10 },
          { id: 'publish', kind: 'disclosure', name: '享受对象名单公开', role: 'village_secretary', deadlineDays: 2 },
        ],
      },
      riskPoints: [{ risk: '老人去世后继续领取', level: '中', prevention: '与殡葬、户籍数据比对，每年资格认证。' }],
      disclosure: [{ what: '享受对象名单和标准', when: '审核后公开，按年更新' }],
      timeLimitDays: 17,
      materials: ['身份证', '户口簿', '银行账户'],
      isService: true,
      summary: '达到本区规定年龄（常见为80周岁）的户籍老年人可申请高龄津贴，村代办，乡镇审核后按月发放。',
    },
  },
  {
    code: 'MS-06',
    content: {
      name: '惠农补贴申报（耕地地力保护补贴等）',
      category: '民生保障',
      gbClass: '村务服务/社会保障',
      legalBasis: ['《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）', '财政部等部门《关于进一步加强惠民惠农财政补贴资金“一卡通”管理的指导意见》'],
      responsibilities: [
        { subject: '村民委员会', duty: '组织农户申报，核实面积，公示。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '审核汇总，报县级农业农村和财政部门，通过“一卡通”发放。' },
        SUPERVISOR_DUTY,
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '农户申报', role: 'village_secretary', deadlineDays: 5, materials: ['补贴申报表（地块、面积、种植品种）', '承包经营权证明', '“一卡通”账户'] },
          { id: 'village_check', kind: 'review', name: '村级核实面积', role: 'village_secretary', deadlineDays: 10, materials: ['核实清册'] },
          { id: 'notice', kind: 'notice', name: '补贴面积和金额公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '户主、面积、补贴金额' },
          { id: 'township_check', kind: 'review', name: '乡镇审核汇总', role: 'township_staff', deadlineDays: 10 },
          { id: 'filing', kind: 'filing', name: '报县级部门备案发放', role: 'township_staff', deadlineDays: 3 },
          { id: 'publish', kind: 'disclosure', name: '发放结果公开', role: 'village_secretary', deadlineDays: 2 },
        ],
      },
      riskPoints: [
        { risk: '虚报、多报面积套取补贴', level: '高', prevention: '与承包确权面积比对，公示7天接受监督。' },
        { risk: '“一卡通”被村干部代管、冒领', level: '高', prevention: '严禁代管社保卡和存折，补贴直接到户。' },
      ],
      disclosure: [{ what: '补贴对象、面积和金额', when: '上报前公示7天，发放后公开' }],
      timeLimitDays: 35,
      materials: ['补贴申报表', '承包经营权证明', '核实清册'],
      isService: true,
      summary: '耕地地力保护补贴等惠农补贴由农户申报，村核实面积并公示，乡镇审核汇总，通过“一卡通”直接发放到户。',
    },
  },
  {
    code: 'MS-07',
    content: {
      name: '农村危房改造申请',
      category: '民生保障',
      gbClass: '村务服务/社会保障',
      legalBasis: ['住房和城乡建设部等四部门《关于做好农村低收入群体等重点对象住房安全保障工作的实施意见》（建村〔2021〕35号）'],
      responsibilities: [
        { subject: '村民委员会', duty: '受理申请，组织评议和公示，协助改造和验收。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '组织房屋安全鉴定，审核，组织竣工验收。' },
        { subject: '县级住房城乡建设部门', duty: '审批，拨付补助资金。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '农户提出申请', role: 'village_secretary', deadlineDays: 3, materials: ['改造申请书', '户口簿和身份证', '低保、特困等身份证明', '房屋照片'] },
          { id: 'village_review', kind: 'review', name: '村级评议', role: 'village_secretary', deadlineDays: 5, materials: ['评议记录'] },
          { id: 'notice', kind: 'notice', name: '评议结果公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '申请户、房屋状况、拟补助标准' },
          { id: 'township_check', kind: 'review', name: '乡镇组织安全鉴定并审核', role: 'township_staff', deadlineDays: 15, materials: ['房屋安全鉴定报告'] },
          { id: 'filing', kind: 'filing', name: '报县住建部门审批备案', role: 'township_staff', deadlineDays: 10 },
          { id: 'construction', kind: 'execution', name: '组织改造施工', role: 'village_secretary', deadlineDays: 60, requiresVouchers: false, materials: ['改造前、中、后照片'] },
          { id: 'acceptance', kind: 'review', name: '竣工验收', role: 'township_staff', deadlineDays: 10, canReturn: false, materials: ['验收表'] },
          { id: 'publish', kind: 'disclosure', name: '补助结果公开', role: 'village_secretary', deadlineDays: 2, disclose: '改造户、补助金额' },
        ],
      },
      riskPoints: [
        { risk: '非重点对象挤占名额、优亲厚友', level: '高', prevention: '限于低保、特困等重点对象，评议公示，乡镇入户核实。' },
        { risk: '补助资金被截留或未改先拨', level: '高', prevention: '验收合格后直接拨付到户。' },
      ],
      disclosure: [{ what: '改造对象和补助金额', when: '审核前公示7天，验收后公开' }],
      timeLimitDays: 110,
      materials: ['改造申请书', '身份证明', '鉴定报告', '验收表'],
      isService: true,
      summary: '低保户、特困人员等重点对象住房经鉴定为危房的，可申请改造补助：申请、评议、公示、鉴定审核、审批、改造、验收后拨付补助。',
    },
  },

  // ── 便民服务 ──────────────────────────────────────────────────────────────
  {
    code: 'FW-01',
    content: {
      name: '农村宅基地申请',
      category: '便民服务',
      gbClass: '村务服务/便民服务',
      legalBasis: ['《中华人民共和国土地管理法》第六十二条（一户一宅）', '《中华人民共和国土地管理法实施条例》第三十四条（宅基地申请审批程序）', '《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）', act24('第（六）项（宅基地的使用方案）')],
      responsibilities: [
        { subject: '村民小组', duty: '讨论申请，公示申请理由、拟用地位置和面积。' },
        { subject: '村集体经济组织（村民委员会）', duty: '审查申请是否符合一户一宅和村庄规划，签署意见报乡镇。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '联审联办，审核批准，发放批准书，建立台账。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '农户提出申请', role: 'village_secretary', deadlineDays: 3, materials: ['农村宅基地和建房（规划许可）申请表', '户口簿和身份证', '一户一宅承诺书', '建房设计图或通用图'] },
          { id: 'group_discussion', kind: 'review', name: '村民小组会议讨论', role: 'village_secretary', deadlineDays: 5, materials: ['小组会议记录'] },
          { id: 'notice', kind: 'notice', name: '申请理由、位置和面积公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '申请人、申请理由、拟用地位置和面积' },
          { id: 'village_check', kind: 'review', name: '村级审查（一户一宅、规划）', role: 'village_secretary', deadlineDays: 5, materials: ['村级审查意见'] },
          { id: 'township_approval', kind: 'review', name: '乡镇联审审批', role: 'township_staff', deadlineDays: 20, canReturn: false, materials: ['联审意见'], disclose: '不予批准的书面说明理由' },
          { id: 'filing', kind: 'filing', name: '发放批准书并建档备案', role: 'township_staff', deadlineDays: 3, materials: ['农村宅基地批准书'] },
          { id: 'publish', kind: 'disclosure', name: '审批结果公开', role: 'village_secretary', deadlineDays: 3 },
        ],
      },
      riskPoints: [
        { risk: '一户多宅、超面积审批、为不符合条件者出具意见', level: '高', prevention: '村级审查核对户籍和已有宅基地，乡镇联审。' },
        { risk: '吃拿卡要、故意拖延', level: '中', prevention: '平台记录各环节时限，超期预警。' },
      ],
      disclosure: [
        { what: '申请人、理由、位置和面积', when: '村级审查前公示7天' },
        { what: '审批结果', when: '批准后3个工作日内' },
      ],
      timeLimitDays: 44,
      materials: ['申请表', '户口簿和身份证', '一户一宅承诺书', '设计图'],
      isService: true,
      summary: '符合条件的农户以户为单位申请宅基地：村民小组讨论并公示，村级审查，乡镇在20个工作日内联审审批，发放批准书。',
    },
  },
  {
    code: 'FW-02',
    content: {
      name: '农房建设（农村建房）审批',
      category: '便民服务',
      gbClass: '村务服务/便民服务',
      legalBasis: ['《中华人民共和国城乡规划法》第四十一条（乡村建设规划许可证）', '《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）：乡镇“三到场”'],
      responsibilities: [
        { subject: '村民委员会', duty: '受理建房申请，审查，日常巡查，协助验收。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '核发乡村建设规划许可证，做到审批后丈量批放、开工查验、竣工验收“三到场”。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出建房申请', role: 'village_secretary', deadlineDays: 3, materials: ['建房申请表', '宅基地批准书', '建房设计图', '施工承诺书'] },
          { id: 'village_check', kind: 'review', name: '村级审查', role: 'village_secretary', deadlineDays: 5 },
          { id: 'township_approval', kind: 'review', name: '乡镇审批（乡村建设规划许可证）', role: 'township_staff', deadlineDays: 20, canReturn: false, materials: ['乡村建设规划许可证'] },
          { id: 'staking', kind: 'execution', name: '开工前丈量批放（到场）', role: 'township_staff', deadlineDays: 5, requiresVouchers: false, materials: ['放样记录'] },
          { id: 'inspection', kind: 'execution', name: '施工巡查', role: 'village_secretary', deadlineDays: 90, requiresVouchers: false, materials: ['巡查记录'] },
          { id: 'acceptance', kind: 'review', name: '竣工验收（到场）', role: 'township_staff', deadlineDays: 10, canReturn: false, materials: ['验收意见'] },
          { id: 'publish', kind: 'disclosure', name: '审批和验收结果公开', role: 'village_secretary', deadlineDays: 3 },
        ],
      },
      riskPoints: [
        { risk: '未批先建、批少建多、超高超面积', level: '高', prevention: '丈量批放到场，村级巡查，竣工验收核对。' },
        { risk: '违规收取费用、故意刁难', level: '中', prevention: '审批时限平台监控，收费一律公开依据。' },
      ],
      disclosure: [{ what: '建房审批和验收结果', when: '批准后和验收后3个工作日内' }],
      timeLimitDays: 136,
      materials: ['建房申请表', '宅基地批准书', '设计图'],
      isService: true,
      summary: '取得宅基地批准后建房，须申领乡村建设规划许可证；乡镇审批后到场丈量放样、开工查验、竣工验收，村级全程巡查。',
    },
  },
  {
    code: 'FW-03',
    content: {
      name: '村级证明出具',
      category: '便民服务',
      gbClass: '村务服务/便民服务',
      legalBasis: ['民政部等六部门《关于改进和规范基层群众性自治组织出具证明工作的指导意见》（2020年）', GOVERNANCE_2019],
      responsibilities: [
        { subject: '村民委员会', duty: '只出具证明事项清单内的证明，核实情况，用印登记，不得收费。' },
        { subject: '村务监督委员会', duty: '抽查证明台账，发现虚假证明向乡镇报告。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '村民提出申请', role: 'village_secretary', deadlineDays: 1, materials: ['身份证', '证明事由', '相关佐证材料'] },
          { id: 'verify', kind: 'review', name: '核实情况（清单内事项）', role: 'village_secretary', deadlineDays: 1, disclose: '清单外事项告知不予出具' },
          { id: 'issue', kind: 'execution', name: '出具证明并用印登记', role: 'village_secretary', deadlineDays: 1, requiresVouchers: false, materials: ['证明存根', '用印登记'] },
          { id: 'publish', kind: 'disclosure', name: '证明出具台账公开', role: 'village_secretary', deadlineDays: 5, disclose: '按季度公开出具证明的类别和数量，不公开个人信息' },
        ],
      },
      riskPoints: [
        { risk: '出具虚假证明或清单外证明', level: '高', prevention: '只出具清单内证明，核实后出具，存根和用印登记留痕。' },
        { risk: '收费或设置门槛', level: '中', prevention: '一律免费，当场或3个工作日内办结。' },
      ],
      disclosure: [{ what: '证明事项清单和出具台账（类别、数量）', when: '清单长期公开，台账每季度公开' }],
      timeLimitDays: 3,
      materials: ['身份证', '证明事由和佐证材料'],
      isService: true,
      summary: '村（居）委会只出具证明事项清单内的证明，核实后出具并用印登记，一律免费；能够通过部门信息共享核实的，不再要求村里证明。',
    },
  },
  {
    code: 'FW-04',
    content: {
      name: '困难群众救助申请（一门受理）',
      category: '便民服务',
      gbClass: '村务服务/便民服务',
      legalBasis: [`${SOCIAL_ASSISTANCE}第五十九条（申请社会救助“一门受理”）`],
      responsibilities: [
        { subject: '村民委员会', duty: '代为受理各类救助申请，初步核实，3个工作日内转交乡镇。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '社会救助窗口统一受理，转交相关部门办理并告知结果。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '受理救助申请', role: 'village_secretary', deadlineDays: 1, materials: ['救助申请书', '户口簿和身份证', '困难情况说明'] },
          { id: 'village_check', kind: 'review', name: '初步核实', role: 'village_secretary', deadlineDays: 2 },
          { id: 'filing', kind: 'filing', name: '转交乡镇社会救助窗口', role: 'township_staff', deadlineDays: 3, disclose: '转交的部门和办理时限' },
          { id: 'publish', kind: 'disclosure', name: '办理结果告知和台账公开', role: 'village_secretary', deadlineDays: 2, disclose: '受理和转办数量（不公开个人信息）' },
        ],
      },
      riskPoints: [{ risk: '推诿不受理、转办不及时', level: '中', prevention: '平台记录受理和转交时间，超期预警。' }],
      disclosure: [{ what: '救助申请受理和转办台账', when: '每季度公开' }],
      timeLimitDays: 8,
      materials: ['救助申请书', '户口簿和身份证'],
      isService: true,
      summary: '村民遇到困难不知向哪个部门申请的，由村代为受理，初步核实后转交乡镇社会救助窗口，“一门受理、协同办理”。',
    },
  },
  {
    code: 'FW-05',
    content: {
      name: '城乡居民基本养老保险参保登记',
      category: '便民服务',
      gbClass: '村务服务/便民服务',
      legalBasis: ['《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）', '《中华人民共和国社会保险法》'],
      responsibilities: [
        { subject: '村民委员会（协办员）', duty: '代办参保登记，宣传政策，核对待遇领取资格。' },
        { subject: '乡镇社会保障服务机构', duty: '审核登记，办理缴费和待遇核定。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '提出参保登记（村代办）', role: 'village_secretary', deadlineDays: 2, materials: ['身份证和户口簿', '参保登记表'] },
          { id: 'village_check', kind: 'review', name: '核对是否重复参保', role: 'village_secretary', deadlineDays: 2 },
          { id: 'filing', kind: 'filing', name: '报乡镇社保机构登记', role: 'township_staff', deadlineDays: 5 },
          { id: 'publish', kind: 'disclosure', name: '新增待遇领取人员公开', role: 'village_secretary', deadlineDays: 2 },
        ],
      },
      riskPoints: [{ risk: '死亡人员冒领养老金', level: '中', prevention: '每年待遇资格认证，与死亡信息比对。' }],
      disclosure: [{ what: '新增待遇领取人员名单', when: '每季度公开' }],
      timeLimitDays: 11,
      materials: ['身份证和户口簿', '参保登记表'],
      isService: true,
      summary: '年满16周岁（不含在校学生）、未参加职工养老保险的城乡居民可在户籍地参保，村协办员代办登记。',
    },
  },

  // ── 组织建设 ──────────────────────────────────────────────────────────────
  {
    code: 'ZZ-01',
    content: {
      name: '发展党员（接收预备党员）',
      category: '组织建设',
      gbClass: '村务管理/组织建设',
      legalBasis: ['《中国共产党章程》第一章（党员）', '《中国共产党发展党员工作细则》（2014年）', '《中国共产党农村基层组织工作条例》（2019年）'],
      responsibilities: [
        { subject: '村党组织', duty: '培养考察，确定发展对象，政治审查，召开支部大会讨论接收。' },
        { subject: '乡镇党委', duty: '预审，派人谈话，审批，报县委组织部备案。' },
        { subject: '村纪检委员', duty: '监督程序，受理党员群众反映。' },
      ],
      flow: {
        steps: [
          { id: 'candidate', kind: 'application', name: '确定发展对象（听取党员群众意见）', role: 'village_secretary', deadlineDays: 5, materials: ['入党申请书', '入党积极分子培养考察登记表', '党员和群众意见'] },
          { id: 'political_review', kind: 'review', name: '政治审查', role: 'village_secretary', deadlineDays: 20, materials: ['政审材料'] },
          { id: 'committee_review', kind: 'review', name: '支部委员会审查', role: 'village_secretary', deadlineDays: 5, materials: ['支委会记录'] },
          { id: 'notice', kind: 'notice', name: '发展对象公示', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '发展对象姓名、基本情况和监督电话' },
          { id: 'pre_review', kind: 'review', name: '乡镇党委预审', role: 'township_staff', deadlineDays: 10, canReturn: false },
          { id: 'branch_meeting', kind: 'review', name: '支部大会讨论表决', role: 'village_secretary', deadlineDays: 5, canReturn: false, materials: ['入党志愿书', '支部大会记录'] },
          { id: 'approval', kind: 'review', name: '乡镇党委谈话和审批', role: 'township_staff', deadlineDays: 60, canReturn: false },
          { id: 'filing', kind: 'filing', name: '报县委组织部备案', role: 'township_staff', deadlineDays: 5 },
          { id: 'publish', kind: 'disclosure', name: '接收结果党务公开', role: 'village_secretary', deadlineDays: 5, disclose: '新接收预备党员名单' },
        ],
      },
      riskPoints: [
        { risk: '突击发展、“带病入党”、优亲厚友', level: '高', prevention: '严格培养考察期限，政审、公示、预审齐全后方可提交支部大会。' },
        { risk: '支部大会表决不规范', level: '中', prevention: '到会有表决权党员超过应到会半数，赞成超过应到会有表决权党员半数。' },
      ],
      disclosure: [
        { what: '发展对象', when: '预审前公示，不少于5个工作日' },
        { what: '新接收预备党员名单', when: '审批后党务公开' },
      ],
      timeLimitDays: 120,
      materials: ['入党申请书', '培养考察登记表', '政审材料', '入党志愿书'],
      isService: false,
      summary: '入党积极分子经一年以上培养考察后，确定为发展对象，经政审、公示、乡镇党委预审、支部大会讨论和乡镇党委审批，接收为预备党员。',
    },
  },
  {
    code: 'ZZ-02',
    content: {
      name: '党员组织关系转接',
      category: '组织建设',
      gbClass: '村务管理/组织建设',
      legalBasis: ['《中国共产党党员教育管理工作条例》（2019年）', '《中国共产党党务公开条例（试行）》（2017年）'],
      responsibilities: [
        { subject: '村党组织', duty: '审核转出转入，结清党费，在全国党员管理信息系统办理。' },
        { subject: '乡镇党委', duty: '开具或接收组织关系介绍信。' },
      ],
      flow: {
        steps: [
          { id: 'apply', kind: 'application', name: '党员提出转接申请', role: 'village_secretary', deadlineDays: 2, materials: ['转接申请', '党费交纳记录', '接收单位信息'] },
          { id: 'branch_check', kind: 'review', name: '村党组织审核', role: 'village_secretary', deadlineDays: 2 },
          { id: 'township_handle', kind: 'review', name: '乡镇党委开具或接收介绍信', role: 'township_staff', deadlineDays: 5, canReturn: false },
          { id: 'publish', kind: 'disclosure', name: '党员进出情况党务公开', role: 'village_secretary', deadlineDays: 5 },
        ],
      },
      riskPoints: [{ risk: '“口袋党员”、组织关系长期不转', level: '低', prevention: '流动党员定期排查，平台提醒办理。' }],
      disclosure: [{ what: '党员进出情况', when: '每季度党务公开' }],
      timeLimitDays: 14,
      materials: ['转接申请', '党费交纳记录'],
      isService: true,
      summary: '党员工作、居住地变动的，及时转接组织关系，村党组织审核，乡镇党委办理介绍信，在全国党员管理信息系统网上接转。',
    },
  },
  {
    code: 'ZZ-03',
    content: {
      name: '村级用工（聘用人员）招聘',
      category: '组织建设',
      gbClass: '村务管理/组织建设',
      legalBasis: ['《中华人民共和国劳动合同法》', GOVERNANCE_2019, NINGHAI],
      responsibilities: [
        { subject: '村两委', duty: '确定岗位、人数和报酬，公开招聘，签订合同。' },
        { subject: '村务监督委员会', duty: '监督招聘过程，核查回避情况。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '审核岗位设置和报酬，接受备案。' },
      ],
      flow: {
        steps: [
          { id: 'request', kind: 'application', name: '提出聘用需求', role: 'village_secretary', deadlineDays: 2, materials: ['岗位、人数、条件、报酬'] },
          { id: 'committee_study', kind: 'review', name: '两委联席会议研究', role: 'village_secretary', deadlineDays: 3, materials: ['会议记录'] },
          { id: 'township_check', kind: 'review', name: '乡镇审核岗位和报酬', role: 'township_staff', deadlineDays: 5 },
          { id: 'recruit_notice', kind: 'notice', name: '招聘公告', role: 'village_secretary', deadlineDays: 5, days: 7, disclose: '岗位、条件、报酬和报名方式' },
          { id: 'selection', kind: 'execution', name: '考试考察（监委会监督）', role: 'village_secretary', deadlineDays: 5, requiresVouchers: false, materials: ['成绩和考察记录'] },
          { id: 'hire_notice', kind: 'notice', name: '拟聘人员公示', role: 'village_secretary', deadlineDays: 5, days: 5, disclose: '拟聘人员姓名和岗位' },
          { id: 'contract', kind: 'execution', name: '签订聘用合同', role: 'village_secretary', deadlineDays: 3, requiresVouchers: false, materials: ['聘用合同'] },
          { id: 'filing', kind: 'filing', name: '报乡镇备案', role: 'township_staff', deadlineDays: 3 },
        ],
      },
      riskPoints: [
        { risk: '因人设岗、聘用村干部近亲属', level: '高', prevention: '公开招聘，村干部近亲属报名的须申报并回避。' },
        { risk: '吃空饷、只拿钱不干活', level: '中', prevention: '考勤和考核结果作为发放报酬的依据，监委会抽查。' },
      ],
      disclosure: [
        { what: '招聘公告', when: '报名前公告7天' },
        { what: '拟聘人员', when: '聘用前公示5天' },
      ],
      timeLimitDays: 31,
      materials: ['聘用需求', '会议记录', '招聘公告', '聘用合同'],
      isService: false,
      summary: '村级聘用保洁员、网格员、村务工作者等人员：两委研究，乡镇审核，公开招聘，拟聘人员公示，签订合同并备案。',
    },
  },

  // ── 其他 ──────────────────────────────────────────────────────────────────
  {
    code: 'QT-01',
    content: {
      name: '村级印章使用',
      category: '其他',
      gbClass: '村务管理/印章管理',
      legalBasis: ['《国务院关于国家行政机关和企业事业单位社会团体印章管理的规定》（国发〔1999〕25号，参照执行）', GOVERNANCE_2019, NINGHAI],
      responsibilities: [
        { subject: '印章保管人', duty: '实行人印分离，核对审批后用印，逐次登记用印台账，不得在空白文书上用印。' },
        { subject: '村党组织书记、村委会主任', duty: '审批用印；涉及合同、资金、证明的对内容负责。' },
        { subject: '村务监督委员会', duty: '每月核查用印台账与审批记录是否一致。' },
      ],
      flow: {
        steps: [
          {
            id: 'apply',
            kind: 'application',
            name: '提出用印申请',
            role: 'village_accountant',
            deadlineDays: 1,
            materials: ['用印申请人', '用印事由', '用印文件名称及份数', '文件内容'],
          },
          { id: 'approve', kind: 'review', name: '村书记、主任审批', role: 'village_secretary', deadlineDays: 1, materials: ['审批人签字'] },
          {
            id: 'stamp',
            kind: 'execution',
            name: '保管人核对用印并登记台账',
            role: 'village_accountant',
            deadlineDays: 1,
            requiresVouchers: false,
            materials: ['用印登记（申请人、文件名称、份数、审批人、用印时间、保管人）', '用印文件留存件'],
          },
          { id: 'monthly_check', kind: 'review', name: '监委会每月核查用印台账', role: 'village_supervisor', deadlineDays: 5, canReturn: false },
          { id: 'publish', kind: 'disclosure', name: '用印台账公开', role: 'village_secretary', deadlineDays: 5, disclose: '每月公开用印次数、事由和审批人（不公开个人隐私）' },
        ],
      },
      riskPoints: [
        { risk: '人印不分离，印章由申请人自取自盖', level: '高', prevention: '印章由专人保管，申请人、审批人、保管人三者分离。' },
        { risk: '在空白纸张、空白合同上用印，或未经审批用印', level: '高', prevention: '保管人核对审批和文件内容后用印，每次登记申请人、文件、审批人和时间。' },
        { risk: '为虚假证明、违规担保用印', level: '高', prevention: '涉及担保、借款的用印须经“四议两公开”决议；监委会每月核查台账。' },
      ],
      disclosure: [{ what: '用印台账（事由、审批人、时间）', when: '每月公开' }],
      timeLimitDays: 3,
      materials: ['用印申请（申请人、事由、文件名称及份数）', '审批人签字', '用印登记台账'],
      isService: false,
      summary: '村级印章实行人印分离、用印留痕：每次用印记录谁申请、为何文件、谁批准、何时用印，监委会每月核查，台账定期公开。',
    },
  },
  {
    code: 'QT-02',
    content: {
      name: '村务公开（三务公开）',
      category: '其他',
      gbClass: '村务监督/村务公开',
      legalBasis: [`${ACT}第三十条、第三十一条（村务公开）`, '中共中央办公厅、国务院办公厅《关于健全和完善村务公开和民主管理制度的意见》（中办发〔2004〕17号）', '《中国共产党党务公开条例（试行）》（2017年）'],
      responsibilities: [
        { subject: '村民委员会', duty: '按期如实公开村务、财务，接受村民查询。' },
        { subject: '村党组织', duty: '公开党务，对公开工作负领导责任。' },
        { subject: '村务监督委员会', duty: '审核公开内容的真实性和完整性，督促按期公开。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '受理对不公开、不真实公开的反映，调查核实并责令公布。' },
      ],
      flow: {
        steps: [
          { id: 'draft', kind: 'application', name: '拟定公开内容', role: 'village_secretary', deadlineDays: 3, materials: ['公开清单', '财务收支明细'] },
          { id: 'supervisor_check', kind: 'review', name: '村务监督委员会审核', role: 'village_supervisor', deadlineDays: 2, materials: ['审核意见'] },
          { id: 'publish', kind: 'disclosure', name: '公开栏和平台同步公开', role: 'village_secretary', deadlineDays: 2, disclose: '党务、村务、财务公开内容' },
          { id: 'answer', kind: 'execution', name: '受理村民询问并答复', role: 'village_secretary', deadlineDays: 5, requiresVouchers: false, materials: ['询问和答复记录'] },
          { id: 'filing', kind: 'filing', name: '公开资料归档，报乡镇备查', role: 'township_staff', deadlineDays: 3 },
        ],
      },
      riskPoints: [
        { risk: '选择性公开、公开不真实', level: '高', prevention: '监委会审核签字，平台数据自动生成财务公开内容。' },
        { risk: '逾期不公开', level: '中', prevention: '平台按期限提醒，逾期生成预警。' },
      ],
      disclosure: [
        { what: '一般村务', when: '至少每季度一次，季度首月20日前' },
        { what: '财务收支', when: '收支较多的每月公开' },
        { what: '涉及村民利益的重大事项', when: '随时公开' },
      ],
      timeLimitDays: 15,
      materials: ['公开清单', '审核意见', '公开照片或平台记录'],
      isService: false,
      summary: '党务、村务、财务定期公开：一般事项每季度，财务收支较多的每月，重大事项随时；监委会审核后在公开栏和平台同步公布。',
    },
  },
  {
    code: 'QT-03',
    content: {
      name: '村级合同签订',
      category: '其他',
      gbClass: '村务管理/合同管理',
      legalBasis: ['《中华人民共和国民法典》合同编', act24(), FINANCE_RULES],
      responsibilities: [
        { subject: '村民委员会（村集体经济组织）', duty: '依据决策结果起草合同，经审查后签订，履行和归档。' },
        { subject: '村务监督委员会', duty: '审查合同与决策结果是否一致，监督履行。' },
        { subject: '乡镇人民政府（街道办事处）', duty: '合法性审查，合同备案，到期预警。' },
      ],
      flow: {
        steps: [
          { id: 'draft', kind: 'application', name: '起草合同', role: 'village_secretary', deadlineDays: 3, materials: ['合同草案', '决策依据'] },
          { id: 'supervisor_check', kind: 'review', name: '监委会审查', role: 'village_supervisor', deadlineDays: 3 },
          ...decisionSteps({ subject: '合同', when: MAJOR }),
          { id: 'legal_check', kind: 'review', name: '乡镇合法性审查', role: 'township_staff', deadlineDays: 5, canReturn: false, materials: ['审查意见'] },
          { id: 'sign', kind: 'execution', name: '签订合同并用印登记', role: 'village_secretary', deadlineDays: 3, requiresVouchers: false, materials: ['合同正本', '用印登记'] },
          { id: 'filing', kind: 'filing', name: '合同报乡镇备案', role: 'township_staff', deadlineDays: 3 },
          { id: 'publish', kind: 'disclosure', name: '合同主要条款公开', role: 'village_secretary', deadlineDays: 2, disclose: '合同相对方、标的、金额、期限' },
        ],
      },
      riskPoints: [
        { risk: '合同条款与决议不一致、显失公平', level: '高', prevention: '监委会审查并比对决议，乡镇合法性审查。' },
        { risk: '合同到期不续、不收回，款项不催收', level: '中', prevention: '平台合同台账，到期和欠款预警。' },
      ],
      disclosure: [{ what: '合同主要条款', when: '签订后2个工作日内' }],
      timeLimitDays: 42,
      materials: ['合同草案', '决策记录', '审查意见', '合同正本'],
      isService: false,
      summary: '村集体对外签订的经济合同须有决策依据，经监委会和乡镇审查后签订，统一备案、归档和公开，履行情况纳入预警。',
    },
  },
];

function parseItem(item: { code: string; content: TItemInput }): { code: string; content: TPowerItemContent } {
  const parsed = ZPowerItemContent.safeParse(item.content);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Default catalogue item ${item.code} is invalid: ${problems}`);
  }
  return { code: item.code, content: parsed.data };
}

/** The default district catalogue, validated against the contract when the module loads. */
export const DEFAULT_CATALOGUE: { code: string; content: TPowerItemContent }[] = ITEMS.map(parseItem);
