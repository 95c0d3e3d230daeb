import { defineSetting, zInt } from '../settings/settings.registry.js';

/**
 * Report (举报) time limits and policy: defaults from 纪检监察机关处理检举控告工作规则 (2020) as
 * summarised in shared/spec/domain.md "Reports"; a district changes them in 系统设置 with history.
 */
export const REPORT_ACCEPT_DAYS = defineSetting({
  key: 'report.acceptDays',
  module: 'reports',
  kind: 'days',
  label: { zh: '举报受理期限（工作日）', en: 'Working days to accept or refuse a report' },
  description: { zh: '收到举报后须在该数量的工作日内作出受理或不予受理决定并告知实名举报人（默认15个工作日）。', en: 'A report must be accepted or refused within this many working days of arrival (default 15).' },
  schema: zInt(1, 60),
  defaultValue: 15,
});

export const REPORT_TRANSFER_DAYS = defineSetting({
  key: 'report.transferDays',
  module: 'reports',
  kind: 'days',
  label: { zh: '举报转办期限（工作日）', en: 'Working days for the receiving level to take a transferred report' },
  description: { zh: '转交其他层级办理的举报，接收方须在该数量的工作日内交办到人（默认5个工作日）。', en: 'A report passed to another level must be assigned there within this many working days (default 5).' },
  schema: zInt(1, 30),
  defaultValue: 5,
});

export const REPORT_VERIFY_DAYS = defineSetting({
  key: 'report.verifyDays',
  module: 'reports',
  kind: 'days',
  label: { zh: '举报核查期限（工作日）', en: 'Working days to verify a report and conclude' },
  description: { zh: '交办后须在该数量的工作日内完成核查并作出结论（本地规定，默认30个工作日）。', en: 'Verification must conclude within this many working days of assignment (local rule, default 30).' },
  schema: zInt(1, 180),
  defaultValue: 30,
});

export const REPORT_FEEDBACK_DAYS = defineSetting({
  key: 'report.feedbackDays',
  module: 'reports',
  kind: 'days',
  label: { zh: '举报结果反馈期限（工作日）', en: 'Working days to feed the result back to the reporter' },
  description: { zh: '办结后须在该数量的工作日内向举报人反馈办理结果（默认15个工作日）。', en: 'The result is fed back within this many working days after conclusion (default 15).' },
  schema: zInt(1, 60),
  defaultValue: 15,
});

export const REPORT_REWARD_MIN_FEN = defineSetting({
  key: 'report.rewardMinFen',
  module: 'reports',
  kind: 'money_fen',
  label: { zh: '举报奖励下限', en: 'Lowest reward for a confirmed real-name report' },
  description: { zh: '经查属实的实名举报奖励金额下限（默认500元）。', en: 'Lowest reward amount (default 500 yuan).' },
  schema: zInt(0, 100_000_000),
  defaultValue: 50_000,
});

export const REPORT_REWARD_MAX_FEN = defineSetting({
  key: 'report.rewardMaxFen',
  module: 'reports',
  kind: 'money_fen',
  label: { zh: '举报奖励上限', en: 'Highest reward for a confirmed real-name report' },
  description: { zh: '经查属实的实名举报奖励金额上限（默认2000元）。', en: 'Highest reward amount (default 2,000 yuan).' },
  schema: zInt(0, 100_000_000),
  defaultValue: 200_000,
});

export const REPORT_IDENTITY_RETENTION_DAYS = defineSetting({
  key: 'report.identityRetentionDays',
  module: 'reports',
  kind: 'days',
  label: { zh: '举报人身份信息保存期限（天）', en: 'Days reporter identity is kept after archiving' },
  description: { zh: '举报归档后，举报人姓名、身份证号和联系方式保存该天数后删除（删除留痕），举报内容继续存档（默认1825天，约5年）。', en: 'After archiving, reporter identity and contact details are kept this many days, then erased (audited); the substance stays archived (default 1,825).' },
  schema: zInt(1, 36_500),
  defaultValue: 1825,
});

export const REPORT_POW_DIFFICULTY = defineSetting({
  key: 'report.powDifficulty',
  module: 'reports',
  kind: 'integer',
  label: { zh: '匿名举报计算验证难度（位）', en: 'Proof-of-work difficulty for anonymous submissions (bits)' },
  description: { zh: '匿名举报提交前，浏览器须完成的计算量（前导零位数；每加1位计算量翻倍，默认16位，普通手机约1秒）。', en: 'Leading zero bits the browser must find before an anonymous submission (each bit doubles the work; default 16, about a second on a phone).' },
  schema: zInt(0, 24),
  defaultValue: 16,
});
