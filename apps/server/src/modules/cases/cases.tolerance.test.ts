/**
 * 容错纠错: proposed by the handling level with its grounds, approved one level up (a township case
 * by the district; a district case by another district account than the proposer), never by the
 * same level; the register lists every proposal and its outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, login, makeUser, makeWorld, type Client, type TestContext, type World } from '../../../test/helpers.js';
import { caseAt } from './cases.test-support.js';

let ctx: TestContext;
let w: World;
let township: Client;
let townshipColleague: Client;
let inspector: Client;
let inspectorB: Client;
const db = () => ctx.platform.deps.db;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  township = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  townshipColleague = await login(ctx.app, (await makeUser(ctx, w.townshipA, ['township_discipline'])).username);
  inspector = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
  inspectorB = await login(ctx.app, (await makeUser(ctx, w.district, ['district_inspector'])).username);
}, 120_000);
afterAll(() => ctx.close());

const register = async (c: Client, query = '') => ((await c.get(`/api/v1/cases/tolerance?pageSize=200${query}`)).json().data as { id: string; faultToleranceStatus: string }[]);

describe('容错纠错', () => {
  let townshipCaseId: string;

  it('is proposed by the handling township with grounds, only while investigating or reviewing', async () => {
    const early = await caseAt(db(), w.villageA1, w.townshipA, 'filed');
    expect((await township.post(`/api/v1/cases/${early.id}/tolerance`, { grounds: '为集体利益先行垫付' })).statusCode).toBe(409);
    const c = await caseAt(db(), w.villageA1, w.townshipA, 'investigating');
    townshipCaseId = c.id;
    const res = await township.post(`/api/v1/cases/${c.id}/tolerance`, { grounds: '为抢修水毁道路先行施工后补程序，未谋取私利，属于为集体担当作为中的失误。' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ faultToleranceStatus: 'pending', faultToleranceGrounds: expect.stringContaining('抢修') });
    expect(res.json().actions).not.toContain('decide_tolerance');
    expect((await township.post(`/api/v1/cases/${c.id}/tolerance`, { grounds: '再次提出' })).statusCode).toBe(409);
    // No decision while the proposal waits.
    await township.post(`/api/v1/cases/${c.id}/review`, {});
    expect((await township.post(`/api/v1/cases/${c.id}/decide`, { note: '不予处分', sanctions: [] })).statusCode).toBe(409);
  });

  it('is not approved at the same level, nor by the proposer', async () => {
    for (const c of [township, townshipColleague]) {
      const res = await c.post(`/api/v1/cases/${townshipCaseId}/tolerance/decide`, { approve: true, note: '同意' });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect((await register(township, '&status=pending')).map((c) => c.id)).toContain(townshipCaseId);
  });

  it('is approved one level up, and the case may then conclude without a sanction', async () => {
    const detail = (await inspector.get(`/api/v1/cases/${townshipCaseId}`)).json();
    expect(detail.actions).toContain('decide_tolerance');
    const res = await inspector.post(`/api/v1/cases/${townshipCaseId}/tolerance/decide`, { approve: true, note: '符合容错情形，予以容错。' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ faultToleranceStatus: 'approved', faultToleranceDecidedByName: expect.any(String), faultToleranceDecidedAt: expect.any(String) });
    expect(res.json().events.some((e: { kind: string; note: string }) => e.kind === 'tolerance_decided' && e.note.startsWith('批准容错'))).toBe(true);
    expect((await inspectorB.post(`/api/v1/cases/${townshipCaseId}/tolerance/decide`, { approve: false, note: '再审' })).statusCode).toBe(409);
    const decided = await township.post(`/api/v1/cases/${townshipCaseId}/decide`, { note: '予以容错，不予处分，批评教育。', sanctions: [] });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'decided', sanctions: [], recoveredFen: null });
  });

  it('for a district case, is decided by another district account than the proposer', async () => {
    const c = await caseAt(db(), w.townshipA, w.district, 'reviewing');
    expect((await inspector.post(`/api/v1/cases/${c.id}/tolerance`, { grounds: '先行先试中的失误' })).statusCode).toBe(200);
    expect((await inspector.post(`/api/v1/cases/${c.id}/tolerance/decide`, { approve: true, note: '同意' })).statusCode).toBe(403);
    // The township where it happened cannot even see it.
    expect((await township.post(`/api/v1/cases/${c.id}/tolerance/decide`, { approve: true, note: '同意' })).statusCode).toBe(404);
    const res = await inspectorB.post(`/api/v1/cases/${c.id}/tolerance/decide`, { approve: false, note: '造成集体资金损失，不符合容错情形。' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().faultToleranceStatus).toBe('rejected');
    // The register: every proposal with its outcome, filtered by status, within the reader's scope.
    const all = await register(inspector);
    expect(all.find((x) => x.id === c.id)?.faultToleranceStatus).toBe('rejected');
    expect(all.find((x) => x.id === townshipCaseId)?.faultToleranceStatus).toBe('approved');
    expect((await register(inspector, '&status=approved')).map((x) => x.id)).toEqual([townshipCaseId]);
    expect((await register(township)).map((x) => x.id)).toEqual([townshipCaseId]);
  });
});
