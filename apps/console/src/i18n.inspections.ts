/** Console strings of the inspections pages (merged into the dictionaries of i18n.tsx). Chinese is the key set; English must match it. */
export const INSPECTIONS_ZH = {
  'menu.inspections': '监督检查',
} as const;

export const INSPECTIONS_EN: Record<keyof typeof INSPECTIONS_ZH, string> = {
  'menu.inspections': 'Inspections',
};
