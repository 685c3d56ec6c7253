/** The simulator's value models against the real Long An pack: office hours, tides, ranges, determinism. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { describe, it, expect } from 'vitest';
import { RegionPack, type Area, type Indicator } from '../../shared/catalog';
import { FREQUENCIES, fromLocal, localParts, nextPeriod, periodStart } from '../../shared/time';
import { dossierArrivals, reportTime, valueAt } from '../../server/simulate/models';
import { planUnits, startSimulator } from '../../server/simulate/simulator';

const pack = RegionPack.parse(JSON.parse(readFileSync(new URL('../../packs/long-an.json', import.meta.url), 'utf8')));
const area = (code: string): Area => pack.areas.find((a) => a.code === code)!;
const indicator = (key: string): Indicator => pack.indicators.find((i) => i.key === key)!;
const received = indicator('dossiers_received');
const online = indicator('online_dossiers_filed');
const salinity = indicator('salinity');
const salinityStations = pack.areas.filter((a) => planUnits(pack).some((p) => p.indicator.key === 'salinity' && p.area.code === a.code));
const HOUR = 3_600_000;

describe('dossiers follow office hours', () => {
  // 12 March 2024 is a Tuesday, 17 March a Sunday.
  const ducHoa = area('802');

  it('receives none at 02:00 local, on any day', () => {
    for (let day = 1; day <= 31; day++) {
      for (const code of ['794', '802', '796']) {
        expect(valueAt(received, area(code), fromLocal(2024, 3, day, 2))).toBe(0);
        expect(valueAt(online, area(code), fromLocal(2024, 3, day, 2))).toBe(0);
      }
    }
  });

  it('receives none on a Sunday', () => {
    for (let h = 0; h < 24; h++) {
      for (const d of pack.areas.filter((a) => a.kind === 'district')) {
        expect(valueAt(received, d, fromLocal(2024, 3, 17, h))).toBe(0);
      }
    }
  });

  it('receives more at 09:00 on a Tuesday than at night, and online filings are a part of them', () => {
    const nine = fromLocal(2024, 3, 12, 9);
    const busy = valueAt(received, ducHoa, nine)!;
    expect(busy).toBeGreaterThan(10);
    expect(busy).toBeGreaterThan(valueAt(received, ducHoa, fromLocal(2024, 3, 12, 2))!);
    expect(busy).toBeGreaterThan(valueAt(received, ducHoa, fromLocal(2024, 3, 16, 9))!); // Saturday
    expect(valueAt(online, ducHoa, nine)!).toBeLessThanOrEqual(busy);
  });

  it('gives the large districts more than the rural ones', () => {
    const week = (code: string) => {
      let n = 0;
      for (let t = fromLocal(2024, 3, 11).getTime(); t < fromLocal(2024, 3, 18).getTime(); t += HOUR) {
        n += valueAt(received, area(code), new Date(t))!;
      }
      return n;
    };
    expect(week('802')).toBeGreaterThan(2 * week('796'));
    expect(week('794')).toBeGreaterThan(2 * week('797'));
  });

  it('counts the running hour up to the final figure', () => {
    const hour = fromLocal(2024, 3, 12, 9);
    let last = 0;
    for (let m = 0; m <= 60; m += 5) {
      const v = valueAt(received, ducHoa, hour, new Date(hour.getTime() + m * 60_000))!;
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
    expect(last).toBe(valueAt(received, ducHoa, hour));
  });

  it('adds up to about 133,000 online filings for the province in 2021, and more in 2024', () => {
    const year = (y: number) => {
      let n = 0;
      const districts = pack.areas.filter((a) => a.kind === 'district');
      for (let t = fromLocal(y, 1).getTime(); t < fromLocal(y + 1, 1).getTime(); t += HOUR) {
        for (const d of districts) n += dossierArrivals(d, new Date(t)).filter((a) => a.online).length;
      }
      return n;
    };
    const y2021 = year(2021);
    expect(y2021).toBeGreaterThan(115_000);
    expect(y2021).toBeLessThan(150_000);
    expect(year(2024)).toBeGreaterThan(1.5 * y2021);
  });
});

describe('salinity', () => {
  it('has the stations the test needs', () => {
    expect(salinityStations.map((a) => a.code)).toEqual(expect.arrayContaining(['st-cau-noi', 'st-tuyen-nhon']));
  });

  it('is higher in March than in September at the same station and time of day', () => {
    for (const st of salinityStations) {
      for (let h = 0; h < 24; h++) {
        const march = valueAt(salinity, st, fromLocal(2024, 3, 15, h))!;
        const september = valueAt(salinity, st, fromLocal(2024, 9, 15, h))!;
        expect(march, `${st.code} ${h}:00`).toBeGreaterThan(september);
      }
    }
  });

  it('is saltier near the sea than upstream', () => {
    const mean = (code: string) => {
      let s = 0;
      for (let q = 0; q < 96 * 7; q++) s += valueAt(salinity, area(code), new Date(fromLocal(2024, 3, 10).getTime() + q * 900_000))!;
      return s / (96 * 7);
    };
    expect(mean('st-cau-noi')).toBeGreaterThan(3 * mean('st-tuyen-nhon'));
    expect(mean('st-nhut-tan')).toBeGreaterThan(mean('st-tan-an'));
    expect(mean('st-cau-noi')).toBeGreaterThan(4); // a dry-season March at the estuary is well above the 4 g/L rice limit
  });

  it('rises and falls twice in about 25 hours (semi-diurnal tide)', () => {
    const step = 900_000;
    const window = 12; // ±3 h: a high is the top of its own half tide, not a wobble of sensor jitter
    for (const st of salinityStations) {
      for (const start of [fromLocal(2024, 3, 5, 6), fromLocal(2023, 2, 20, 13), fromLocal(2025, 4, 1)]) {
        const values: number[] = [];
        for (let q = 0; q <= 3 * 4 * 25; q++) values.push(valueAt(salinity, st, new Date(start.getTime() + q * step))!);
        const highs: number[] = [];
        for (let i = window; i < values.length - window; i++) {
          const around = values.slice(i - window, i + window + 1);
          if (values[i] === Math.max(...around) && values.slice(i - window, i).every((v) => v < values[i]!)) highs.push(i);
        }
        const label = `${st.code} from ${start.toISOString()}`;
        // Three days: five or six high waters, each about 12.4 h after the last.
        expect(highs.length, label).toBeGreaterThanOrEqual(5);
        expect(highs.length, label).toBeLessThanOrEqual(6);
        for (let k = 1; k < highs.length; k++) {
          const gapHours = ((highs[k]! - highs[k - 1]!) * step) / 3_600_000;
          expect(gapHours, label).toBeGreaterThan(10.5);
          expect(gapHours, label).toBeLessThan(14.5);
        }
        const lo = Math.min(...values);
        const hi = Math.max(...values);
        expect(hi - lo, label).toBeGreaterThan(0.15 * hi);
      }
    }
  });
});

describe('every generated value', () => {
  const sample = (ind: Indicator): Date[] => {
    const out: Date[] = [];
    if (['P1M', 'P3M', 'P1Y'].includes(ind.frequency)) {
      for (let p = fromLocal(2021, 1); p < fromLocal(2028, 1); p = nextPeriod(p, ind.frequency)) out.push(p);
      return out;
    }
    // Random instants over 2021–2027, plus every period of one dry-season day.
    for (let i = 0; i < 300; i++) out.push(periodStart(new Date(fromLocal(2021, 1).getTime() + ((i * 7919) % 2557) * 86_400_000 + ((i * 104_729) % 86_400_000)), ind.frequency));
    for (let p = fromLocal(2024, 3, 12); p < fromLocal(2024, 3, 13); p = nextPeriod(p, ind.frequency)) out.push(p);
    return out;
  };

  it('lies within its indicator range and is rounded to its decimals, for every indicator of the pack', () => {
    expect(pack.indicators.length).toBeGreaterThan(20);
    for (const ind of pack.indicators) {
      let produced = 0;
      for (const a of pack.areas.filter((x) => x.kind === ind.level)) {
        for (const p of sample(ind)) {
          const v = valueAt(ind, a, p, new Date(p.getTime() + 20 * 60_000));
          if (v === null) continue;
          produced++;
          expect(v, `${ind.key} ${a.code} ${p.toISOString()}`).toBeGreaterThanOrEqual(ind.range.min);
          expect(v, `${ind.key} ${a.code} ${p.toISOString()}`).toBeLessThanOrEqual(ind.range.max);
          expect(Math.abs(v * 10 ** ind.decimals - Math.round(v * 10 ** ind.decimals))).toBeLessThan(1e-6);
        }
      }
      expect(produced, ind.key).toBeGreaterThan(0);
    }
  });

  it('is the same for the same indicator, area and period', () => {
    for (const ind of pack.indicators) {
      const a = pack.areas.find((x) => x.kind === ind.level)!;
      const p = periodStart(fromLocal(2024, 4, 9, 10, 20), ind.frequency);
      expect(valueAt(ind, a, p)).toBe(valueAt({ ...ind }, { ...a }, new Date(p.getTime())));
    }
    // …and not the same everywhere: the model is not a constant.
    const fibre = indicator('fibre_households_pct');
    const q = fromLocal(2024, 1);
    expect(new Set(['794', '796', '802', '806'].map((c) => valueAt(fibre, area(c), q))).size).toBeGreaterThan(1);
  });

  it('climbs over the years for online filing, with rural districts behind', () => {
    const pct = indicator('online_filing_pct');
    expect(valueAt(pct, area('794'), fromLocal(2021, 2))!).toBeLessThan(35);
    expect(valueAt(pct, area('794'), fromLocal(2025, 10))!).toBeGreaterThan(60);
    expect(valueAt(pct, area('796'), fromLocal(2025, 10))!).toBeLessThan(valueAt(pct, area('794'), fromLocal(2025, 10))!);
  });
});

describe('reports', () => {
  it('arrive between the 1st and the 12th of the next month, mostly by the 5th, and ~5% never', () => {
    let missing = 0;
    let early = 0;
    let total = 0;
    for (const unit of pack.units) {
      for (const key of unit.indicators) {
        const ind = indicator(key);
        if (!['P1M', 'P3M', 'P1Y'].includes(ind.frequency)) continue;
        for (let p = fromLocal(2021, 1); p < fromLocal(2026, 1); p = nextPeriod(p, ind.frequency)) {
          total++;
          const at = reportTime(unit.code, ind, p);
          if (!at) {
            missing++;
            continue;
          }
          const due = localParts(nextPeriod(p, ind.frequency));
          const got = localParts(at);
          expect([got.year, got.month]).toEqual([due.year, due.month]);
          expect(got.day).toBeGreaterThanOrEqual(1);
          expect(got.day).toBeLessThanOrEqual(12);
          if (got.day <= 5) early++;
          expect(reportTime(unit.code, ind, p)).toEqual(at);
        }
      }
    }
    expect(missing / total).toBeGreaterThan(0.03);
    expect(missing / total).toBeLessThan(0.07);
    expect(early / (total - missing)).toBeGreaterThan(0.7);
  });

  it('assigns each series to one unit that may write it, preferring the district itself', () => {
    const plan = planUnits(pack);
    const ids = plan.map((p) => `${p.indicator.key}|${p.area.code}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of plan) {
      const unit = pack.units.find((u) => u.code === p.unit)!;
      expect(unit.areas).toContain(p.area.code);
      expect(unit.indicators).toContain(p.indicator.key);
      expect(p.area.kind).toBe(p.indicator.level);
    }
    expect(plan.find((p) => p.indicator.key === 'dossiers_received' && p.area.code === '794')?.unit).toBe('ubnd-794');
    expect(FREQUENCIES.every((f) => plan.some((p) => p.indicator.frequency === f))).toBe(true);
  });
});

describe('the simulator loop', () => {
  it('backfills through the ingest API in bounded, authenticated batches and stops cleanly', async () => {
    const posts: { auth: string | undefined; observations: { ts: string; value: number }[] }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        if (req.method === 'GET') return res.end(JSON.stringify({ points: [] }));
        const parsed = JSON.parse(body);
        posts.push({ auth: req.headers.authorization, observations: parsed.observations });
        const n = parsed.observations.length;
        res.end(JSON.stringify({ accepted: n, written: n, unchanged: 0, derived: 0 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const keys = new Map(pack.units.map((u) => [u.code, `key-${u.code}`]));
    const sim = startSimulator({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      catalog: { pack },
      keys,
      intervalMs: 50,
      log: pino({ level: 'silent' }),
      now: () => new Date('2024-03-12T09:20:00+07:00'),
      backfillDays: 2,
    });
    await sim.ready;
    await new Promise((r) => setTimeout(r, 300));
    await sim.stop();
    await new Promise((r) => server.close(r));

    expect(posts.length).toBeGreaterThan(pack.units.length);
    for (const p of posts) {
      expect(p.auth).toMatch(/^Bearer key-/);
      expect(p.observations.length).toBeLessThanOrEqual(2_000);
      for (const o of p.observations) expect(o.ts).toMatch(/\+07:00$/);
    }
    const all = posts.flatMap((p) => p.observations);
    expect(all.some((o) => o.ts.startsWith('2021-01-01T00:00:00'))).toBe(true); // monthly history from 2021
    expect(all.every((o) => new Date(o.ts).getTime() <= new Date('2024-03-12T09:20:00+07:00').getTime())).toBe(true);
  });
  it('posts the running hour as it grows, at most once a simulated minute, then the final count', async () => {
    const posts: { ts: string; indicator: string; area: string; value: number }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        if (req.method === 'POST') posts.push(...JSON.parse(body).observations);
        res.end(JSON.stringify(req.method === 'GET' ? { points: [] } : { accepted: 1, written: 1, unchanged: 0 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    // One real millisecond is 1.5 simulated seconds: 09:00 to past 10:00 in under three seconds.
    const simStart = fromLocal(2024, 3, 12, 8, 59).getTime();
    const realStart = Date.now();
    const clock = () => new Date(simStart + (Date.now() - realStart) * 1500);
    const sim = startSimulator({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      catalog: { pack },
      keys: new Map(pack.units.map((u) => [u.code, `key-${u.code}`])),
      intervalMs: 5,
      log: pino({ level: 'silent' }),
      now: clock,
      backfillDays: 0,
    });
    await sim.ready;
    while (clock().getTime() < fromLocal(2024, 3, 12, 10, 5).getTime()) await new Promise((r) => setTimeout(r, 20));
    await sim.stop();
    await new Promise((r) => server.close(r));

    const nine = fromLocal(2024, 3, 12, 9);
    const series = posts.filter((o) => o.indicator === 'dossiers_received' && o.area === '802' && new Date(o.ts).getTime() === nine.getTime());
    const values = series.map((o) => o.value);
    expect(values.length).toBeGreaterThan(3);
    expect(values.length).toBeLessThanOrEqual(61);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBe(valueAt(received, area('802'), nine));
    // A sensor's 15-minute value does not change, so each period is posted once.
    const quarter = posts.filter((o) => o.indicator === 'salinity' && o.area === 'st-cau-noi').map((o) => o.ts);
    expect(quarter.length).toBeGreaterThanOrEqual(4);
    expect(new Set(quarter).size).toBe(quarter.length);
  });
});
