/**
 * Public shapes the portal reads that @mpw/contracts does not export as types (the matters schemas live
 * in the server: apps/server/src/modules/matters/matters.schemas.ts, ZPublicMatter). Types only.
 */
export type TStepState = 'done' | 'current' | 'pending' | 'skipped';

export interface TPublicMatter {
  id: string;
  matterNo: string;
  title: string;
  itemId: string;
  itemName: string;
  regionCode: string;
  status: 'running' | 'paused' | 'completed' | 'rejected' | 'withdrawn';
  applicantName: string | null;
  amountFen: number | null;
  currentStepName: string | null;
  noticeEndsOn: string | null;
  createdAt: string;
  steps?: { index: number; name: string; kind: string; state: TStepState; disclose: string }[];
  events?: { stepName: string | null; action: string; note: string | null; at: string }[];
  objections?: { raisedAt: string; answer: string | null; answeredAt: string | null }[];
}

export interface Paged<T> {
  data: T[];
  total: number;
}
