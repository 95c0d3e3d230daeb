import { registerAttachmentTarget } from '../attachments/attachments.targets.js';
import * as repo from './assets.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Scans of a signed contract (合同文本) and photos or certificates of an asset (权属证明) may be attached. */
registerAttachmentTarget('contract', {
  regionOf: async (db, actor, id) => (UUID.test(id) ? ((await repo.getContractInScope(db, id, actor.regionCode))?.regionCode ?? null) : null),
});
registerAttachmentTarget('asset', {
  regionOf: async (db, actor, id) => (UUID.test(id) ? ((await repo.getAssetInScope(db, id, actor.regionCode))?.regionCode ?? null) : null),
});
