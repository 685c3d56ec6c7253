import { describe, expect, it } from 'vitest';
import { formatVnNumber, parseVnNumber, VN_NUMBER_MESSAGES, VN_NUMBER_PROBLEMS } from '../../shared/vnNumber';

const valueOf = (text: string) => {
  const r = parseVnNumber(text);
  if (!r.ok) throw new Error(`"${text}" was refused: ${r.reason}`);
  return r.value;
};
const reasonOf = (text: string) => {
  const r = parseVnNumber(text);
  return r.ok ? `read as ${r.value}` : r.reason;
};

describe('parseVnNumber', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['007', 7],
    ['12,5', 12.5],
    ['0,5', 0.5],
    ['-3,25', -3.25],
    ['−3,25', -3.25], // U+2212, pasted from a document
    ['+4', 4],
    ['100', 100],
    ['1234567', 1234567],
    ['1.234.567', 1234567],
    ['1.234,5', 1234.5],
    ['12.345.678,901', 12345678.901],
    ['-1.234,56', -1234.56],
  ])('reads the Vietnamese "%s" as %d', (text, value) => {
    expect(valueOf(text)).toBe(value);
  });

  it.each([
    ['12.5', 12.5],
    ['12.34', 12.34],
    ['12.3456', 12.3456],
    ['0.125', 0.125],
    ['1234.567', 1234.567],
    ['012.345', 12.345],
  ])('reads a lone dot not followed by a group of three ("%s") as a decimal point', (text, value) => {
    expect(valueOf(text)).toBe(value);
  });

  it('reads a comma followed by three digits as a decimal comma, and says the reading is ambiguous', () => {
    expect(parseVnNumber('1,234')).toEqual({ ok: true, value: 1.234, percent: false, ambiguous: true });
    expect(parseVnNumber('1.234')).toEqual({ ok: true, value: 1234, percent: false, ambiguous: true });
    // Not ambiguous: nobody writes a thousands separator after a zero, or groups of two.
    expect(parseVnNumber('0,125')).toMatchObject({ value: 0.125, ambiguous: false });
    expect(parseVnNumber('12,5')).toMatchObject({ ambiguous: false });
    expect(parseVnNumber('1.234.567')).toMatchObject({ ambiguous: false });
    expect(parseVnNumber('1.234,5')).toMatchObject({ ambiguous: false });
  });

  it('takes the last separator as the decimal one when both appear (an English-locale export)', () => {
    expect(valueOf('1,234.5')).toBe(1234.5);
    expect(valueOf('1,234,567.25')).toBe(1234567.25);
  });

  it('accepts a percent sign and keeps the value in percentage points', () => {
    expect(parseVnNumber('45,5%')).toEqual({ ok: true, value: 45.5, percent: true, ambiguous: false });
    expect(valueOf('45,5 %')).toBe(45.5);
    expect(valueOf('100%')).toBe(100);
    expect(valueOf('-2%')).toBe(-2);
  });

  it('accepts spaces, non-breaking and narrow spaces between thousands and around the number', () => {
    expect(valueOf('1 234 567')).toBe(1234567);
    expect(valueOf('1\u00a0234\u00a0567')).toBe(1234567);
    expect(valueOf('1\u202f234,5')).toBe(1234.5);
    expect(valueOf('1 234.5')).toBe(1234.5);
    expect(valueOf('  12,5\u00a0')).toBe(12.5);
    expect(valueOf('\t42\r')).toBe(42);
  });

  it('reads accounting-style parentheses as negative', () => {
    expect(valueOf('(1.234)')).toBe(-1234);
    expect(valueOf('(3,5)')).toBe(-3.5);
  });

  it('never returns -0', () => {
    expect(Object.is(valueOf('-0'), 0)).toBe(true);
    expect(Object.is(valueOf('-0,0'), 0)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\u00a0', 'empty'],
    ['-', 'empty'],
    ['%', 'empty'],
    ['abc', 'not-a-number'],
    ['12a', 'not-a-number'],
    ['12,5 ha', 'not-a-number'],
    ['1e5', 'not-a-number'],
    ['1,5E+03', 'not-a-number'],
    ['NaN', 'not-a-number'],
    ['Infinity', 'not-a-number'],
    ['12/5', 'not-a-number'],
    ['#N/A', 'not-a-number'],
    ['--5', 'not-a-number'],
    ['1,2,3', 'misplaced-separator'],
    ['12..5', 'misplaced-separator'],
    ['1.23.4', 'misplaced-separator'],
    ['1.234.5', 'misplaced-separator'],
    ['1.23,5', 'misplaced-separator'],
    ['0.123,5', 'misplaced-separator'],
    ['1,234.567,8', 'misplaced-separator'],
    ['1.234,5,6', 'misplaced-separator'],
    [',5', 'misplaced-separator'],
    ['5,', 'misplaced-separator'],
    ['.5', 'misplaced-separator'],
    ['5.', 'misplaced-separator'],
    ['1 23', 'misplaced-separator'],
    ['1 234.567,5', 'misplaced-separator'],
    ['12 345 6', 'misplaced-separator'],
    ['(-5)', 'misplaced-separator'],
    ['1,234,567', 'comma-thousands'],
    ['1'.repeat(65), 'too-long'],
  ])('refuses "%s" (%s)', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it('has a message in both languages for every reason', () => {
    for (const reason of VN_NUMBER_PROBLEMS) {
      expect(VN_NUMBER_MESSAGES[reason].vi).not.toBe('');
      expect(VN_NUMBER_MESSAGES[reason].en).not.toBe('');
    }
  });
});

describe('formatVnNumber', () => {
  it('writes dots between thousands and a decimal comma', () => {
    expect(formatVnNumber(1234567)).toBe('1.234.567');
    expect(formatVnNumber(12.5)).toBe('12,5');
    expect(formatVnNumber(-3.25)).toBe('-3,25');
    expect(formatVnNumber(0)).toBe('0');
    expect(formatVnNumber(0.1)).toBe('0,1');
    expect(formatVnNumber(999)).toBe('999');
    expect(formatVnNumber(1000)).toBe('1.000');
  });

  it('rounds to the decimals asked for', () => {
    expect(formatVnNumber(12, 1)).toBe('12,0');
    expect(formatVnNumber(1234.56, 1)).toBe('1.234,6');
    expect(formatVnNumber(-0.04, 1)).toBe('0,0');
  });

  it('reads back what it writes', () => {
    for (const v of [0, 1, 12.5, -3.25, 1234, 1234567.891, 0.0001, 99999.9]) {
      expect(valueOf(formatVnNumber(v))).toBe(v);
    }
  });
});
