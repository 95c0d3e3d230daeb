import { defineSetting, zInt } from '../settings/settings.registry.js';

/** 村民问政 thresholds and time limits: district policy, changed in 系统设置 with history. */
export const MIN_RATINGS = defineSetting({
  key: 'hearings.minRatings',
  module: 'hearings',
  kind: 'integer',
  label: { zh: '民主评议预警最少评议人数', en: 'Ratings a cadre needs before the dissatisfaction alert applies' },
  description: {
    zh: '问政会结束时，某名干部收到的评议不少于该人数，才按不满意率判断是否预警（默认5人）。',
    en: 'At the close of a session, a cadre is checked against the dissatisfaction share only with at least this many ratings (default 5).',
  },
  schema: zInt(1, 1000),
  defaultValue: 5,
});

export const DISSATISFIED_SHARE_PCT = defineSetting({
  key: 'hearings.dissatisfiedSharePct',
  module: 'hearings',
  kind: 'integer',
  label: { zh: '民主评议不满意率预警线（%）', en: 'Share of 不满意 ratings that raises an alert (%)' },
  description: {
    zh: '问政会结束时，干部的“不满意”评议占比达到该百分比，向乡镇纪委发出黄色预警（默认30%）。',
    en: 'At the close of a session, a cadre whose share of 不满意 ratings reaches this percentage raises a yellow alert to the township (default 30).',
  },
  schema: zInt(1, 100),
  defaultValue: 30,
});

export const ANSWER_WORKING_DAYS = defineSetting({
  key: 'hearings.answerWorkingDays',
  module: 'hearings',
  kind: 'days',
  label: { zh: '村民问政提问答复期限（工作日）', en: 'Working days to answer a villager’s question to the cadres' },
  description: {
    zh: '村民在“我要提问”或问政会上提出的问题，须在该数量的工作日内公开答复，逾期产生黄色预警。',
    en: 'A villager’s general or session question is due this many working days after it was asked; overdue ones raise a yellow alert.',
  },
  schema: zInt(1, 60),
  defaultValue: 5,
});
