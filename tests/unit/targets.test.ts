/** Targets: local-time periods, which target is in force, and progress towards it in both directions. */
import { describe, expect, it } from 'vitest';
import {
  Plan,
  PutTaskV1,
  plausibleTarget,
  periodEndOf,
  periodLabel,
  periodStartOf,
  shiftMonth,
  targetFor,
  targetProgress,
  type PeriodKind,
} from '../../shared/plan';

describe('periods in local time', () => {
  it('reads years, quarters and months as Asia/Ho_Chi_Minh calendar periods', () => {
    expect(periodStartOf('year', '2022')!.toISOString()).toBe('2021-12-31T17:00:00.000Z');
    expect(periodEndOf('year', '2022')!.toISOString()).toBe('2022-12-31T17:00:00.000Z');
    expect(periodStartOf('quarter', '2022-Q4')!.toISOString()).toBe('2022-09-30T17:00:00.000Z');
    expect(periodEndOf('quarter', '2022-Q4')!.toISOString()).toBe('2022-12-31T17:00:00.000Z');
    expect(periodStartOf('month', '2022-12')!.toISOString()).toBe('2022-11-30T17:00:00.000Z');
    // 1 January 2023 at 03:00 in Hồ Chí Minh City is still 2022 in UTC, but local time decides.
    expect(periodLabel('year', new Date('2022-12-31T20:00:00Z'))).toBe('2023');
    expect(periodLabel('quarter', new Date('2022-12-31T16:59:59Z'))).toBe('2022-Q4');
    expect(shiftMonth('2022-01', -1)).toBe('2021-12');
    expect(shiftMonth('2022-12', 1)).toBe('2023-01');
  });

  it('refuses a period written for another kind', () => {
    const bad: [PeriodKind, string][] = [['year', '2022-12'], ['quarter', '2022-Q5'], ['month', '2022-13'], ['month', '2022-1']];
    for (const [kind, period] of bad) expect(periodStartOf(kind, period)).toBeNull();
    const parsed = Plan.safeParse({ targets: [{ indicator: 'online_filing_pct', area: '80', kind: 'quarter', period: '2022-12', value: 50 }] });
    expect(parsed.success).toBe(false);
  });
});

const t = (area: string, kind: PeriodKind, period: string, value: number) => ({
  indicator: 'online_filing_pct',
  area,
  kind,
  period,
  value,
  start: periodStartOf(kind, period)!.toISOString(),
  end: periodEndOf(kind, period)!.toISOString(),
});

describe('the target in force', () => {
  const targets = [
    t('80', 'year', '2022', 50),
    t('80', 'quarter', '2022-Q4', 48),
    t('80', 'month', '2022-12', 50),
    t('80', 'month', '2022-11', 49),
    t('796', 'year', '2022', 40),
    { ...t('80', 'year', '2022', 70), indicator: 'online_payment_pct' },
  ];
  const at = (iso: string) => Date.parse(iso);
  const q = (area: string, when: string) => targetFor(targets, { indicator: 'online_filing_pct', area, root: '80', at: at(when) })?.value;

  it('prefers a month over its quarter over its year', () => {
    expect(q('80', '2022-12-15T00:00:00+07:00')).toBe(50);
    expect(q('80', '2022-11-30T23:59:59+07:00')).toBe(49);
    expect(q('80', '2022-10-01T00:00:00+07:00')).toBe(48);
    expect(q('80', '2022-03-01T00:00:00+07:00')).toBe(50);
    expect(q('80', '2023-01-01T00:00:00+07:00')).toBeUndefined();
  });

  it("holds a district without its own target to the province's, and a district with one to its own", () => {
    expect(q('794', '2022-12-15T00:00:00+07:00')).toBe(50);
    expect(q('796', '2022-12-15T00:00:00+07:00')).toBe(40);
    expect(q('796', '2022-06-15T00:00:00+07:00')).toBe(40);
  });
});

describe('progress towards a target', () => {
  it('higher is better: from the floor towards the target, met at or above it', () => {
    expect(targetProgress('higher', 0, 40, 50)).toEqual({ met: false, progress: 0.8, gap: -10 });
    expect(targetProgress('higher', 0, 50, 50)).toEqual({ met: true, progress: 1, gap: 0 });
    expect(targetProgress('higher', 0, 57.5, 50)).toEqual({ met: true, progress: 1, gap: 7.5 });
    // Measured from the floor of the range: a water level of −1 against ≥ 1 on −3…4 is half way.
    expect(targetProgress('higher', -3, -1, 1).progress).toBe(0.5);
  });

  it('lower is better: target over value from the floor, met at or below it', () => {
    expect(targetProgress('lower', 0, 8, 4)).toEqual({ met: false, progress: 0.5, gap: -4 });
    expect(targetProgress('lower', 0, 4, 4)).toEqual({ met: true, progress: 1, gap: 0 });
    expect(targetProgress('lower', 0, 1, 4)).toEqual({ met: true, progress: 1, gap: 3 });
    // A target of none at all: any overdue dossier is no progress.
    expect(targetProgress('lower', 0, 3, 0)).toEqual({ met: false, progress: 0, gap: -3 });
  });

  it('checks that a target is plausible for the indicator, letting a province total exceed a district range', () => {
    const count = { range: { min: 0, max: 5000 }, level: 'district' as const, spatial: { kind: 'sum' as const } };
    const share = { range: { min: 0, max: 100 }, level: 'district' as const, spatial: { kind: 'mean' as const } };
    expect(plausibleTarget(count, 'province', 8420)).toBe(true);
    expect(plausibleTarget(count, 'district', 8420)).toBe(false);
    expect(plausibleTarget(share, 'province', 101)).toBe(false);
    expect(plausibleTarget(share, 'district', 100)).toBe(true);
  });
});

describe('task updates', () => {
  it('takes a status, a note or both, and nothing else', () => {
    expect(PutTaskV1.safeParse({ status: 'done' }).success).toBe(true);
    expect(PutTaskV1.safeParse({ note: '  Đã nghiệm thu.  ' }).data).toEqual({ note: 'Đã nghiệm thu.' });
    expect(PutTaskV1.safeParse({}).success).toBe(false);
    expect(PutTaskV1.safeParse({ status: 'finished' }).success).toBe(false);
    expect(PutTaskV1.safeParse({ status: 'done', by: 'me' }).success).toBe(false);
  });
});
