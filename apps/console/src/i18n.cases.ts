/** Console strings of the cases pages (merged into the dictionaries of i18n.tsx). Chinese is the key set; English must match it. */
export const CASES_ZH = {
  'menu.cases': '案件管理',
} as const;

export const CASES_EN: Record<keyof typeof CASES_ZH, string> = {
  'menu.cases': 'Cases',
};
