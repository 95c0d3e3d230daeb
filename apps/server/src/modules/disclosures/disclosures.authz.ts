import { expect } from 'vitest';
import type { TRole } from '@mpw/contracts';
import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';
import { anonymousActor, systemActor } from '../../lib/actor.js';
import { askQuestion, createDisclosure, publishDisclosure } from './disclosures.service.js';

const content = (n: number) => ({ summary: `矩阵测试公开内容${n}`, sections: [{ heading: '说明', text: '测试' }] });

/** A fresh draft (with content) in a village inside (own) or outside (other) the role's scope. */
async function draftFor(env: MatrixEnv, role: TRole, own: boolean) {
  const n = env.next();
  return createDisclosure(env.ctx.platform.deps.db, systemActor(), { regionCode: env.villageFor(role, own), kind: 'other', title: `矩阵测试公开${n}`, content: content(n) });
}

async function publishedFor(env: MatrixEnv, role: TRole, own: boolean) {
  const d = await draftFor(env, role, own);
  return publishDisclosure(env.ctx.platform.deps.db, systemActor(), d.id);
}

export function cases(env: MatrixEnv): MatrixCase[] {
  const db = () => env.ctx.platform.deps.db;
  return [
    { method: 'GET', route: '/api/v1/disclosures/', permission: 'disclosure:item:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/disclosures/?pageSize=200' }) },
    {
      method: 'GET', route: '/api/v1/disclosures/export.xlsx', permission: 'disclosure:item:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/disclosures/export.xlsx?regionCode=${env.villageFor(r, o)}` }),
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
    { method: 'GET', route: '/api/v1/disclosures/questions', permission: 'disclosure:item:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/disclosures/questions?pageSize=200' }) },
    {
      method: 'GET', route: '/api/v1/disclosures/questions/export.xlsx', permission: 'disclosure:item:read', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/disclosures/questions/export.xlsx?regionCode=${env.villageFor(r, o)}` }),
      check: (res) => expect(String((res as unknown as { headers: Record<string, string> }).headers['content-type'])).toContain('spreadsheetml'),
    },
    { method: 'GET', route: '/api/v1/disclosures/overdue', permission: 'disclosure:item:read', scoped: false, ok: 200, request: async () => ({ url: '/api/v1/disclosures/overdue' }) },
    { method: 'GET', route: '/api/v1/disclosures/:id', permission: 'disclosure:item:read', scoped: true, ok: 200, request: async (r, o) => ({ url: `/api/v1/disclosures/${(await draftFor(env, r, o)).id}` }) },
    {
      method: 'POST', route: '/api/v1/disclosures/', permission: 'disclosure:item:publish', scoped: true, ok: 201,
      request: async (r, o) => ({ url: '/api/v1/disclosures/', payload: { regionCode: env.villageFor(r, o), kind: 'works', title: `矩阵新公开${env.next()}`, content: content(env.next()) } }),
    },
    {
      method: 'PATCH', route: '/api/v1/disclosures/:id', permission: 'disclosure:item:publish', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/disclosures/${(await draftFor(env, r, o)).id}`, payload: { title: `改标题${env.next()}` } }),
    },
    {
      method: 'POST', route: '/api/v1/disclosures/:id/fill-from-books', permission: 'disclosure:item:publish', scoped: true, ok: 200,
      request: async (r, o) => {
        const n = env.next();
        const d = await createDisclosure(db(), systemActor(), { regionCode: env.villageFor(r, o), kind: 'finance_monthly', title: `矩阵财务公开${n}`, period: `20${String(10 + (n % 80)).padStart(2, '0')}-0${1 + (n % 9)}` });
        return { url: `/api/v1/disclosures/${d.id}/fill-from-books` };
      },
    },
    {
      method: 'POST', route: '/api/v1/disclosures/:id/fill-from-data', permission: 'disclosure:item:publish', scoped: true, ok: 200,
      request: async (r, o) => {
        const d = await createDisclosure(db(), systemActor(), { regionCode: env.villageFor(r, o), kind: 'works', title: `矩阵工程公开${env.next()}` });
        return { url: `/api/v1/disclosures/${d.id}/fill-from-data` };
      },
    },
    {
      method: 'POST', route: '/api/v1/disclosures/:id/publish', permission: 'disclosure:item:publish', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/disclosures/${(await draftFor(env, r, o)).id}/publish` }),
    },
    {
      method: 'POST', route: '/api/v1/disclosures/:id/correct', permission: 'disclosure:item:publish', scoped: true, ok: 200,
      request: async (r, o) => ({ url: `/api/v1/disclosures/${(await publishedFor(env, r, o)).id}/correct`, payload: { content: content(env.next()), reason: '金额笔误' } }),
    },
    {
      method: 'POST', route: '/api/v1/disclosures/:id/questions/:qid/answer', permission: 'disclosure:question:answer', scoped: true, ok: 200,
      request: async (r, o) => {
        const d = await publishedFor(env, r, o);
        const q = await askQuestion(db(), anonymousActor(), d.id, { content: '这笔钱用在哪里？' });
        return { url: `/api/v1/disclosures/${d.id}/questions/${q.id}/answer`, payload: { answer: '用于修路。' } };
      },
    },
  ];
}
