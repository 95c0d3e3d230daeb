/** Console strings of the dashboards (统计分析) merged into the dictionaries of i18n.tsx. Chinese is the key set; English must match it. */

export const DASHBOARDS_ZH = {
  'menu.dashboard': '统计分析',
  'menu.workboard': '本村待办',
};

export const DASHBOARDS_EN: Record<keyof typeof DASHBOARDS_ZH, string> = {
  'menu.dashboard': 'Dashboard',
  'menu.workboard': 'Village to-do',
};
