/**
 * The tiles on a village's home page. Later modules turn a tile on by giving it a `path`
 * (relative to /v/<code>/) and setting `enabled: true`; until then it shows "即将开放".
 */
import type { ReactNode } from 'react';
import { icons } from './components/icons';
import { S } from './strings';
import { typicalIcon } from './pages/typical/icon';

export interface SectionDef {
  key: keyof typeof S.sections;
  title: string;
  icon: ReactNode;
  enabled: boolean;
  path?: string;
}

export const SECTIONS: SectionDef[] = [
  { key: 'powerList', title: S.sections.powerList, icon: icons.powerList, enabled: true, path: 'power' },
  // 村务公开: public matters (事项办理公开) and 四议两公开 decisions, as two tabs.
  { key: 'affairs', title: S.sections.affairs, icon: icons.affairs, enabled: true, path: 'affairs' },
  // 财务收支: the month in plain words, the entries behind each category.
  { key: 'finance', title: S.sections.finance, icon: icons.finance, enabled: true, path: 'finance' },
  // 集体三资: assets and contracts.
  { key: 'assets', title: S.sections.assets, icon: icons.assets, enabled: true, path: 'assets' },
  // 我家的待遇查询: verify with the household's query code (pages/household).
  { key: 'benefits', title: S.sections.benefits, icon: icons.benefits, enabled: true, path: 'household' },
  // 我要提问 and 村民问政 (pages/hearings).
  { key: 'ask', title: S.sections.ask, icon: icons.ask, enabled: true, path: 'ask' },
  // 我要举报: anonymous or real-name reports, tracked with the receipt code (pages/report).
  { key: 'report', title: S.sections.report, icon: icons.report, enabled: true, path: 'report' },
  // 警示教育: the district's published typical cases (pages/typical).
  { key: 'typical', title: S.sections.typical, icon: typicalIcon, enabled: true, path: 'typical-cases' },
  // 公开统计: the village's figures, aggregates only (pages/stats).
  { key: 'stats', title: S.sections.stats, icon: icons.stats, enabled: true, path: 'stats' },
];
