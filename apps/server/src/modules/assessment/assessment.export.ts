import type { DbOrTx } from '@mpw/db';
import type { TAssessmentResult, TAssessmentResultItem } from '@mpw/contracts';
import type { Actor } from '../../lib/actor.js';
import { sheet, workbook, type XlsxColumn } from '../../lib/xlsx.js';
import { findResults, getSchemeById } from './assessment.service.js';

/** The fixed columns of the results sheet; each indicator's points follow 调整原因 and come before 数据覆盖率(%). */
export const RESULT_HEADERS = ['排名', '单位', '最终得分', '计算得分', '调整后得分', '调整原因'] as const;
export const DETAIL_HEADERS = ['单位', '指标', '权重', '取值', '得分', '记录数', '数据是否充足', '计分说明'] as const;

type Detail = TAssessmentResultItem & { regionName: string };

/**
 * A period's results as an .xlsx workbook (Chinese headers), in the reader's scope: sheet 考核结果
 * with one row per unit (rank, scores, each indicator's points, data coverage), sheet 计分说明 with
 * every indicator's value, records and explanation.
 */
export async function exportResultsXlsx(db: DbOrTx, actor: Actor, schemeId: string, period: string, q: { regionCode?: string }): Promise<{ name: string; body: Buffer }> {
  const scheme = await getSchemeById(db, actor, schemeId);
  const { data } = await findResults(db, actor, schemeId, period, q);
  const [rank, unit, final, computed, adjusted, reason] = RESULT_HEADERS;
  const results: XlsxColumn<TAssessmentResult>[] = [
    { header: rank, kind: 'number', width: 6, value: (r) => r.rank },
    { header: unit, value: (r) => r.regionName },
    { header: final, kind: 'number', width: 10, value: (r) => r.finalScore },
    { header: computed, kind: 'number', width: 10, value: (r) => r.computedScore },
    { header: adjusted, kind: 'number', width: 12, value: (r) => r.adjustedScore },
    { header: reason, width: 30, value: (r) => r.adjustmentReason },
    ...scheme.indicators.map((i): XlsxColumn<TAssessmentResult> => ({ header: `${i.name}（${i.weight}分）`, kind: 'number', width: 14, value: (r) => r.items.find((x) => x.key === i.key)?.points ?? 0 })),
    { header: '数据覆盖率(%)', kind: 'number', width: 14, value: (r) => Math.round(r.coverage * 1000) / 10 },
    { header: '数据不足的指标', width: 30, value: (r) => r.items.filter((i) => !i.enoughData).map((i) => i.name).join('、') },
  ];
  const [dUnit, dName, dWeight, dValue, dPoints, dRecords, dEnough, dExplain] = DETAIL_HEADERS;
  const details: XlsxColumn<Detail>[] = [
    { header: dUnit, value: (d) => d.regionName },
    { header: dName, value: (d) => d.name },
    { header: dWeight, kind: 'number', width: 8, value: (d) => d.weight },
    { header: dValue, kind: 'number', width: 8, value: (d) => d.value },
    { header: dPoints, kind: 'number', width: 8, value: (d) => d.points },
    { header: dRecords, kind: 'number', width: 8, value: (d) => d.records },
    { header: dEnough, width: 12, value: (d) => d.enoughData },
    { header: dExplain, width: 80, value: (d) => d.explanation },
  ];
  const body = await workbook(
    sheet('考核结果', results, data),
    sheet('计分说明', details, data.flatMap((r) => r.items.map((i) => ({ ...i, regionName: r.regionName })))),
  );
  return { name: `${scheme.name}-${period}`, body };
}
