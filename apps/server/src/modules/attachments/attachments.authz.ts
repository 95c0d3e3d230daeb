import { expect } from 'vitest';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { storeAttachment } from './attachments.service.js';
import { TEST_TARGET, multipartBody, registerTestAttachmentTarget } from './attachments.test-support.js';

/**
 * Attachments in the authorization matrix. Uploads go to the test record type, whose records
 * are regions: a village inside (own) or outside (other) the role's scope. Reading needs only a
 * session, limited to the reader's region subtree.
 */
export function cases(env: MatrixEnv): MatrixCase[] {
  registerTestAttachmentTarget();
  const pdf = () => Buffer.from(`%PDF-1.4\n% matrix ${env.next()}\n%%EOF\n`);
  const stored = (role: TRole, own: boolean) => {
    const village = env.villageFor(role, own);
    return storeAttachment(env.ctx.platform.deps.db, systemActor(), { regionCode: village, entityType: TEST_TARGET, entityId: village, fileName: '矩阵.pdf', data: pdf() });
  };

  return [
    {
      method: 'POST', route: '/api/v1/attachments/', permission: 'attachment:file:upload', scoped: true, ok: 201,
      request: async (r, own) => {
        const { payload, headers } = multipartBody({ entityType: TEST_TARGET, entityId: env.villageFor(r, own), purpose: 'voucher' }, { name: '凭证.pdf', content: pdf() });
        return { url: '/api/v1/attachments/', payload, headers };
      },
      check: (res, r) => expect(res.json()).toMatchObject({ mimeType: 'application/pdf', regionCode: env.villageFor(r, true) }),
    },
    { method: 'GET', route: '/api/v1/attachments/', permission: 'session', scoped: false, ok: 200, request: async () => ({ url: `/api/v1/attachments/?entityType=${TEST_TARGET}&pageSize=200` }) },
    {
      method: 'GET', route: '/api/v1/attachments/:id', permission: 'session', scoped: true, ok: 200,
      request: async (r, own) => ({ url: `/api/v1/attachments/${(await stored(r, own)).id}` }),
    },
    {
      method: 'GET', route: '/api/v1/attachments/:id/content', permission: 'session', scoped: true, ok: 200,
      request: async (r, own) => ({ url: `/api/v1/attachments/${(await stored(r, own)).id}/content` }),
      check: (res) => expect((res as unknown as { headers: Record<string, string> }).headers['content-type']).toBe('application/pdf'),
    },
  ];
}
