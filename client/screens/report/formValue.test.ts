import { describe, expect, it } from 'vitest';
import { checkEntry } from './formValue';

const pct = { unit: { vi: '%', en: '%' }, range: { min: 0, max: 100 }, decimals: 1 };
const count = { unit: { vi: 'hồ sơ', en: 'dossiers' }, range: { min: 0, max: 200000 }, decimals: 0 };

describe('checkEntry', () => {
  it('accepts Vietnamese numbers inside the range and says nothing when they read as typed', () => {
    expect(checkEntry('48,5', pct, 'vi')).toEqual({ state: 'ok', value: 48.5, readAs: null });
    expect(checkEntry('  ', pct, 'vi')).toEqual({ state: 'empty' });
    expect(checkEntry('1.234', count, 'vi')).toEqual({ state: 'ok', value: 1234, readAs: 'Đọc là 1.234' });
  });

  it('shows how a number written another way was read', () => {
    expect(checkEntry('12.5', pct, 'vi')).toEqual({ state: 'ok', value: 12.5, readAs: 'Đọc là 12,5' });
    expect(checkEntry('1234', count, 'vi')).toEqual({ state: 'ok', value: 1234, readAs: 'Đọc là 1.234' });
    expect(checkEntry('45,5%', pct, 'vi')).toEqual({ state: 'ok', value: 45.5, readAs: null });
    expect(checkEntry('12,5', pct, 'en')).toEqual({ state: 'ok', value: 12.5, readAs: 'Read as 12.5' });
  });

  it('refuses what is not a number, out of range, a % on a count, or "1,234" for a count', () => {
    expect(checkEntry('abc', pct, 'vi')).toMatchObject({ state: 'error', message: expect.stringContaining('không phải là số') });
    expect(checkEntry('12..5', pct, 'vi')).toMatchObject({ state: 'error' });
    expect(checkEntry('100,1', pct, 'vi')).toEqual({ state: 'error', message: 'Ngoài khoảng hợp lệ 0 – 100' });
    expect(checkEntry('-1', count, 'vi')).toEqual({ state: 'error', message: 'Ngoài khoảng hợp lệ 0 – 200.000' });
    expect(checkEntry('5%', count, 'vi')).toEqual({ state: 'error', message: 'Chỉ tiêu này không tính bằng %' });
    expect(checkEntry('1,234', count, 'vi')).toMatchObject({ state: 'error', message: expect.stringContaining('viết 1.234') });
  });
});
