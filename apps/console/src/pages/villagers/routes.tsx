/**
 * The pages of the villagers' side (户查询码, 村民问政, 村民提问, 满意度测评), spliced into PAGES of
 * ../../routes.tsx.
 */
import type { PageDef } from '../../routes';

export const VILLAGER_ROUTES: PageDef[] = [];
