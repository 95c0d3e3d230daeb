/**
 * Words of 我要提问 and 村民问政 (问政会). They live next to the pages, not in `strings.ts`, so that they
 * load only with them. The label maps mirror HEARING_STATUS_LABELS, SATISFACTION_LEVEL_LABELS and
 * VILLAGE_QUESTION_STATUS_LABELS of @mpw/contracts (a value import would bring zod in; a test keeps
 * them equal).
 */
export const H = {
  askTitle: '我要提问',
  askIntro: '对村里的事有疑问，都可以问。村里要在5个工作日内答复，答复会公开在这里。',
  hearingTitle: '村民问政',
  hearingNotFound: '没有找到这场问政会',

  // Sessions (问政会)
  hearingsTitle: '村民问政会',
  hearingsIntro: '村干部当面述职述廉，村民提问、评议。',
  hearingsNone: '本村还没有安排问政会',
  hearingStatus: { scheduled: '即将召开', in_session: '正在问政', closed: '已结束', cancelled: '已取消' } as Record<string, string>,
  when: '时间',
  where: '地点',
  seeResults: '查看评议结果 ›',
  seeHearing: '查看详情、提前提问 ›',
  joinHearing: '进入问政会，提问、评议 ›',
  cancelled: (reason: string | null) => (reason ? `本场问政会已取消：${reason}` : '本场问政会已取消'),
  questionCounts: (n: number, a: number) => `已收到提问 ${n} 个，已答复 ${a} 个`,

  // Cadres and their reports (述职述廉)
  cadresTitle: '述职述廉',
  cadresNone: '没有列出参加述职的干部',
  report: '述职述廉报告',
  reportOpen: '展开阅读述职述廉报告',
  reportNone: '还没有发布述职述廉报告',
  reportPublished: (d: string) => `${d} 发布`,
  readAloud: '朗读报告',

  // 民主评议
  rateTitle: '民主评议',
  rateIntro: '请对每位干部作出评价：满意、基本满意或不满意。每人对每位干部只能评议一次，评议意见只有纪检人员能看到。',
  rateNeedVerify: '民主评议只限本村村民参加。请先用身份证号、姓名和本户查询码核验身份，核验后回到这里评议。',
  rateVerify: '先核验身份，再来评议',
  rateVerifiedAs: (name: string) => `已核验：${name}`,
  rated: '已评议',
  rateComment: '意见建议（可以不填）',
  rateSubmit: '提交评议',
  rateSending: '正在提交…',
  rateChooseOne: '请至少对一位干部选择满意、基本满意或不满意',
  rateDone: '评议已提交，谢谢您！',
  rateAllDone: '您已评议了本场所有干部，谢谢您！',
  rateChosen: (n: number) => `已选 ${n} 位干部`,
  level: { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' } as Record<string, string>,
  levels: ['satisfied', 'basically_satisfied', 'dissatisfied'] as const,

  // Results
  resultsTitle: '评议结果',
  resultsIntro: '问政会结束后公布每位干部的评议票数。',
  resultsNone: '没有收到评议',
  resultsTotal: (n: number) => `共 ${n} 人评议`,
  resultsCount: (n: number, pct: number) => `${n} 票（${pct}%）`,
  resultsHidden: '评议结果暂未公布',

  // Questions
  questionsTitle: '村民提问和答复',
  hearingQuestionsTitle: '本场提问和答复',
  questionsNone: '还没有人提问',
  questionsCount: (n: number) => `共 ${n} 个提问`,
  loadMore: '加载更多',
  loadingMore: '正在加载…',
  noMore: '已经全部显示',
  askedOn: (d: string) => `${d} 提问`,
  toCadre: (name: string) => `问：${name}`,
  inHearing: '问政会提问',
  answer: '答复',
  answeredBy: (who: string | null, d: string) => (who ? `${who} · ${d} 答复` : `${d} 答复`),
  waiting: (d: string) => `村里应在 ${d} 前答复`,
  overdue: (d: string) => `已超过答复期限，应在 ${d} 前答复`,
  overdueTag: '已超期',
  waitingTag: '待答复',
  answeredTag: '已答复',
  hiddenText: '该提问已被屏蔽',
  questionStatus: { open: '待答复', answered: '已答复', hidden: '已屏蔽' } as Record<string, string>,

  // Asking
  formTitle: '向村里提问',
  formHearingTitle: '在本场问政会提问',
  formContent: '您的问题（至少5个字）',
  formContentPlaceholder: '比如：村道修路的钱花在哪里了？',
  formTooShort: '请至少写5个字，把问题说清楚',
  formTo: '问谁',
  formToAll: '全体干部',
  formIdentity: '以什么身份提问',
  formAnonymous: '匿名',
  formRealName: (masked: string) => `实名，显示为：${masked}（已核验）`,
  formAnonymousHint: '不核验身份也可以提问，提问一律匿名，村里看不到您是谁。',
  formVerifyHint: '想实名提问？',
  formVerify: '先核验身份',
  formSubmit: '提交问题',
  formSending: '正在提交…',
  formDone: (d: string) => `已收到您的问题，村里应在 ${d} 前答复，答复会公开在下面。`,
  formDoneShort: '已收到您的问题，答复会公开在下面。',
  formAgain: '再问一个',
  formClosed: '本场问政会已结束，不再接受提问。可以到“我要提问”向村里提问。',
  formCancelled: '本场问政会已取消，不再接受提问。可以到“我要提问”向村里提问。',
  goAsk: '去“我要提问”',
} as const;
