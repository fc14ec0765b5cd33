import { describe, expect, it } from 'vitest';
import { findDuplicateJsonKey } from '../lib/bundle/duplicate-json-key';

describe('finding a duplicated JSON key', () => {
  it.each([
    ['equal keys in different objects', '{"a": {"k": 1}, "b": [{"k": 1}, {"k": 2}]}'],
    ['braces, quotes and colons inside strings', '{"a": "}{\\"a\\": 1, [", "b": "a:"}'],
    ['values equal to a key', '{"a": "a", "b": "a", "c": ["a", "a"]}'],
    ['an array of equal strings at the root', '["k", "k"]'],
    ['a scalar', '"__proto__"'],
  ])('finds nothing in %s', (_name, json) => {
    expect(findDuplicateJsonKey(json)).toBeUndefined();
  });

  it('names the object holding the duplicate by keys and indexes', () => {
    expect(findDuplicateJsonKey('{"x": [{"y": {}}, {"y": {"k": 1, "z": {}, "k": 2}}]}')).toEqual({
      path: ['x', 1, 'y'],
      key: 'k',
      reason: 'duplicate',
    });
  });

  it('compares keys after unescaping', () => {
    expect(findDuplicateJsonKey('{"\\u0061": 1, "a": 2}')).toMatchObject({ key: 'a' });
  });

  it('refuses __proto__ as a key anywhere', () => {
    expect(findDuplicateJsonKey('{"m": {"ok": 1, "__proto__": {}}}')).toEqual({
      path: ['m'],
      key: '__proto__',
      reason: 'reserved',
    });
  });
});
