import { describe, expect, it } from 'vitest';
import { Broadcaster } from '../../server/realtime/broadcaster';
import type { LiveBatchV1 } from '../../shared/live';
import type { PointV1 } from '../../shared/observations';

const point = (area: string, value: number, version: number, ts = '2022-05-01T00:00:00.000Z'): PointV1 => ({
  indicator: 'dossiers',
  area,
  ts,
  value,
  source: 'one-stop-shop',
  unit: 'u',
  receivedAt: ts,
  revision: 1,
  version,
  coverage: null,
});

function setup() {
  const sent: LiveBatchV1[] = [];
  const b = new Broadcaster({ tickMs: 1000, categoryOf: () => 'public-service', emit: (_room, batch) => sent.push(batch) });
  return { b, sent };
}

describe('Broadcaster', () => {
  it('sends nothing when nothing changed', () => {
    const { b, sent } = setup();
    b.flush();
    expect(sent).toHaveLength(0);
    expect(b.seq).toBe(0);
  });

  it('keeps the highest version per series, whatever the arrival order', () => {
    const { b, sent } = setup();
    b.publish([point('901', 5, 7), point('901', 3, 5), point('902', 1, 6)]);
    b.publish([point('901', 4, 6)]);
    b.flush();
    const all = sent.find((s) => s.room === 'live:all')!;
    expect(all.points.map((p) => [p.area, p.value])).toEqual([
      ['901', 5],
      ['902', 1],
    ]);
  });

  it('sends one batch per room: all, each area, each category', () => {
    const { b, sent } = setup();
    b.publish([point('901', 1, 1), point('902', 2, 2)]);
    b.flush();
    expect(sent.map((s) => s.room).sort()).toEqual(['live:all', 'live:area:901', 'live:area:902', 'live:category:public-service']);
    expect(new Set(sent.map((s) => s.seq))).toEqual(new Set([1]));
  });

  it('chains each room’s batches with prev, so a client can see a missed one', () => {
    const { b, sent } = setup();
    b.publish([point('901', 1, 1)]);
    b.flush();
    b.publish([point('902', 1, 2)]);
    b.flush();
    b.publish([point('901', 2, 3)]);
    b.flush();
    const area901 = sent.filter((s) => s.room === 'live:area:901');
    expect(area901.map((s) => [s.prev, s.seq])).toEqual([
      [0, 1],
      [1, 3],
    ]);
    const all = sent.filter((s) => s.room === 'live:all');
    expect(all.map((s) => [s.prev, s.seq])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('keeps the latest period of a series: a late report for an earlier one does not replace it', () => {
    const { b, sent } = setup();
    b.publish([point('901', 1, 1, '2022-05-01T00:00:00.000Z'), point('901', 9, 2, '2022-04-01T00:00:00.000Z')]);
    b.flush();
    expect(sent.find((s) => s.room === 'live:all')!.points.map((p) => [p.ts, p.value])).toEqual([['2022-05-01T00:00:00.000Z', 1]]);
  });

  it('sends a late report when nothing newer for its series is pending', () => {
    const { b, sent } = setup();
    b.publish([point('901', 9, 2, '2022-04-01T00:00:00.000Z')]);
    b.flush();
    expect(sent.find((s) => s.room === 'live:all')!.points.map((p) => p.value)).toEqual([9]);
  });

  it('keeps the latest point of each series in a batch, its series interleaved and its points in any order', () => {
    const { b, sent } = setup();
    const hour = (h: number) => `2022-05-01T${String(h).padStart(2, '0')}:00:00.000Z`;
    // Runs of one series after another, a series coming back, periods out of order, a revision of a period.
    const batch = [
      point('901', 1, 10, hour(3)), point('901', 2, 11, hour(5)), point('901', 3, 12, hour(4)),
      point('902', 4, 13, hour(1)), point('902', 5, 14, hour(1)),
      point('901', 6, 15, hour(2)), point('903', 7, 16, hour(9)), point('902', 8, 9, hour(1)),
    ];
    b.publish(batch);
    b.publish([point('903', 9, 8, hour(8))]);
    b.flush();
    expect(sent.find((s) => s.room === 'live:all')!.points.map((p) => [p.area, p.value])).toEqual([
      ['901', 2],
      ['902', 5],
      ['903', 7],
    ]);
  });
});
