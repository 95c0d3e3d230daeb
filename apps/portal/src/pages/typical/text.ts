/**
 * Words of the 警示教育 page (published typical cases, 以案促改). They live next to the page, not in
 * `strings.ts`, so that they load only with it.
 */
export const T = {
  title: '警示教育',
  heading: (district: string) => (district ? `${district}典型案例` : '典型案例'),
  intro: '以案为鉴、以案促改。这里公开的是纪检监察机关查处的身边不正之风和腐败问题典型案例，当事人姓名已经隐去。',
  none: '本区暂时没有公开的典型案例。',
  publishedOn: (d: string) => `${d} 公开`,
  lesson: '警示',
  count: (n: number) => `共 ${n} 个案例`,
  pickDistrict: '请选择区县',
  pickVillage: '先选择您所在的村',
  report: '发现类似问题？我要举报',
} as const;
