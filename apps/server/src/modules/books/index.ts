import type { FastifyInstance } from 'fastify';
import { registerAttachmentTarget } from '../attachments/index.js';
import { entryRegionInScope } from './books.repository.js';
import { booksPublicRoutes, booksRoutes } from './books.routes.js';

export {
  createEntry,
  submitEntry,
  approveEntry,
  rejectEntry,
  reverseEntry,
  getEntryById,
  findEntries,
  closePeriod,
  reopenPeriod,
  findClosings,
  getBalances,
  getPublicSummary,
  findPublicEntries,
  type WriteTarget,
} from './books.service.js';
export { importLedgerCsv, exportLedgerCsv, LEDGER_CSV_COLUMNS } from './books.exchange.js';
export { LARGE_EXPENSE_THRESHOLD_FEN, ALLOW_FLAGGED_LARGE_EXPENSE, LARGE_ITEM_FEN } from './books.settings.js';

/** Vouchers (原始凭证) are uploaded through POST /api/v1/attachments against an entry in scope. */
registerAttachmentTarget('ledger_entry', { regionOf: (db, actor, id) => entryRegionInScope(db, id, actor.regionCode) });

/** Routes of the books module, mounted at /api/v1/books by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await booksRoutes(app);
}

/** Public (portal) routes of the module, mounted at /api/v1/public/books. */
export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await booksPublicRoutes(app);
}
