import { z } from 'zod';
import { defineSetting, zInt } from './settings.registry.js';

/** Foundation settings. Later modules define theirs beside their own code. */
export const MFA_REQUIRED_FOR_STAFF = defineSetting({
  key: 'security.mfaRequiredForStaff',
  module: 'security',
  kind: 'boolean',
  label: { zh: '工作人员必须启用双因素认证', en: 'Two-factor authentication required for staff' },
  description: {
    zh: '开启后，所有工作人员账号登录后须绑定并使用动态验证码（等保三级要求双因素认证）。',
    en: 'When on, every staff account must enrol and use a one-time code (classified protection level 3).',
  },
  schema: z.boolean({ message: '必须是开或关' }),
  defaultValue: false,
});

export const CHECKPOINT_HOUR = defineSetting({
  key: 'audit.dailyCheckpointHour',
  module: 'audit',
  kind: 'integer',
  label: { zh: '每日留痕校验点生成时刻（北京时间，时）', en: 'Hour of the daily audit checkpoint (China time)' },
  description: {
    zh: '每天在该时刻之后自动签发一次留痕校验点，并在村民端公布。',
    en: 'A signed audit checkpoint is made once a day after this hour and published on the portal.',
  },
  schema: zInt(0, 23),
  defaultValue: 1,
});

/**
 * 资产处置标准: a lease or sale of collective assets at or above it must go through public
 * bidding or auction (shared/spec/data-exchange.md ASSET_NO_AUCTION; catalogue flows ZC-01, ZC-02).
 */
export const ASSET_DISPOSAL_THRESHOLD_FEN = defineSetting({
  key: 'assets.disposalThresholdFen',
  module: 'assets',
  kind: 'money_fen',
  label: { zh: '集体资产处置须公开交易的金额标准', en: 'Asset disposal amount requiring public bidding' },
  description: {
    zh: '集体资产资源出租、出售金额达到此标准的，须公开招标、拍卖或竞价，并履行四议两公开程序。',
    en: 'Leases and sales of collective assets at or above this amount must go through public bidding or auction.',
  },
  schema: zInt(0, 1e13),
  defaultValue: 2_000_000,
});
