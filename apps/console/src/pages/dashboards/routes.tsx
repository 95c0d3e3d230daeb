/** The dashboard pages (统计分析, 本村待办), spliced into PAGES of ../../routes.tsx. */
import type { PageDef } from '../../routes';

export const DASHBOARD_ROUTES: PageDef[] = [];
