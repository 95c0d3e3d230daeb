import { defineSetting, zInt } from '../settings/settings.registry.js';

/**
 * 预警升级天数: an alert still unhandled (open: neither confirmed nor dismissed) this many
 * calendar days after it was first raised goes up to the district inspectors.
 */
export const ALERT_ESCALATION_DAYS = defineSetting({
  key: 'alerts.escalationDays',
  module: 'alerts',
  kind: 'days',
  label: { zh: '预警逾期未处置升级天数', en: 'Days before an unhandled alert is escalated' },
  description: {
    zh: '预警自首次发现起超过该天数仍未确认或排除的，标记为“已升级”，并通知区纪委监委（默认5天）。',
    en: 'An alert neither confirmed nor dismissed this many days after it was first raised is escalated to the district inspectors (default 5).',
  },
  schema: zInt(1, 365),
  defaultValue: 5,
});
