import { DECISION_STAGES, DECISION_STAGE_LABELS, FLOW_STEP_KIND_LABELS, ROLE_DEFINITIONS } from '@mpw/contracts';
import type { TFlow, TFlowStep, TFlowStepKind } from '@mpw/contracts';
import { escapeXml, estimateTextWidth, wrapText } from './text.js';

export interface FlowchartOptions {
  /** Width of the drawing in px (default 360, a phone screen; at least 240). */
  width?: number;
  /** The step being worked on now (drawn with a heavy border and a “当前办理” badge). */
  highlightStepId?: string;
  completedStepIds?: readonly string[];
  /** Conditional steps that did not apply to this matter. */
  skippedStepIds?: readonly string[];
  /** Heading of the chart and the SVG's accessible name (default “办理流程”). */
  title?: string;
  /** 'screen' uses colour; 'print' is black on white. */
  theme?: 'screen' | 'print';
  /**
   * Words for the settings named in step conditions, e.g. the district's current value
   * `{ 'decisions.majorMatterThresholdFen': '5万元' }`. Known settings have a default wording.
   */
  settingLabels?: Readonly<Record<string, string>>;
}

/** Default wording of the threshold settings used by the district catalogue. */
export const DEFAULT_SETTING_LABELS: Readonly<Record<string, string>> = {
  'decisions.majorMatterThresholdFen': '重大事项标准',
  'assets.disposalThresholdFen': '资产资源公开交易标准',
};

type TStepState = 'current' | 'completed' | 'skipped' | 'pending';

interface Palette {
  background: string;
  cardFill: string;
  cardStroke: string;
  text: string;
  muted: string;
  arrow: string;
  returnArrow: string;
  condition: string;
  kind: Record<TFlowStepKind, string>;
  numberText: string;
  state: Record<Exclude<TStepState, 'pending'>, { fill: string; stroke: string; strokeWidth: number; badgeFill: string; badgeText: string; badgeStroke: string }>;
}

const PALETTES: Record<'screen' | 'print', Palette> = {
  screen: {
    background: '#f5f7fa',
    cardFill: '#ffffff',
    cardStroke: '#c9cdd4',
    text: '#1f1f1f',
    muted: '#4e5969',
    arrow: '#86909c',
    returnArrow: '#cb2634',
    condition: '#874d00',
    // Dark shades so that kind labels keep at least 4.5:1 contrast on white.
    kind: {
      application: '#0958d9',
      review: '#ad4e00',
      meeting: '#531dab',
      notice: '#874d00',
      filing: '#006d75',
      execution: '#237804',
      disclosure: '#9e1068',
    },
    numberText: '#ffffff',
    state: {
      current: { fill: '#e6f4ff', stroke: '#1677ff', strokeWidth: 3, badgeFill: '#0958d9', badgeText: '#ffffff', badgeStroke: '#0958d9' },
      completed: { fill: '#f6ffed', stroke: '#95de64', strokeWidth: 1.5, badgeFill: '#237804', badgeText: '#ffffff', badgeStroke: '#237804' },
      skipped: { fill: '#f2f3f5', stroke: '#a9aeb8', strokeWidth: 1.5, badgeFill: '#f2f3f5', badgeText: '#4e5969', badgeStroke: '#86909c' },
    },
  },
  print: {
    background: '#ffffff',
    cardFill: '#ffffff',
    cardStroke: '#000000',
    text: '#000000',
    muted: '#000000',
    arrow: '#000000',
    returnArrow: '#000000',
    condition: '#000000',
    kind: {
      application: '#000000',
      review: '#000000',
      meeting: '#000000',
      notice: '#000000',
      filing: '#000000',
      execution: '#000000',
      disclosure: '#000000',
    },
    numberText: '#ffffff',
    state: {
      current: { fill: '#ffffff', stroke: '#000000', strokeWidth: 3.5, badgeFill: '#000000', badgeText: '#ffffff', badgeStroke: '#000000' },
      completed: { fill: '#ffffff', stroke: '#000000', strokeWidth: 1, badgeFill: '#ffffff', badgeText: '#000000', badgeStroke: '#000000' },
      skipped: { fill: '#ffffff', stroke: '#000000', strokeWidth: 1, badgeFill: '#ffffff', badgeText: '#000000', badgeStroke: '#000000' },
    },
  },
};

const STATE_BADGES: Record<Exclude<TStepState, 'pending'>, string> = { current: '当前办理', completed: '✓ 已完成', skipped: '已跳过' };
const STATE_LEGEND: Record<Exclude<TStepState, 'pending'>, string> = { current: '正在办理的步骤', completed: '已办结的步骤', skipped: '不适用、已跳过的步骤' };
const STATE_CLASSES: Record<TStepState, string> = { current: 'is-current', completed: 'is-completed', skipped: 'is-skipped', pending: 'is-pending' };

const FONT_FAMILY = "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif";

/** Sizes in px. Nothing is smaller than 14 px, so the chart reads on a phone. */
const L = {
  pad: 12,
  gap: 34,
  returnGutter: 32,
  titleSize: 18,
  titleLine: 26,
  nameSize: 16,
  nameLine: 23,
  bodySize: 14,
  bodyLine: 20,
  boxPadTop: 10,
  boxPadBottom: 12,
  kindRow: 26,
  innerLeft: 22,
  innerRight: 12,
  numberRadius: 12,
  radius: 10,
  dash: '6 4',
  minWidth: 240,
};

interface StepBlock {
  step: TFlowStep;
  index: number;
  state: TStepState;
  isConditional: boolean;
  nameLines: string[];
  detailLines: { text: string; kind: 'stage' | 'meta' | 'condition' }[];
  y: number;
  height: number;
}

/** Short id prefix derived from the input, so that several charts can share one HTML page. */
function idPrefix(seed: string): string {
  let h = 5381;
  for (let i = 0; i < seed.length; i++) h = ((h << 5) + h + seed.charCodeAt(i)) >>> 0;
  return `mpwf${h.toString(36)}`;
}

function deadlineText(step: TFlowStep): string {
  return step.kind === 'notice' ? `公示${step.days}天` : `${step.deadlineDays}个工作日`;
}

function conditionText(step: TFlowStep, labels: Readonly<Record<string, string>>): string | null {
  if (!step.when) return null;
  const key = step.when.amountAtLeastSetting;
  return `条件：金额达到${labels[key] ?? `设置项“${key}”`}时办理`;
}

function stageText(step: TFlowStep): string | null {
  if (step.kind !== 'meeting') return null;
  return `环节 ${DECISION_STAGES.indexOf(step.stage) + 1}/${DECISION_STAGES.length} · ${DECISION_STAGE_LABELS[step.stage]}`;
}

function roleLabel(step: TFlowStep): string {
  return ROLE_DEFINITIONS[step.role]?.label.zh ?? step.role;
}

function stateOf(step: TFlowStep, options: FlowchartOptions): TStepState {
  if (options.highlightStepId === step.id) return 'current';
  if (options.skippedStepIds?.includes(step.id)) return 'skipped';
  if (options.completedStepIds?.includes(step.id)) return 'completed';
  return 'pending';
}

function canReturn(step: TFlowStep): boolean {
  return step.kind === 'review' && step.canReturn !== false;
}

/** One <text> element per line. */
function textLines(lines: readonly string[], x: number, firstBaseline: number, lineHeight: number, attrs: string): string {
  return lines.map((line, i) => `<text x="${x}" y="${round(firstBaseline + i * lineHeight)}" ${attrs}>${escapeXml(line)}</text>`).join('');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The sentences of <desc>: the whole chart for a screen reader. */
function describe(title: string, blocks: readonly StepBlock[], returners: readonly StepBlock[], labels: Readonly<Record<string, string>>): string {
  const parts = blocks.map((b) => {
    const s = b.step;
    const extra = [stageText(s), conditionText(s, labels), b.state === 'pending' ? null : STATE_BADGES[b.state].replace('✓ ', '')].filter(Boolean);
    return `第${b.index + 1}步，${FLOW_STEP_KIND_LABELS[s.kind]}：${s.name}，由${roleLabel(s)}办理，${deadlineText(s)}${extra.length ? `（${extra.join('；')}）` : ''}。`;
  });
  const back = returners.length ? `审核不通过的，可从第${returners.map((b) => b.index + 1).join('、')}步退回第1步补正。` : '';
  return `${title}，共${blocks.length}步。${parts.join('')}${back}`;
}

/**
 * Renders a flow as a standalone SVG document: one card per step from top to bottom, joined
 * by arrows. Each card shows the step's number, kind, name, acting role and time limit; a
 * meeting shows its 四议两公开 stage; a conditional step is dashed and says its condition.
 * Review steps that may send the matter back are joined to the first step by a return line.
 * Pure: the same input always gives the same string.
 */
export function renderFlowchartSvg(flow: TFlow, options: FlowchartOptions = {}): string {
  const width = Math.max(L.minWidth, Math.round(options.width ?? 360));
  const theme = options.theme === 'print' ? 'print' : 'screen';
  const p = PALETTES[theme];
  const labels = { ...DEFAULT_SETTING_LABELS, ...options.settingLabels };
  const title = options.title?.trim() || '办理流程';
  const id = idPrefix(JSON.stringify([flow, options]));

  const hasReturn = flow.steps.some((s, i) => i > 0 && canReturn(s));
  const boxX = L.pad;
  const boxW = width - 2 * L.pad - (hasReturn ? L.returnGutter : 0);
  const innerX = boxX + L.innerLeft;
  const innerW = boxW - L.innerLeft - L.innerRight;

  const titleLines = wrapText(title, width - 2 * L.pad, L.titleSize, true);
  let y = L.pad + titleLines.length * L.titleLine + 12;

  const blocks: StepBlock[] = flow.steps.map((step, index) => {
    const detailLines: StepBlock['detailLines'] = [];
    const stage = stageText(step);
    if (stage) detailLines.push(...wrapText(stage, innerW, L.bodySize).map((text) => ({ text, kind: 'stage' as const })));
    detailLines.push(...wrapText(`${roleLabel(step)} · ${deadlineText(step)}`, innerW, L.bodySize).map((text) => ({ text, kind: 'meta' as const })));
    const condition = conditionText(step, labels);
    if (condition) detailLines.push(...wrapText(condition, innerW, L.bodySize).map((text) => ({ text, kind: 'condition' as const })));
    const nameLines = wrapText(step.name, innerW, L.nameSize, true);
    const height = L.boxPadTop + L.kindRow + nameLines.length * L.nameLine + 4 + detailLines.length * L.bodyLine + L.boxPadBottom;
    const block: StepBlock = { step, index, state: stateOf(step, options), isConditional: Boolean(step.when), nameLines, detailLines, y, height };
    y += height + L.gap;
    return block;
  });
  const returners = blocks.filter((b) => b.index > 0 && canReturn(b.step));

  const out: string[] = [];

  // Title.
  out.push(textLines(titleLines, L.pad, L.pad + L.titleSize, L.titleLine, `class="mpw-title" font-size="${L.titleSize}" font-weight="700" fill="${p.text}"`));

  // Arrows between consecutive steps (drawn first, under the cards).
  blocks.slice(1).forEach((b, i) => {
    const prev = blocks[i]!;
    const x = boxX + boxW / 2;
    out.push(`<line class="mpw-arrow" x1="${x}" y1="${round(prev.y + prev.height)}" x2="${x}" y2="${round(b.y - 3)}" stroke="${p.arrow}" stroke-width="2" marker-end="url(#${id}-arrow)"/>`);
  });

  // The return line: every returning review joins one lane on the right that leads back to step 1.
  if (returners.length > 0) {
    const first = blocks[0]!;
    const laneX = boxX + boxW + L.returnGutter / 2;
    const targetY = first.y + L.boxPadTop + L.kindRow / 2;
    const rowY = (b: StepBlock) => round(b.y + L.boxPadTop + L.kindRow / 2);
    const lowest = returners[returners.length - 1]!;
    const attrs = `fill="none" stroke="${p.returnArrow}" stroke-width="1.6" stroke-dasharray="5 3"`;
    const lane: string[] = [`<path d="M${laneX},${rowY(lowest)} V${round(targetY)} H${boxX + boxW + 3}" ${attrs} marker-end="url(#${id}-return)"/>`];
    for (const b of returners) {
      lane.push(`<path d="M${boxX + boxW},${rowY(b)} H${laneX}" ${attrs}/>`);
      if (b !== lowest) lane.push(`<circle cx="${laneX}" cy="${rowY(b)}" r="2.5" fill="${p.returnArrow}"/>`);
    }
    // “退回” written down the lane, on a patch of background so the dashes do not cross it.
    const topStub = rowY(returners[0]!);
    if (topStub - targetY >= 56) {
      const mid = (topStub + targetY) / 2;
      lane.push(`<rect x="${laneX - 9}" y="${round(mid - 20)}" width="18" height="40" fill="${p.background}"/>`);
      lane.push(textLines(['退', '回'], laneX, mid - 4, 18, `font-size="${L.bodySize}" text-anchor="middle" fill="${p.returnArrow}"`));
    }
    out.push(`<g class="mpw-return" aria-hidden="true">${lane.join('')}</g>`);
  }

  // Step cards.
  for (const b of blocks) out.push(renderStep(b, { boxX, boxW, innerX, p }));

  // Legend.
  const legendTop = y - L.gap + 22;
  const legend = renderLegend({ top: legendTop, width, id, p, hasReturn, hasConditional: blocks.some((b) => b.isConditional), states: [...new Set(blocks.map((b) => b.state))] });
  const height = Math.ceil(legend.bottom + L.pad);

  const desc = describe(title, blocks, returners, labels);
  const defs =
    `<defs>` +
    `<marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${p.arrow}"/></marker>` +
    `<marker id="${id}-return" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${p.returnArrow}"/></marker>` +
    `</defs>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="mpw-flowchart mpw-flowchart--${theme}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="max-width:100%;height:auto" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${escapeXml(FONT_FAMILY)}">` +
    `<title id="${id}-title">${escapeXml(title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(desc)}</desc>` +
    defs +
    `<rect class="mpw-background" x="0" y="0" width="${width}" height="${height}" fill="${p.background}"/>` +
    out.join('') +
    legend.svg +
    `</svg>`
  );
}

function badgeWidth(text: string): number {
  return Math.ceil(estimateTextWidth(text, L.bodySize) + 16);
}

function badge(text: string, right: number, centerY: number, colours: { badgeFill: string; badgeText: string; badgeStroke: string }): string {
  const w = badgeWidth(text);
  const x = right - w;
  return (
    `<rect class="mpw-badge" x="${round(x)}" y="${round(centerY - 11)}" width="${w}" height="22" rx="11" fill="${colours.badgeFill}" stroke="${colours.badgeStroke}" stroke-width="1"/>` +
    `<text class="mpw-badge-text" x="${round(x + w / 2)}" y="${round(centerY + 5)}" font-size="${L.bodySize}" text-anchor="middle" fill="${colours.badgeText}">${escapeXml(text)}</text>`
  );
}

function renderStep(b: StepBlock, g: { boxX: number; boxW: number; innerX: number; p: Palette }): string {
  const { p, boxX, boxW, innerX } = g;
  const s = b.step;
  const kindColour = p.kind[s.kind];
  const stateStyle = b.state === 'pending' ? null : p.state[b.state];
  const fill = stateStyle?.fill ?? p.cardFill;
  const stroke = stateStyle && b.state !== 'skipped' ? stateStyle.stroke : b.isConditional ? p.arrow : p.cardStroke;
  const strokeWidth = stateStyle?.strokeWidth ?? (b.isConditional ? 1.6 : 1.2);
  const dash = b.isConditional ? ` stroke-dasharray="${L.dash}"` : '';
  const textColour = b.state === 'skipped' ? p.muted : p.text;
  const classes = ['mpw-step', `mpw-step--${s.kind}`, STATE_CLASSES[b.state], b.isConditional ? 'is-conditional' : ''].filter(Boolean).join(' ');

  const parts: string[] = [];
  parts.push(`<rect x="${boxX}" y="${round(b.y)}" width="${boxW}" height="${b.height}" rx="${L.radius}" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"${dash}/>`);
  // A bar in the kind's colour down the left side of the card.
  parts.push(`<rect x="${boxX + 8}" y="${round(b.y + 10)}" width="4" height="${b.height - 20}" rx="2" fill="${b.state === 'skipped' ? p.arrow : kindColour}"/>`);

  const rowMid = b.y + L.boxPadTop + L.kindRow / 2;
  const cx = innerX + L.numberRadius;
  const numberFill = b.state === 'skipped' ? p.muted : kindColour;
  parts.push(`<circle cx="${cx}" cy="${round(rowMid)}" r="${L.numberRadius}" fill="${numberFill}"/>`);
  parts.push(`<text x="${cx}" y="${round(rowMid + 5)}" font-size="14" font-weight="700" text-anchor="middle" fill="${p.numberText}">${b.index + 1}</text>`);
  parts.push(`<text class="mpw-kind" x="${innerX + 2 * L.numberRadius + 8}" y="${round(rowMid + 5)}" font-size="${L.bodySize}" font-weight="700" fill="${b.state === 'skipped' ? p.muted : kindColour}">${escapeXml(FLOW_STEP_KIND_LABELS[s.kind])}</text>`);
  if (stateStyle && b.state !== 'pending') parts.push(badge(STATE_BADGES[b.state], boxX + boxW - L.innerRight, rowMid, stateStyle));

  let baseline = b.y + L.boxPadTop + L.kindRow + L.nameSize + 2;
  parts.push(textLines(b.nameLines, innerX, baseline, L.nameLine, `class="mpw-name" font-size="${L.nameSize}" font-weight="700" fill="${textColour}"`));
  baseline += (b.nameLines.length - 1) * L.nameLine + 4 + L.bodyLine;
  for (const line of b.detailLines) {
    const colour = line.kind === 'condition' ? (b.state === 'skipped' ? p.muted : p.condition) : line.kind === 'stage' ? (b.state === 'skipped' ? p.muted : p.kind.meeting) : p.muted;
    const weight = line.kind === 'stage' ? ' font-weight="700"' : '';
    parts.push(`<text class="mpw-${line.kind}" x="${innerX}" y="${round(baseline)}" font-size="${L.bodySize}"${weight} fill="${colour}">${escapeXml(line.text)}</text>`);
    baseline += L.bodyLine;
  }
  return `<g class="${classes}" data-step-id="${escapeXml(s.id)}">${parts.join('')}</g>`;
}

interface LegendInput {
  top: number;
  width: number;
  id: string;
  p: Palette;
  hasReturn: boolean;
  hasConditional: boolean;
  states: TStepState[];
}

/** The legend: what the line styles and badges mean, laid out in rows that wrap. */
function renderLegend(input: LegendInput): { svg: string; bottom: number } {
  const { top, width, id, p } = input;
  const items: { sampleWidth: number; sample: (x: number, midY: number) => string; label: string }[] = [];
  const box = (isDashed: boolean) => (x: number, midY: number) =>
    `<rect x="${x}" y="${round(midY - 8)}" width="30" height="16" rx="4" fill="${p.cardFill}" stroke="${isDashed ? p.arrow : p.cardStroke}" stroke-width="1.4"${isDashed ? ' stroke-dasharray="4 3"' : ''}/>`;
  items.push({ sampleWidth: 30, sample: box(false), label: '必经步骤' });
  if (input.hasConditional) items.push({ sampleWidth: 30, sample: box(true), label: '条件步骤（达到金额标准才办理）' });
  if (input.hasReturn) {
    items.push({
      sampleWidth: 30,
      sample: (x, midY) => `<path d="M${x + 30},${round(midY)} H${x + 4}" fill="none" stroke="${p.returnArrow}" stroke-width="1.6" stroke-dasharray="5 3" marker-end="url(#${id}-return)"/>`,
      label: '审核不通过，退回第1步补正',
    });
  }
  for (const state of ['current', 'completed', 'skipped'] as const) {
    if (!input.states.includes(state)) continue;
    const text = STATE_BADGES[state];
    const w = badgeWidth(text);
    items.push({ sampleWidth: w, sample: (x, midY) => badge(text, x + w, midY, p.state[state]), label: STATE_LEGEND[state] });
  }

  const parts: string[] = [
    `<line x1="${L.pad}" y1="${round(top)}" x2="${width - L.pad}" y2="${round(top)}" stroke="${p.cardStroke}" stroke-width="1"/>`,
    `<text x="${L.pad}" y="${round(top + 26)}" font-size="${L.bodySize}" font-weight="700" fill="${p.text}">图例</text>`,
  ];
  const rowH = 26;
  const maxX = width - L.pad;
  let rowTop = top + 36;
  let x = L.pad;
  for (const item of items) {
    const labelLines = wrapText(item.label, maxX - L.pad - item.sampleWidth - 8, L.bodySize);
    const itemW = item.sampleWidth + 8 + Math.max(...labelLines.map((l) => estimateTextWidth(l, L.bodySize)));
    if (x > L.pad && (x + itemW > maxX || labelLines.length > 1)) {
      x = L.pad;
      rowTop += rowH;
    }
    const midY = rowTop + rowH / 2;
    parts.push(item.sample(x, midY));
    parts.push(textLines(labelLines, x + item.sampleWidth + 8, midY + 5, L.bodyLine, `font-size="${L.bodySize}" fill="${p.muted}"`));
    rowTop += (labelLines.length - 1) * L.bodyLine;
    x = labelLines.length > 1 ? maxX : x + itemW + 18;
  }
  return { svg: `<g class="mpw-legend">${parts.join('')}</g>`, bottom: rowTop + rowH };
}
