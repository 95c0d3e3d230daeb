/** Console strings of the villagers' pages (户查询码, 村民问政, 满意度) merged into the dictionaries of i18n.tsx. Chinese is the key set; English must match it. */

export const VILLAGERS_ZH = {
  'menu.households': '户查询码',
  'menu.hearings': '村民问政',
  'menu.villageQuestions': '村民提问',
  'menu.satisfaction': '满意度测评',
};

export const VILLAGERS_EN: Record<keyof typeof VILLAGERS_ZH, string> = {
  'menu.households': 'Household query codes',
  'menu.hearings': 'Villagers question the cadres',
  'menu.villageQuestions': "Villagers' questions",
  'menu.satisfaction': 'Satisfaction survey',
};
