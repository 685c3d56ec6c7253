import { describe, expect, it } from 'vitest';
import { formatDateTime, formatNumber, formatPeriod, formatTime } from './format';

describe('format', () => {
  it('writes numbers the Vietnamese way, with the indicator decimals', () => {
    expect(formatNumber(1234567, 0, 'vi')).toBe('1.234.567');
    expect(formatNumber(12.5, 1, 'vi')).toBe('12,5');
    expect(formatNumber(12, 1, 'vi')).toBe('12,0');
    expect(formatNumber(1234.5, 1, 'en')).toBe('1,234.5');
  });

  it('shows periods in Asia/Ho_Chi_Minh, in the frequency of the indicator', () => {
    // 2022-04-30T17:00Z is midnight on 1 May 2022 in the province.
    const may = '2022-04-30T17:00:00.000Z';
    expect(formatPeriod(may, 'P1M', 'vi')).toBe('tháng 5/2022');
    expect(formatPeriod(may, 'P3M', 'vi')).toBe('quý 2/2022');
    expect(formatPeriod(may, 'P1Y', 'vi')).toBe('năm 2022');
    expect(formatPeriod(may, 'P1D', 'vi')).toBe('01/05/2022');
    expect(formatPeriod('2022-11-24T07:00:00.000Z', 'PT1H', 'vi')).toBe('14:00 24/11');
    expect(formatPeriod(may, 'P1M', 'en')).toBe('May 2022');
    expect(formatPeriod(may, 'P3M', 'en')).toBe('Q2 2022');
  });

  it('shows clock times in local time', () => {
    const at = Date.parse('2022-11-24T07:32:00Z');
    expect(formatTime(at, 'vi')).toBe('14:32');
    expect(formatDateTime(at, 'vi')).toBe('14:32 24/11/2022');
    expect(formatDateTime(at, 'en')).toBe('14:32 24 Nov 2022');
  });
});
