import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../client/features/live/liveStore';
import type { SnapshotV1 } from '../../shared/api';
import { rooms, type LiveBatchV1 } from '../../shared/live';
import type { PointV1 } from '../../shared/observations';

const ALL = rooms.all();

function point(indicator: string, area: string, ts: string, value: number, version: number): PointV1 {
  return {
    indicator,
    area,
    ts,
    value,
    source: 'one-stop-shop',
    unit: 'ubnd-794',
    receivedAt: '2022-05-01T00:00:00.000Z',
    revision: 1,
    version,
    coverage: null,
  };
}

function snapshot(seq: number, points: PointV1[], origin = 'a'): SnapshotV1 {
  return { v: 1, origin, seq, generatedAt: '2022-05-01T00:00:00.000Z', points, discrepancies: [] };
}

function batch(seq: number, prev: number, points: PointV1[], origin = 'a', room = ALL): LiveBatchV1 {
  return { v: 1, origin, seq, prev, room, points };
}

const MAY = '2022-04-30T17:00:00.000Z';
const JUNE = '2022-05-31T17:00:00.000Z';

describe('LiveStore', () => {
  it('shows the snapshot, then the batches that follow it', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(10, [point('x', '794', MAY, 1, 5)]));
    expect(store.get('x', '794')?.value).toBe(1);

    const r = store.applyBatch(batch(11, 10, [point('x', '794', MAY, 2, 6), point('y', '80', MAY, 7, 7)]));
    expect(r).toEqual({ gap: false, buffered: false, changed: 2 });
    expect(store.get('x', '794')?.value).toBe(2);
    expect(store.get('y', '80')?.value).toBe(7);
  });

  it('takes a batch received twice without harm', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(10, []));
    const b = batch(11, 10, [point('x', '794', MAY, 2, 6)]);
    store.applyBatch(b);
    const again = store.applyBatch(b);
    expect(again.gap).toBe(false);
    expect(again.changed).toBe(0);
    expect(store.get('x', '794')?.value).toBe(2);
    expect(store.recent).toHaveLength(1);
  });

  it('never lets an older point replace a newer one', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(10, []));
    store.applyBatch(batch(11, 10, [point('x', '794', JUNE, 30, 8), point('y', '794', MAY, 5, 9)]));
    // An earlier period, and a lower version of the same period, both arriving late.
    store.applyBatch(batch(12, 11, [point('x', '794', MAY, 10, 20), point('y', '794', MAY, 4, 3)]));
    expect(store.get('x', '794')?.value).toBe(30);
    expect(store.get('y', '794')?.value).toBe(5);
  });

  it('reports a gap when a batch follows one it never saw', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(10, []));
    expect(store.applyBatch(batch(11, 10, [])).gap).toBe(false);
    // Batch 12 was lost on the way; 13 says it follows 12.
    expect(store.applyBatch(batch(13, 12, [point('x', '794', MAY, 1, 1)])).gap).toBe(true);
  });

  it('reports a gap right after the snapshot when the first batch follows a later one', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(10, []));
    expect(store.applyBatch(batch(15, 12, [])).gap).toBe(true);
  });

  it('does not report a gap when a room simply had no batch for a while', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(10, []));
    // The area room last got batch 4, long before the snapshot; batches 5–10 went to other rooms.
    expect(store.applyBatch(batch(11, 4, [], 'a', rooms.area('794'))).gap).toBe(false);
    expect(store.applyBatch(batch(12, 11, [], 'a', rooms.area('794'))).gap).toBe(false);
  });

  it('ignores the numbering of batches the snapshot already includes', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(10, [point('x', '794', MAY, 2, 6)]));
    const r = store.applyBatch(batch(9, 3, [point('x', '794', MAY, 1, 5)]));
    expect(r.gap).toBe(false);
    expect(store.get('x', '794')?.value).toBe(2);
    expect(store.applyBatch(batch(11, 10, [])).gap).toBe(false);
  });

  it('accepts batches from a second server and then checks its numbering', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(10, [], 'a'));
    expect(store.applyBatch(batch(500, 499, [point('x', '795', MAY, 3, 40)], 'b')).gap).toBe(false);
    expect(store.get('x', '795')?.value).toBe(3);
    expect(store.applyBatch(batch(501, 500, [], 'b')).gap).toBe(false);
    expect(store.applyBatch(batch(504, 503, [], 'b')).gap).toBe(true);
    // The first server's numbering is unaffected.
    expect(store.applyBatch(batch(11, 10, [], 'a')).gap).toBe(false);
  });

  it('holds batches while a snapshot loads and applies them after it', () => {
    const store = new LiveStore();
    store.beginSnapshot();
    expect(store.applyBatch(batch(10, 9, [point('x', '794', MAY, 1, 5)])).buffered).toBe(true);
    expect(store.applyBatch(batch(11, 10, [point('x', '794', MAY, 2, 6)])).buffered).toBe(true);
    expect(store.get('x', '794')).toBeUndefined();

    const r = store.loadSnapshot(snapshot(10, [point('x', '794', MAY, 1, 5)]));
    expect(r.gap).toBe(false);
    expect(store.get('x', '794')?.value).toBe(2);
    expect(store.isLoading).toBe(false);
  });

  it('holds batches during a reload too, so the new snapshot cannot overwrite them', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(10, [point('x', '794', MAY, 1, 5)]));
    store.beginSnapshot();
    expect(store.applyBatch(batch(12, 11, [point('x', '794', MAY, 3, 9)])).buffered).toBe(true);
    // The snapshot was read at seq 11, before that batch: applied first, the batch would be lost.
    const r = store.loadSnapshot(snapshot(11, [point('x', '794', MAY, 2, 7)]));
    expect(r.gap).toBe(false);
    expect(store.get('x', '794')?.value).toBe(3);
  });

  it('reports a gap found among the held batches', () => {
    const store = new LiveStore();
    store.beginSnapshot();
    store.applyBatch(batch(13, 12, []));
    expect(store.loadSnapshot(snapshot(10, [])).gap).toBe(true);
  });

  it('keeps the recent-updates feed bounded, newest first', () => {
    const store = new LiveStore({ recentLimit: 5 });
    store.loadSnapshot(snapshot(0, []));
    for (let i = 1; i <= 12; i++) store.applyBatch(batch(i, i - 1, [point('x', '794', MAY, i, i)]));
    expect(store.recent).toHaveLength(5);
    expect(store.recent.map((c) => c.point.value)).toEqual([12, 11, 10, 9, 8]);
  });

  it('never changes a map it has handed out', () => {
    const store = new LiveStore();
    store.loadSnapshot(snapshot(0, [point('x', '794', MAY, 1, 1)]));
    const before = store.points;
    store.applyBatch(batch(1, 0, [point('x', '794', MAY, 2, 2)]));
    expect(before.get('x|794')?.value).toBe(1);
    expect(store.points.get('x|794')?.value).toBe(2);
  });

  it('tells listeners about every change', () => {
    const store = new LiveStore();
    let calls = 0;
    const stop = store.subscribe(() => calls++);
    store.loadSnapshot(snapshot(0, []));
    store.applyBatch(batch(1, 0, [point('x', '794', MAY, 2, 2)]));
    stop();
    store.applyBatch(batch(2, 1, [point('x', '794', MAY, 3, 3)]));
    expect(calls).toBe(2);
    expect(store.version).toBe(3);
  });
});

describe('disputed figures', () => {
  const d = (status: 'open' | 'cleared', version: number) => ({
    indicator: 'dossiers_received_monthly',
    area: '794',
    ts: '2022-04-30T17:00:00.000Z',
    values: [
      { source: 'one-stop-shop', value: 1000 },
      { source: 'paper-register', value: 1100 },
    ],
    difference: 100,
    allowed: 22,
    status,
    openedAt: '2022-06-01T00:00:00.000Z',
    clearedAt: status === 'cleared' ? '2022-06-02T00:00:00.000Z' : null,
    version,
  });
  const key = 'dossiers_received_monthly|794|2022-04-30T17:00:00.000Z';

  it('opens from a batch, clears from a later one, and ignores an older one arriving late', () => {
    const store = new LiveStore();
    store.loadSnapshot({ ...snapshot(1, []), discrepancies: [] });
    store.applyBatch({ ...batch(2, 1, []), discrepancies: [d('open', 5)] });
    expect(store.discrepancies.has(key)).toBe(true);
    const before = store.discrepancies;
    store.applyBatch({ ...batch(3, 2, []), discrepancies: [d('cleared', 6)] });
    expect(store.discrepancies.has(key)).toBe(false);
    expect(before.has(key)).toBe(true); // the map handed out earlier was not changed under React
    store.applyBatch({ ...batch(4, 3, []), discrepancies: [d('open', 5)] });
    expect(store.discrepancies.has(key)).toBe(false); // version 5 is older than the clear at 6
    store.applyBatch({ ...batch(5, 4, []), discrepancies: [d('open', 7)] });
    expect(store.discrepancies.has(key)).toBe(true);
  });

  it('takes open discrepancies from the snapshot', () => {
    const store = new LiveStore();
    store.loadSnapshot({ ...snapshot(1, []), discrepancies: [d('open', 3)] });
    expect([...store.discrepancies.keys()]).toEqual([key]);
  });
});
