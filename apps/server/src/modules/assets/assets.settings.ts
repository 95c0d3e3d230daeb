import { defineSetting, zInt } from '../settings/settings.registry.js';

export { ASSET_DISPOSAL_THRESHOLD_FEN } from '../settings/settings.definitions.js';

/** How far ahead the 合同到期提醒 list looks: district policy, changed in 系统设置 with history. */
export const CONTRACT_EXPIRY_WARNING_DAYS = defineSetting({
  key: 'assets.expiryWarningDays',
  module: 'assets',
  kind: 'days',
  label: { zh: '合同到期提醒天数', en: 'Days ahead to warn of expiring contracts' },
  description: {
    zh: '履行中的合同在该天数内到期（或已过期仍未办结）的，列入到期提醒。',
    en: 'Active contracts whose end date falls within this many days (or has passed) are listed as expiring.',
  },
  schema: zInt(1, 3650),
  defaultValue: 60,
});
