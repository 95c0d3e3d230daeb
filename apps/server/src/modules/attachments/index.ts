import type { FastifyInstance } from 'fastify';
import { attachmentRoutes } from './attachments.routes.js';

/** Routes of the attachments module, mounted at /api/v1/attachments by app.ts. */
export async function routes(app: FastifyInstance): Promise<void> {
  await attachmentRoutes(app);
}

/** Public (portal) routes of the module, mounted at /api/v1/public/attachments. None yet. */
export async function publicRoutes(_app: FastifyInstance): Promise<void> {}

export {
  storeAttachment,
  getAttachmentById,
  findAttachments,
  getAttachmentContent,
  maxAttachmentBytes,
  useAttachmentBlobStore,
  attachmentBlobStore,
  ATTACHMENT_ACTIONS,
  type StoreAttachmentInput,
} from './attachments.service.js';
export { registerAttachmentTarget, type AttachmentTarget } from './attachments.targets.js';
export { MAX_SIZE_BYTES } from './attachments.settings.js';
