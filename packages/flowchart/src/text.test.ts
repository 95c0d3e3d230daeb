import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeXml, estimateTextWidth, wrapText } from './text.js';

describe('escapeXml', () => {
  it('escapes markup characters and drops characters XML forbids', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXml('x\u0001y\u000Bz')).toBe('xyz');
    expect(escapeXml('换行\n和\t制表符保留')).toBe('换行\n和\t制表符保留');
  });
});

describe('wrapText', () => {
  it('breaks Chinese text between characters, each line within the width', () => {
    const lines = wrapText('村民向村民委员会提出书面申请并提交户口簿和身份证', 16 * 10, 16);
    expect(lines).toEqual(['村民向村民委员会提出', '书面申请并提交户口簿', '和身份证']);
  });

  it('keeps Latin words and numbers whole when they fit', () => {
    const lines = wrapText('公示7天后报乡镇备案，编号JC-01的事项', 14 * 8, 14);
    expect(lines.some((l) => l.includes('JC-01'))).toBe(true);
  });

  it('does not start a line with closing punctuation or end one with an opening mark', () => {
    const lines = wrapText('一二三四五六七八，九十（十一）十二', 16 * 8, 16);
    expect(lines[0]).toBe('一二三四五六七');
    expect(lines[1]!.startsWith('八，')).toBe(true);
    for (const line of lines) {
      expect('，。、；：！？）》」'.includes(line[0]!)).toBe(false);
      expect('（《「'.includes(line[line.length - 1]!)).toBe(false);
    }
  });

  it('splits a Latin word longer than a line', () => {
    const lines = wrapText('decisions.majorMatterThresholdFen', 100, 14);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('decisions.majorMatterThresholdFen');
  });

  it('property: every line fits, and no character is lost', () => {
    const unit = fc.constantFrom(...'村民委员会审批公示，。（）ABCxyz019 -&<');
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 80 }), fc.integer({ min: 40, max: 400 }), fc.constantFrom(14, 16, 18), fc.boolean(), (text, width, size, isBold) => {
        const lines = wrapText(text, width, size, isBold);
        for (const line of lines) {
          // A single glyph wider than the line is the only allowed overflow.
          if ([...line].length > 1) expect(estimateTextWidth(line, size, isBold)).toBeLessThanOrEqual(width);
        }
        expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});
