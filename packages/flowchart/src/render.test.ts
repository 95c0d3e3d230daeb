import { describe, expect, it } from 'vitest';
import { ZFlow, type TFlow } from '@mpw/contracts';
import { renderFlowchartSvg } from './render.js';
import { estimateTextWidth } from './text.js';
// The district catalogue is the richest set of real flows there is; render every one of them.
import { DEFAULT_CATALOGUE } from '../../../apps/server/src/modules/power/power.catalogue.js';

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;

/** Character data may hold '&' only as an entity and never '<'. */
function checkCharacterData(text: string, where: string): void {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '<') throw new Error(`raw '<' in ${where}`);
    if (text[i] === '&') {
      ENTITY.lastIndex = i;
      if (!ENTITY.test(text)) throw new Error(`bare '&' in ${where}: ${text.slice(i, i + 12)}`);
    }
  }
}

/**
 * A small well-formedness check, enough for the SVG we write (no comments, CDATA or
 * processing instructions): tags nest and match, attributes are quoted and unique, text and
 * attribute values are escaped, and there is exactly one root element.
 */
function assertWellFormedXml(xml: string): void {
  const tag = /<(\/)?([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"]*")*)\s*(\/)?>/y;
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root element: ${text.slice(0, 20)}`);
    checkCharacterData(text, `text of <${stack[stack.length - 1] ?? ''}>`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 40)}`);
    const [, closing, name, attrs = '', selfClosing] = m;
    const names = new Set<string>();
    for (const a of attrs.matchAll(/([A-Za-z_][\w:.-]*)="([^"]*)"/g)) {
      if (names.has(a[1]!)) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
      names.add(a[1]!);
      checkCharacterData(a[2]!, `attribute ${a[1]} of <${name}>`);
    }
    if (closing) {
      if (attrs || selfClosing) throw new Error(`closing tag </${name}> with attributes`);
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name!);
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

/** Every <text> element: its position, size, weight and (unescaped) content. */
function texts(svg: string) {
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const attr = (n: string) => new RegExp(`\\b${n}="([^"]*)"`).exec(m[1]!)?.[1];
    const content = m[2]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    return { x: Number(attr('x')), fontSize: Number(attr('font-size')), isBold: attr('font-weight') === '700', anchor: attr('text-anchor'), content };
  });
}

const lowFlow: TFlow = ZFlow.parse({
  steps: [
    { id: 'apply', kind: 'application', name: '提出申请（村代办受理）', role: 'village_secretary', deadlineDays: 2 },
    { id: 'village_review', kind: 'review', name: '入户调查和民主评议', role: 'village_secretary', deadlineDays: 8 },
    { id: 'notice', kind: 'notice', name: '申请人及调查结果公示', role: 'village_secretary', deadlineDays: 5, days: 7 },
    { id: 'township_confirm', kind: 'review', name: '乡镇审核确认', role: 'township_staff', deadlineDays: 10 },
    { id: 'filing', kind: 'filing', name: '登记备案', role: 'township_staff', deadlineDays: 3 },
    { id: 'publish', kind: 'disclosure', name: '保障结果公开', role: 'village_secretary', deadlineDays: 2 },
  ],
});

const meetingFlow: TFlow = ZFlow.parse({
  steps: [
    { id: 'request', kind: 'application', name: '提出项目建设需求', role: 'village_secretary', deadlineDays: 5 },
    { id: 'proposal', kind: 'meeting', stage: 'proposal', name: '村党组织提议', role: 'village_secretary', deadlineDays: 3, when: { amountAtLeastSetting: 'decisions.majorMatterThresholdFen' } },
    { id: 'consultation', kind: 'meeting', stage: 'consultation', name: '村两委联席会议商议', role: 'village_secretary', deadlineDays: 3 },
    { id: 'acceptance', kind: 'review', name: '竣工验收', role: 'village_supervisor', deadlineDays: 10, canReturn: false },
    { id: 'publish', kind: 'disclosure', name: '实施结果公开', role: 'village_secretary', deadlineDays: 5 },
  ],
});

describe('renderFlowchartSvg', () => {
  it('is a standalone, accessible SVG with one card per step', () => {
    const svg = renderFlowchartSvg(lowFlow, { title: '最低生活保障（低保）申请' });
    assertWellFormedXml(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toMatch(/role="img"/);
    const labelledBy = /aria-labelledby="([^"]*)"/.exec(svg)![1]!.split(' ');
    expect(svg).toContain(`<title id="${labelledBy[0]}">最低生活保障（低保）申请</title>`);
    expect(svg).toMatch(new RegExp(`<desc id="${labelledBy[1]}">[^<]*第3步，公示：申请人及调查结果公示，由村书记/主任办理，公示7天`));
    expect(svg.match(/class="mpw-step /g)).toHaveLength(6);
    expect(svg).toMatch(/width="360"/);
  });

  it('shows kind, role and deadline of each step', () => {
    const contents = texts(renderFlowchartSvg(lowFlow)).map((t) => t.content);
    expect(contents).toEqual(expect.arrayContaining(['申请', '审核/审批', '公示', '乡镇备案', '结果公开', '入户调查和民主评议', '村书记/主任 · 8个工作日', '乡镇干部 · 10个工作日', '村书记/主任 · 公示7天']));
  });

  it('draws returns from review steps back to the first step, and not from reviews that cannot return', () => {
    const svg = renderFlowchartSvg(lowFlow);
    expect(svg).toContain('class="mpw-return"');
    expect(svg).toMatch(/可从第2、4步退回第1步补正/);
    const noReturn = renderFlowchartSvg(meetingFlow);
    expect(noReturn).not.toContain('class="mpw-return"');
    expect(noReturn).not.toContain('退回第1步');
  });

  it('marks meeting stages, and draws conditional steps dashed with their condition', () => {
    const svg = renderFlowchartSvg(meetingFlow);
    const contents = texts(svg).map((t) => t.content);
    expect(contents).toContain('四议两公开会议');
    expect(contents).toContain('环节 1/6 · 党组织提议');
    expect(contents).toContain('环节 2/6 · 两委会商议');
    expect(contents).toContain('条件：金额达到重大事项标准时办理');
    const proposal = /<g class="([^"]*)" data-step-id="proposal">(.*?)<\/g>/.exec(svg)!;
    expect(proposal[1]).toContain('is-conditional');
    expect(proposal[2]).toMatch(/^<rect [^>]*stroke-dasharray=/);
    const consultation = /<g class="([^"]*)" data-step-id="consultation">(.*?)<\/g>/.exec(svg)!;
    expect(consultation[2]).not.toMatch(/^<rect [^>]*stroke-dasharray=/);
    // A district can put its own words (e.g. the amount in force) into the condition.
    expect(renderFlowchartSvg(meetingFlow, { settingLabels: { 'decisions.majorMatterThresholdFen': '5万元' } })).toContain('条件：金额达到5万元时办理');
  });

  it('marks the current, completed and skipped steps with classes, badges and legend entries', () => {
    const svg = renderFlowchartSvg(meetingFlow, { highlightStepId: 'consultation', completedStepIds: ['request'], skippedStepIds: ['proposal'] });
    assertWellFormedXml(svg);
    expect(svg).toMatch(/<g class="mpw-step mpw-step--meeting is-current" data-step-id="consultation">/);
    expect(svg).toMatch(/<g class="mpw-step mpw-step--application is-completed" data-step-id="request">/);
    expect(svg).toMatch(/<g class="mpw-step mpw-step--meeting is-skipped is-conditional" data-step-id="proposal">/);
    expect(svg).toMatch(/<g class="mpw-step mpw-step--review is-pending" data-step-id="acceptance">/);
    const contents = texts(svg).map((t) => t.content);
    expect(contents).toEqual(expect.arrayContaining(['当前办理', '✓ 已完成', '已跳过', '正在办理的步骤', '已办结的步骤']));
    expect(renderFlowchartSvg(meetingFlow)).not.toContain('当前办理');
  });

  it('escapes text taken from the flow', () => {
    const flow = ZFlow.parse({
      steps: [{ id: 'apply', kind: 'application', name: `A<B & "C" 'D'</text><script>`, role: 'village_secretary', deadlineDays: 1 }],
    });
    const svg = renderFlowchartSvg(flow, { title: '<标题> & "引号"' });
    assertWellFormedXml(svg);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;标题&gt; &amp; &quot;引号&quot;');
    expect(svg).toContain('A&lt;B &amp; &quot;C&quot; &apos;D&apos;&lt;/text&gt;&lt;script&gt;');
  });

  it('uses only black and white in the print theme', () => {
    const svg = renderFlowchartSvg(meetingFlow, { theme: 'print', highlightStepId: 'consultation', completedStepIds: ['request'] });
    assertWellFormedXml(svg);
    const colours = new Set([...svg.matchAll(/(?:fill|stroke)="(#[0-9a-fA-F]{6})"/g)].map((m) => m[1]!.toLowerCase()));
    expect([...colours].sort()).toEqual(['#000000', '#ffffff']);
  });

  it('is deterministic, and gives different charts different ids', () => {
    expect(renderFlowchartSvg(lowFlow)).toBe(renderFlowchartSvg(lowFlow));
    const idOf = (svg: string) => /<title id="([^"]*)"/.exec(svg)![1];
    expect(idOf(renderFlowchartSvg(lowFlow))).not.toBe(idOf(renderFlowchartSvg(meetingFlow)));
  });

  describe('every item of the default district catalogue', () => {
    for (const width of [320, 360, 390]) {
      it(`renders well-formed, readable SVG at ${width} px`, () => {
        for (const { code, content } of DEFAULT_CATALOGUE) {
          const svg = renderFlowchartSvg(content.flow, { width, title: `${code} ${content.name}` });
          try {
            assertWellFormedXml(svg);
          } catch (e) {
            throw new Error(`${code}: ${(e as Error).message}`);
          }
          expect(svg.match(/class="mpw-step /g), code).toHaveLength(content.flow.steps.length);
          for (const t of texts(svg)) {
            expect(t.fontSize, `${code} “${t.content}”`).toBeGreaterThanOrEqual(14);
            // Left-aligned text (names, details, legend) stays inside the drawing's padding.
            if (!t.anchor) expect(t.x + estimateTextWidth(t.content, t.fontSize, t.isBold), `${code} “${t.content}”`).toBeLessThanOrEqual(width - 12);
          }
        }
      });
    }

    it('keeps step text inside its card', () => {
      for (const { code, content } of DEFAULT_CATALOGUE) {
        const svg = renderFlowchartSvg(content.flow, { width: 360 });
        for (const g of svg.matchAll(/<g class="mpw-step [^"]*" data-step-id="[^"]*">(.*?)<\/g>/g)) {
          const card = /^<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(g[1]!)!;
          const right = Number(card[1]) + Number(card[2]);
          for (const t of texts(g[1]!).filter((t) => !t.anchor)) {
            expect(t.x + estimateTextWidth(t.content, t.fontSize, t.isBold), `${code} “${t.content}”`).toBeLessThanOrEqual(right - 12);
          }
        }
      }
    });
  });
});
