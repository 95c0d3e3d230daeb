import type { FastifyInstance } from 'fastify';
import { datasetRoutes } from './datasets.routes.js';

export { importDataset, datasetFromFileName, type ImportOptions, type ImportProgress } from './datasets.import.js';
export { onDatasetImported, type DatasetImported } from './datasets.events.js';
export { createToken, revokeToken, findImports, getImportById, MAX_IMPORT_BYTES } from './datasets.service.js';

/** Routes of the datasets module (department data imports, tokens), mounted at /api/v1/datasets by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await datasetRoutes(app);
}

/** Department data is never public. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
