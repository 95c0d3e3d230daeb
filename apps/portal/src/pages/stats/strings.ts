/**
 * Words of 公开统计. They live next to the page (not in `strings.ts`) so that they load only with it.
 */
export const ST = {
  title: '公开统计',
  heading: (region: string, year: number) => `${region}${year}年公开统计`,
  intro: '这些数字由平台按村里的办事、公开和监督记录自动统计，只有合计，不含任何人的个人信息。',
  notFound: '没有找到这个村的统计',
  figures: '今年的数字',
  noValue: '暂无数据',
  noFigures: '今年还没有可以统计的记录。',
  months: '每月情况',
  monthsIntro: '每一行是一个月，横条越长，这个月的件数越多。',
  seriesTotal: (total: string) => `今年以来共 ${total}`,
  seriesPeak: (month: string, value: string) => `，最多的是${month}（${value}）`,
  seriesNone: '今年还没有记录。',
  month: (m: number) => `${m}月`,
  updated: '数字随记录实时更新。',
};
