import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { districtOfRegion, districtsOf, paragraphs, pickDistrict } from './typical';

describe('警示教育: which district', () => {
  it('takes the village’s district, else the address, else the last village opened', () => {
    expect(districtOfRegion('330299101201')).toBe('330299000000');
    expect(districtOfRegion('33029910')).toBeNull();
    expect(pickDistrict('330299101201', '440100000000', '110101001001')).toBe('330299000000');
    expect(pickDistrict(undefined, '440100000000', '330299101201')).toBe('440100000000');
    // Not a district code in the address: ignored.
    expect(pickDistrict(undefined, '330299101000', '330299101201')).toBe('330299000000');
    expect(pickDistrict(undefined, null, null)).toBeNull();
    expect(pickDistrict('bad', null, '330299101201')).toBeNull();
  });

  it('lists the districts of the villages once each, in order', () => {
    expect(
      districtsOf([
        { code: '330299101201', districtName: '演示区' },
        { code: '330299102203', districtName: '演示区' },
        { code: '440100001001', districtName: '另一区' },
      ]),
    ).toEqual([
      { code: '330299000000', name: '演示区' },
      { code: '440100000000', name: '另一区' },
    ]);
  });

  it('splits a text into paragraphs', () => {
    expect(paragraphs('第一段\n\n  第二段 \r\n')).toEqual(['第一段', '第二段']);
  });
});

describe('wiring', () => {
  it('has a lazy route under a village and without one, an enabled tile, and no value import from the contracts', () => {
    const main = readFileSync(new URL('../../main.tsx', import.meta.url), 'utf8');
    const sections = readFileSync(new URL('../../sections.tsx', import.meta.url), 'utf8');
    expect(main).toContain("lazy(() => import('./pages/typical/TypicalCases'))");
    expect(main).toContain('path="/typical-cases"');
    expect(main).toContain('path="/v/:code/typical-cases"');
    expect(sections).toMatch(/key: 'typical'.*enabled: true, path: 'typical-cases'/);
    for (const file of ['./TypicalCases.tsx', './typical.ts', './text.ts', './icon.tsx']) {
      const src = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(src, file).not.toMatch(/import \{[^}]*\} from '@mpw\/contracts'/);
    }
  });
});
