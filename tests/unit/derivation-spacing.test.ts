import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Catalog } from '../../server/catalog/catalog';
import type { Db } from '../../server/db/db';
import { Derivation, nextPassAt, splitByPeriod } from '../../server/ingest/derivation';

describe('spacing of recomputation passes', () => {
  it('waits one interval after a short pass', () => {
    expect(nextPassAt(1_000, 10, 1_100, 250)).toBe(1_250);
  });

  it('waits longer after a long pass while batches keep coming, in proportion to it, up to four intervals', () => {
    expect(nextPassAt(1_000, 100, 1_390, 250)).toBe(1_400);
    expect(nextPassAt(1_000, 200, 1_790, 250)).toBe(1_800);
    expect(nextPassAt(1_000, 5_000, 1_990, 250)).toBe(2_000);
  });

  it('starts a quarter of an interval after the last batch once they stop coming, an interval after the last pass at the soonest', () => {
    expect(nextPassAt(1_000, 200, 1_300, 250)).toBe(1_362.5);
    expect(nextPassAt(1_000, 200, 1_100, 250)).toBe(1_250);
  });

  it('starts a thirty-second of an interval after the last batch when none is being written', () => {
    expect(nextPassAt(1_000, 200, 1_300, 250, false)).toBe(1_307.8125);
    expect(nextPassAt(1_000, 200, 1_100, 250, false)).toBe(1_250);
  });

  it('starts at once the first time, and never waits with no interval', () => {
    expect(nextPassAt(-Infinity, 0, 5_000, 250)).toBe(-Infinity);
    expect(nextPassAt(1_000, 5_000, 1_200, 0)).toBe(1_000);
  });
});

describe('recomputation passes and the batches being written', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A derivation whose passes find one queued batch with nothing to recompute, each taking `passMs`. */
  function derivation(passMs: number) {
    const passes: number[] = [];
    const db = {
      async transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T> {
        passes.push(performance.now());
        await new Promise((r) => setTimeout(r, passMs));
        return fn({ query: async () => ({ rows: [{ batches: 1, more: false, waiting: 0, targets: null, deferred: null }] }) });
      },
    } as unknown as Db;
    const d = new Derivation(db, {} as Catalog, pino({ level: 'silent' }), () => {}, { intervalMs: 250 });
    return { d, passes };
  }

  it('under load, starts the next pass soon after the last writer is done, not a quarter interval after', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { d, passes } = derivation(200);
    d.writeStarted();
    d.writeEnded(true);
    expect(passes).toEqual([0]);
    await vi.advanceTimersByTimeAsync(300);
    // Two writers at t=300; one is done with changes: the pass waits while the other writes.
    d.writeStarted();
    d.writeStarted();
    d.writeEnded(true);
    await vi.advanceTimersByTimeAsync(20);
    expect(passes).toEqual([0]);
    // The other is done at t=320: nothing is being written, and the last batch came 20 ms ago.
    d.writeEnded(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toEqual([0, 320]);
    await vi.advanceTimersByTimeAsync(1_000);
    await d.stop();
  });

  it('while a writer is still at work, waits a quarter interval after the last batch', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { d, passes } = derivation(200);
    d.writeStarted();
    d.writeEnded(true);
    await vi.advanceTimersByTimeAsync(300);
    d.writeStarted();
    d.writeStarted();
    d.writeEnded(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(passes).toEqual([0, 363]);
    d.writeEnded(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await d.stop();
  });
});

describe('splitting a large pass by period', () => {
  const t = (ts: string, area = '90') => ({ indicator: 'dossiers', area, ts });

  it('cuts into earlier and later periods of about the same size, each period whole', () => {
    const targets = [t('2020-01-01T03:00:00.000Z'), t('2020-01-01T01:00:00.000Z'), t('2020-01-01T02:00:00.000Z', '901'), t('2020-01-01T02:00:00.000Z'), t('2020-01-01T00:00:00.000Z')];
    const [earlier, later] = splitByPeriod(targets)!;
    expect(earlier.map((x) => x.ts)).toEqual(['2020-01-01T01:00:00.000Z', '2020-01-01T00:00:00.000Z']);
    expect(later.map((x) => `${x.area} ${x.ts}`)).toEqual(['90 2020-01-01T03:00:00.000Z', '901 2020-01-01T02:00:00.000Z', '90 2020-01-01T02:00:00.000Z']);
  });

  it('does not split a single period', () => {
    expect(splitByPeriod([t('2020-01-01T00:00:00.000Z'), t('2020-01-01T00:00:00.000Z', '901')])).toBeUndefined();
  });
});
