/** Console strings of assessment (考核评价), training (教育培训) and supervision teams (监督队伍), merged into the dictionaries of i18n.tsx. Chinese is the key set; English must match it. */

export const ASSESSMENT_ZH = {
  'menu.assessment': '考核评价',
  'menu.training': '教育培训',
  'menu.supervisionTeams': '监督队伍',
};

export const ASSESSMENT_EN: Record<keyof typeof ASSESSMENT_ZH, string> = {
  'menu.assessment': 'Assessment',
  'menu.training': 'Training',
  'menu.supervisionTeams': 'Supervision teams',
};
