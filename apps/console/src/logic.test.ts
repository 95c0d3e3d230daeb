import { describe, expect, it } from 'vitest';
import { passwordProblem, type TRegionTreeNode } from '@mpw/contracts';
import { fenToYuanText, generatePassword, shortHash, yuanToFen } from './format';
import { findInTree, normalizeTree, subtreeStats } from './region';
import { DICTIONARIES, translate } from './i18n';
import { PAGES, pageForPath } from './routes';

/** Counts include everything below a node, as the server computes them. */
const tree: TRegionTreeNode = {
  code: '330102000000',
  name: '上城区',
  level: 'district',
  userCount: 7,
  villageCount: 3,
  children: [
    {
      code: '330102001000',
      name: '东风镇',
      level: 'township',
      userCount: 4,
      villageCount: 2,
      children: [
        { code: '330102001001', name: '东风村', level: 'village', userCount: 3, villageCount: 1, children: [] },
        { code: '330102001002', name: '向阳村', level: 'village', userCount: 0, villageCount: 1, children: [] },
      ],
    },
    {
      code: '330102002000',
      name: '红旗乡',
      level: 'township',
      userCount: 1,
      villageCount: 1,
      children: [{ code: '330102002001', name: '红旗村', level: 'village', userCount: 1, villageCount: 1, children: [] }],
    },
  ],
};

describe('money', () => {
  it('converts yuan to integer fen without float drift', () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(2500.5)).toBe(250050);
    expect(yuanToFen(19.99)).toBe(1999);
  });
  it('shows fen as yuan with two decimals', () => {
    expect(fenToYuanText(250050)).toBe('2,500.50');
    expect(fenToYuanText(5)).toBe('0.05');
  });
});

describe('generated passwords', () => {
  it('always meet the contracts complexity rules', () => {
    for (let i = 0; i < 200; i++) expect(passwordProblem(generatePassword(), 'zhangsan')).toBeNull();
  });
});

describe('region tree helpers', () => {
  it('accepts a node, a list or a page', () => {
    expect(normalizeTree(tree)).toEqual([tree]);
    expect(normalizeTree([tree])).toEqual([tree]);
    expect(normalizeTree({ data: [tree], total: 1 })).toEqual([tree]);
    expect(normalizeTree(null)).toEqual([]);
  });
  it('finds nodes and computes statistics of a subtree', () => {
    expect(findInTree([tree], '330102002001')?.name).toBe('红旗村');
    expect(findInTree([tree], '330102009999')).toBeNull();
    expect(subtreeStats(tree)).toEqual({ townships: 2, villages: 3, accounts: 7 });
    expect(subtreeStats(findInTree([tree], '330102001000'))).toEqual({ townships: 1, villages: 2, accounts: 4 });
  });
});

describe('i18n and routes', () => {
  it('has an English text for every key and fills placeholders', () => {
    expect(Object.keys(DICTIONARIES.en).sort()).toEqual(Object.keys(DICTIONARIES.zh).sort());
    expect(translate('zh', 'common.total', { total: 5 })).toBe('共 5 条');
    expect(translate('en', 'common.total', { total: 5 })).toBe('5 in total');
  });
  it('maps paths to menu pages', () => {
    expect(pageForPath('/')?.key).toBe('home');
    expect(pageForPath('/users')?.key).toBe('users');
    expect(pageForPath('/users/123')?.key).toBe('users');
    expect(pageForPath('/nowhere')).toBeUndefined();
    expect(PAGES.every((p) => p.key === 'home' || (p.anyOf?.length ?? 0) > 0)).toBe(true);
  });
  it('shortens hashes', () => {
    expect(shortHash('a'.repeat(64), 8)).toBe('aaaaaaaa…aaaa');
  });
});
