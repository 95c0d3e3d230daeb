import type { Db } from '@mpw/db';
import type { TCaseDetail, TCaseStatus } from '@mpw/contracts';
import { systemActor, type Actor } from '../../lib/actor.js';
import * as cases from './cases.service.js';

let counter = 0;

/** A direct clue in `regionCode`, handled by `handlingRegionCode`, entered by `actor` (default the system). */
export async function newCase(db: Db, regionCode: string, handlingRegionCode: string, over: { actor?: Actor; subjectName?: string } = {}): Promise<TCaseDetail> {
  counter++;
  return cases.createCase(db, over.actor ?? systemActor(), {
    title: `测试案件${counter}`,
    sourceType: 'direct',
    regionCode,
    handlingRegionCode,
    subjectName: over.subjectName ?? `被调查人${counter}`,
    subjectPosition: '村委会主任',
    summary: '违规发放补贴。',
  });
}

const ORDER: TCaseStatus[] = ['preliminary', 'filed', 'investigating', 'reviewing', 'decided', 'executed'];

/** A case moved by the system actor along the flow up to `status` (decided with a warning and a recovery). */
export async function caseAt(db: Db, regionCode: string, handlingRegionCode: string, status: TCaseStatus, over: { subjectName?: string } = {}): Promise<TCaseDetail> {
  let c = await newCase(db, regionCode, handlingRegionCode, over);
  const s = systemActor();
  if (status === 'closed_unfiled') return cases.closeUnfiled(db, s, c.id, { reason: '测试了结' });
  const target = ORDER.indexOf(status);
  if (target >= 1) c = await cases.fileCase(db, s, c.id, {});
  if (target >= 2) c = await cases.startInvestigation(db, s, c.id, {});
  if (target >= 3) c = await cases.sendToReview(db, s, c.id, {});
  if (target >= 4) c = await cases.decideCase(db, s, c.id, { note: '给予党内警告处分，追缴违规资金。', sanctions: [{ category: 'party', measure: 'warning' }, { category: 'recovery', measure: 'recovery', amountFen: 12_000 }] });
  if (target >= 5) c = await cases.executeCase(db, s, c.id, {});
  return c;
}

/** A decided case with a typical case drafted by the system (so any district approver may decide it). */
export async function typicalDraftFor(db: Db, regionCode: string, handlingRegionCode: string): Promise<{ caseId: string; typicalId: string }> {
  const c = await caseAt(db, regionCode, handlingRegionCode, 'decided', { subjectName: '测试甲乙丙' });
  const d = await cases.draftTypical(db, systemActor(), c.id, { title: '某村干部违规发放补贴案', summary: '某村村委会主任违规发放补贴，受到党内警告处分。', lesson: '严格执行补贴发放程序。' });
  return { caseId: c.id, typicalId: d.typical!.id };
}
