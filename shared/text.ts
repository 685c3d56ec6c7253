/**
 * Text PostgreSQL can store. It refuses U+0000 in `text` and `jsonb`, and a lone UTF-16 surrogate has no
 * UTF-8 form at all; both are refused at the edge, naming the field, instead of failing in SQL.
 */

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/** What is wrong with `s`, in words, or undefined when it can be stored. */
export function unstorableReason(s: string): string | undefined {
  if (!UNSTORABLE.test(s)) return undefined;
  return s.includes('\u0000') ? 'contains a NUL character (U+0000)' : 'contains half of a UTF-16 surrogate pair (not a character)';
}

/** A name as a person can read it in an error: the characters at fault written as \uXXXX. */
// eslint-disable-next-line no-control-regex
export const printable = (s: string): string => s.replace(/[\u0000-\u001f\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export interface TextProblem {
  field: string;
  reason: 'invalid';
  message: string;
}

/**
 * Every string and property name in a parsed JSON value that cannot be stored, named by its path
 * ("values.online_pct|901", "observations.3.source"). Walks with its own stack: nesting depth is the
 * sender's choice. Stops after `max` problems.
 */
export function unstorableText(root: unknown, max = 20, rootName = '(body)'): TextProblem[] {
  const out: TextProblem[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  // A path as deep as the sender nested it would make an answer as long; its end says where.
  const name = (path: string) => (path.length > 200 ? `…${path.slice(-200)}` : path || rootName);
  while (stack.length > 0 && out.length < max) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const why = unstorableReason(value);
      if (why) out.push({ field: name(path), reason: 'invalid', message: `the text of "${name(path)}" ${why}` });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: path ? `${path}.${i}` : String(i) });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        const at = path ? `${path}.${printable(k)}` : printable(k);
        const why = unstorableReason(k);
        if (why) out.push({ field: name(at), reason: 'invalid', message: `the name "${name(at)}" ${why}` });
        stack.push({ value: v, path: at });
      }
    }
  }
  return out.slice(0, max);
}

/**
 * Lower case, no diacritics, "đ" as "d", single spaces: "Huyện  Đức Hòa" and "huyen duc hoa" compare
 * equal, and so do the old and new tone placements ("Hoà", "Hòa") and "Quý 2/2022" and "quy 2/2022".
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
