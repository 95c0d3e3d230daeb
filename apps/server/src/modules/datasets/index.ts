import type { FastifyInstance } from 'fastify';

export { importDataset, datasetFromFileName, type ImportOptions, type ImportProgress } from './datasets.import.js';
export { onDatasetImported, type DatasetImported } from './datasets.events.js';

/** Routes of the datasets module (department data imports, tokens), mounted at /api/v1/datasets by app.ts. */
export async function routes(_app: FastifyInstance): Promise<void> {}

/** Department data is never public. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}
