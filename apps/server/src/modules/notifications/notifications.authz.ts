import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '@mpw/db';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { makeUser } from '../../../test/helpers.js';
import { notify } from './notifications.service.js';

/**
 * The inbox in the authorization matrix: any signed-in account ('session'), and only its own
 * messages — "own" is a message to the role's matrix account, "other" one to somebody else.
 */
export function cases(env: MatrixEnv): MatrixCase[] {
  /** The matrix's account for a role: the first one made with exactly that role where the role sits. */
  const accountOf = async (role: TRole) => {
    const [u] = await queryRows<{ id: string }>(
      env.ctx.platform.deps.db,
      sql`select id from users where region_code = ${env.placeOf(role).own} and roles = array[${role}]::text[] order by created_at, id limit 1`,
    );
    return u!.id;
  };
  const messageFor = async (userId: string) => {
    const [id] = await audited(env.ctx.platform.deps.db, systemActor(), (w) =>
      notify(w, { userIds: [userId], kind: 'info', title: `矩阵测试消息${env.next()}`, body: '请查看。', link: '/' }),
    );
    return id!;
  };

  return [
    {
      method: 'GET', route: '/api/v1/notifications/', permission: 'session', scoped: false, ok: 200,
      request: async () => ({ url: '/api/v1/notifications/?pageSize=200' }),
      check: (res) => expect(res.json()).toMatchObject({ total: expect.any(Number), unread: expect.any(Number) }),
    },
    {
      method: 'POST', route: '/api/v1/notifications/:id/read', permission: 'session', scoped: true, ok: 200,
      request: async (r, own) => {
        const userId = own ? await accountOf(r) : (await makeUser(env.ctx, env.villageFor(r, true), ['village_accountant'])).id;
        return { url: `/api/v1/notifications/${await messageFor(userId)}/read` };
      },
      check: (res) => expect(res.json()).toMatchObject({ readAt: expect.any(String) }),
    },
    { method: 'POST', route: '/api/v1/notifications/read-all', permission: 'session', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/notifications/read-all' }) },
  ];
}
