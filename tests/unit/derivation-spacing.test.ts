import { describe, expect, it } from 'vitest';
import { nextPassAt } from '../../server/ingest/derivation';

describe('spacing of recomputation passes', () => {
  it('waits one interval after a short pass', () => {
    expect(nextPassAt(1_000, 10, 250)).toBe(1_250);
  });

  it('waits longer after a long pass, in proportion to it, up to four intervals', () => {
    expect(nextPassAt(1_000, 100, 250)).toBe(1_400);
    expect(nextPassAt(1_000, 200, 250)).toBe(1_800);
    expect(nextPassAt(1_000, 5_000, 250)).toBe(2_000);
  });

  it('starts at once the first time, and never waits with no interval', () => {
    expect(nextPassAt(-Infinity, 0, 250)).toBe(-Infinity);
    expect(nextPassAt(1_000, 5_000, 0)).toBe(1_000);
  });
});
