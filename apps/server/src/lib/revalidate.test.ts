import { describe, expect, it } from 'vitest';
import { ImmutableCache, cachesPerHandle } from './revalidate.js';

describe('ImmutableCache', () => {
  it('keeps at most its size, dropping the least recently used entry first', () => {
    const c = new ImmutableCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect([c.get('a'), c.get('b'), c.get('c'), c.size]).toEqual([1, undefined, 3, 2]);
  });
});

describe('cachesPerHandle', () => {
  it('gives each handle its own set, made once', () => {
    let made = 0;
    const caches = cachesPerHandle(() => ({ n: ++made }));
    const one = {};
    const two = {};
    expect(caches(one)).toBe(caches(one));
    expect(caches(two)).not.toBe(caches(one));
    expect(made).toBe(2);
  });
});
