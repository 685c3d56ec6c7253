import { describe, expect, it } from 'vitest';
import { nextPassAt } from '../../server/ingest/derivation';

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

  it('starts at once the first time, and never waits with no interval', () => {
    expect(nextPassAt(-Infinity, 0, 5_000, 250)).toBe(-Infinity);
    expect(nextPassAt(1_000, 5_000, 1_200, 0)).toBe(1_000);
  });
});
