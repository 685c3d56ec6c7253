import { describe, expect, it } from 'vitest';
import { isStorableText, printable, unstorableText } from './text';

describe('text the database can store', () => {
  it('refuses NUL and half surrogate pairs, and keeps whole pairs', () => {
    for (const bad of ['\u0000', 'a\u0000', '\ud800', '\udfff', 'x\udc00y', '\ud83d', '\ude00\ud83d']) expect(isStorableText(bad), printable(bad)).toBe(false);
    for (const good of ['', 'Đức Hòa', '😀', '\ud83d\ude00x', '\u0001\t\n', '\ufffd']) expect(isStorableText(good), printable(good)).toBe(true);
  });

  it('names each field and property name at fault by its path', () => {
    expect(unstorableText({ values: { 'a\u0000': 'ok', b: ['x', '\ud800'] }, n: 1 }).map((p) => p.field)).toEqual(['values.a\\u0000', 'values.b.1']);
    expect(unstorableText('\u0000', 20, 'path')).toEqual([expect.objectContaining({ field: 'path', reason: 'invalid' })]);
  });

  it('walks nesting of any depth without running out of stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const [problem] = unstorableText(deep);
    expect(problem!.field.length).toBeLessThan(210);
  });
});
