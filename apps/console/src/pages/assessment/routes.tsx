/** The pages of 考核评价, 教育培训 and 监督队伍, spliced into PAGES of ../../routes.tsx. */
import type { PageDef } from '../../routes';

export const ASSESSMENT_ROUTES: PageDef[] = [];
