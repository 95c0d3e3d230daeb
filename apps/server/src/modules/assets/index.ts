import type { FastifyInstance } from 'fastify';
import { assetPublicRoutes, assetRoutes } from './assets.routes.js';
import './assets.targets.js';
import './assets.jobs.js';

export {
  createAsset, updateAsset, deleteAsset, getAssetById, findAssets,
  createContract, updateContract, getContractById, findContracts,
  addContractPayment, findContractPayments, findExpiringContracts, getPublicAssets, releaseEndedLeases,
} from './assets.service.js';
export { importContracts, CONTRACT_COLUMNS } from './assets.import.js';
export { exportContractsCsv, CONTRACTS_CSV_COLUMNS } from './assets.export.js';
export { ASSET_DISPOSAL_THRESHOLD_FEN, CONTRACT_EXPIRY_WARNING_DAYS } from './assets.settings.js';

/** Routes of the assets module, mounted at /api/v1/assets by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await assetRoutes(app);
}

/** Public (portal) routes of the module, mounted at /api/v1/public/assets. */
export async function publicRoutes(app: FastifyInstance): Promise<void> {
  await assetPublicRoutes(app);
}
