/**
 * Ingest checks well-formed points and bodies without zod (see `isWellFormedObservation`, `wellFormedBatch`).
 * These tests hold that shortcut to zod's verdict: it may pass a point on to zod, never accept what zod refuses,
 * and a batch gets the same points and the same problems, in the same order, with or without it.
 */
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it, vi } from 'vitest';
import { Catalog } from '../../server/catalog/catalog';
import { validateBatch } from '../../server/ingest/validate';
import { IngestBatchV1, isWellFormedObservation, ObservationFields, wellFormedBatch } from '../../shared/observations';
import { miniPack } from '../fixtures/mini-pack';

// Lets a test switch the shortcut off inside validateBatch, for zod's own outcome to compare with.
const shortcut = vi.hoisted(() => ({ on: true }));
vi.mock('../../shared/observations', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../shared/observations')>();
  return { ...actual, isWellFormedObservation: (item: unknown) => shortcut.on && actual.isWellFormedObservation(item) };
});

const catalog = new Catalog(miniPack);
const scope = catalog.units.get('ubnd-901')!;
const now = new Date('2024-01-01T00:00:00+07:00');

const good = { indicator: 'dossiers', area: '901', ts: '2023-05-17T09:00:00+07:00', value: 12 };
const ABSENT = Symbol('absent');

/** Values to try per field, well formed or not; ABSENT leaves the field out. */
const variants: Record<string, unknown[]> = {
  indicator: [
    'online_pct', 'salinity', 'nope', '', 'x'.repeat(64), 'x'.repeat(65),
    // 32 and 33 emoji are 64 and 66 UTF-16 units but 32 and 33 code points, which is what zod counts.
    '😀'.repeat(32), '😀'.repeat(33), '😀'.repeat(65), '\ud800', 42, null, ['dossiers'], ABSENT,
  ],
  area: ['902', 'st-a', '90', 'nope', '', 'a'.repeat(32), 'a'.repeat(33), '😀'.repeat(17), 901, undefined, ABSENT],
  ts: [
    '2023-05-17T09:30:00+07:00', '2023-05-17T02:00:00Z', '2023-05-17T09:00+07:00', '2023-05-17T09:00:00.123456789Z',
    '2023-05-17 09:00:00+07:00', '2023-05-17T09:00:00', '2023-13-01T00:00:00Z', '2023-02-30T00:00:00Z',
    '2099-01-01T00:00:00Z', '0050-01-01T00:00:00Z', '', 1684288800000, ABSENT,
  ],
  value: [0, -0, 0.5, -1, 20_000, 1e300, NaN, Infinity, -Infinity, '12', null, ABSENT],
  source: ['paper-register', 'sensor', 'nope', '', 'x'.repeat(64), 'x'.repeat(65), '😀'.repeat(33), 7, null, undefined, ABSENT],
  unit: ['ubnd-902', ABSENT],
  ['__proto__']: [{ admin: true }, ABSENT],
};

function withField(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const out = { ...base };
  delete out[field];
  if (value === ABSENT) return out;
  // Defined as an own property, as JSON.parse does, so that even "__proto__" is a field.
  Object.defineProperty(out, field, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** The good point with each field varied, and with every pair of fields varied together. */
function corpus(): unknown[] {
  const fields = Object.keys(variants);
  const out: unknown[] = [good];
  fields.forEach((f, i) => {
    for (const v of variants[f]!) {
      const one = withField(good, f, v);
      out.push(one);
      for (const g of fields.slice(i + 1)) for (const w of variants[g]!) out.push(withField(one, g, w));
    }
  });
  const proto = Object.create(null) as Record<string, unknown>;
  Object.assign(proto, good);
  return [...out, proto, null, undefined, 7, 'point', [], [good], new Date(), Object.assign(Object.create(good), {})];
}

function outcome(items: unknown[]) {
  const { points, problems } = validateBatch(items, scope, catalog, now);
  return { points: points.map((p) => ({ ...p, ts: p.ts.toISOString() })), problems };
}

function zodOnly<T>(run: () => T): T {
  shortcut.on = false;
  try {
    return run();
  } finally {
    shortcut.on = true;
  }
}

describe('the well-formed point shortcut', () => {
  it('accepts only what zod accepts, and reads the same fields from it', () => {
    let accepted = 0;
    for (const item of corpus()) {
      if (!isWellFormedObservation(item)) continue;
      accepted++;
      const parsed = ObservationFields.safeParse(item);
      expect(parsed.success, JSON.stringify(item)).toBe(true);
      const { indicator, area, ts, value, source } = item;
      expect(parsed.data).toEqual(source === undefined ? { indicator, area, ts, value } : { indicator, area, ts, value, source });
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it('leaves batches with the same points and problems as zod alone', () => {
    const items = corpus();
    const fast = outcome(items);
    expect(fast).toEqual(zodOnly(() => outcome(items)));
    expect(fast.points.length).toBeGreaterThan(0);
    expect(new Set(fast.problems.map((p) => p.reason)).size).toBeGreaterThan(6);
  });

  it('accepts a well-formed batch as zod does, and spots duplicates across ways of writing a time', () => {
    const hour = (h: number, value: number, ts = `2023-05-17T${String(h).padStart(2, '0')}:00:00+07:00`) => ({ ...good, ts, value });
    const items = [
      ...Array.from({ length: 50 }, (_, h) => hour(h % 24, h)),
      hour(3, 3, '2023-05-16T20:00:00Z'), // the same instant as 03:00+07:00 with the same value: accepted once
      hour(4, 5, '2023-05-17T04:59:59.999+07:00'), // the same hour with another value
      { ...good, area: '902', ts: '2023-05-17T04:00:00+07:00' }, // outside the unit's areas
      { ...good, indicator: 'online_pct', ts: '2023-05-31T23:59:00+07:00', value: 40 },
      { ...good, indicator: 'online_pct', ts: '2023-05-01T00:00:00+07:00', value: 40 },
      { ...good, indicator: 'online_pct', source: 'paper-register', ts: '2023-05-01T00:00:00+07:00', value: 41 },
    ];
    const fast = outcome(items);
    expect(fast).toEqual(zodOnly(() => outcome(items)));
    expect(fast.problems.map((p) => [p.index, p.reason])).toEqual([
      ...Array.from({ length: 26 }, (_, i) => [24 + i, 'duplicate-in-batch']),
      [51, 'duplicate-in-batch'],
      [52, 'out-of-scope'],
    ]);
    expect(fast.points).toHaveLength(26);
  });
});

describe('timestamps', () => {
  it('refuses a time that does not exist rather than moving it to another day, naming the point', () => {
    const items = [good, { ...good, ts: '2023-02-30T09:00:00+07:00' }, { ...good, ts: '2023-02-28T24:00:00+07:00', value: 3 }];
    const { points, problems } = validateBatch(items, scope, catalog, now);
    expect(problems).toEqual([{ index: 1, field: 'ts', reason: 'invalid', message: '"2023-02-30T09:00:00+07:00" is not a real date and time' }]);
    // 24:00 is the end of the day: 1 March.
    expect(points.map((p) => p.ts.toISOString())).toEqual(['2023-05-17T02:00:00.000Z', '2023-02-28T17:00:00.000Z']);
  });
});

describe('the well-formed body shortcut', () => {
  const bodies: unknown[] = [
    { observations: [good] },
    { observations: Array.from({ length: 10_000 }, () => good) },
    { observations: Array.from({ length: 10_001 }, () => good) },
    { observations: [] },
    { observations: [null, 3, 'x'] },
    { observations: good },
    { observations: [good], extra: 1 },
    JSON.parse('{"observations": [{}], "__proto__": {"x": 1}}'),
    {},
    [],
    [good],
    null,
    'observations',
  ];

  it('gives the points only of a body zod accepts, and the same points', () => {
    for (const body of bodies) {
      const points = wellFormedBatch(body);
      if (!points) continue;
      const parsed = IngestBatchV1.safeParse(body);
      expect(parsed.success).toBe(true);
      expect(points).toEqual(parsed.data?.observations);
    }
    expect(bodies.filter((b) => wellFormedBatch(b) !== undefined)).toEqual([bodies[0], bodies[1], bodies[4]]);
  });
});

describe('the earliest time an indicator accepts', () => {
  it('refuses points before 1900 as too-old, naming the limit, and files the first century exactly when allowed', () => {
    const items = [
      { ...good, ts: '0050-03-01T00:00:00+07:00' },
      { ...good, ts: '1899-12-31T23:00:00+07:00' },
      { ...good, ts: '1900-01-01T00:00:00+07:00' },
    ];
    const { points, problems } = validateBatch(items, scope, catalog, now);
    expect(problems).toEqual([
      { index: 0, field: 'ts', reason: 'too-old', message: '0050-03-01T00:00:00+07:00 is before 1900-01-01 (local time), the earliest "dossiers" accepts figures for' },
      { index: 1, field: 'ts', reason: 'too-old', message: '1899-12-31T23:00:00+07:00 is before 1900-01-01 (local time), the earliest "dossiers" accepts figures for' },
    ]);
    expect(points).toHaveLength(1);

    // An indicator whose history reaches back to the year 1: the year 50 stays the year 50, not 1950.
    const ancient = new Catalog({ ...miniPack, indicators: miniPack.indicators.map((i) => (i.key === 'dossiers' ? { ...i, since: 1 } : i)) });
    const old = validateBatch([items[0]], ancient.units.get('ubnd-901')!, ancient, now);
    expect(old.problems).toEqual([]);
    // 17:00 UTC is 00:06:30 local mean time (+07:06:30 then), in the hour that starts at local midnight.
    const midnight = Temporal.ZonedDateTime.from({ timeZone: 'Asia/Ho_Chi_Minh', year: 50, month: 3, day: 1 });
    expect(old.points[0]!.ts.getTime()).toBe(midnight.epochMilliseconds);
    expect(old.points[0]!.ts.toISOString()).toBe('0050-02-28T16:53:30.000Z');
  });
});

describe('notes on accepted points', () => {
  const monthNow = new Date('2024-05-20T10:00:00+07:00');
  it('says that a figure for a period still in progress is provisional, and accepts it', () => {
    const items = [
      { indicator: 'online_pct', area: '901', ts: '2024-05-01T00:00:00+07:00', value: 40 },
      { indicator: 'online_pct', area: '901', ts: '2024-04-01T00:00:00+07:00', value: 40 },
      { indicator: 'dossiers', area: '901', ts: '2024-05-20T10:05:00+07:00', value: 3 },
      { indicator: 'dossiers', area: '901', ts: '2024-05-20T09:00:00+07:00', value: 3 },
    ];
    const { points, problems, notes } = validateBatch(items, scope, catalog, monthNow);
    expect(problems).toEqual([]);
    expect(points).toHaveLength(4);
    expect(notes).toEqual([
      {
        index: 0,
        field: 'ts',
        reason: 'in-progress',
        message: 'the month of 2024-05-01T00:00:00+07:00 runs until 2024-06-01T00:00:00+07:00: the figure is provisional, and a later one for the same month becomes a new revision',
      },
      {
        index: 2,
        field: 'ts',
        reason: 'in-progress',
        message: 'the hour of 2024-05-20T10:05:00+07:00 runs until 2024-05-20T11:00:00+07:00: the figure is provisional, and a later one for the same hour becomes a new revision',
      },
    ]);
  });

  it('says that a value with more decimals than its indicator keeps is stored as sent and shown rounded', () => {
    const items = [
      { indicator: 'online_pct', area: '901', ts: '2024-04-01T00:00:00+07:00', value: 67.25 },
      { indicator: 'online_pct', area: '901', ts: '2024-03-01T00:00:00+07:00', value: 67.3 },
      { indicator: 'dossiers', area: '901', ts: '2024-04-01T09:00:00+07:00', value: 12 },
    ];
    const { points, notes } = validateBatch(items, scope, catalog, monthNow);
    expect(points.map((p) => p.value)).toEqual([67.25, 67.3, 12]);
    expect(notes).toEqual([
      { index: 0, field: 'value', reason: 'more-decimals', message: '67.25 has more decimals than "online_pct" keeps (1): it is stored as sent and shown as 67.3' },
    ]);
  });
});
