import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../server/catalog/catalog';
import { readPack } from '../../server/catalog/pack';
import type { CatalogV1, Indicator } from '../../shared/catalog';
import type { PointV1 } from '../../shared/observations';
import { indexCatalog } from '../../client/features/live/catalogIndex';
import { colourScaleFor, fillColourExpression, legendEntries, rampBreaks } from '../../client/features/map/colourScale';
import { labelPoint } from '../../client/features/map/geometry';
import { STATUS_COLOURS } from '../../client/features/map/palette';
import { areasHolding, mapReadings, rankDistricts } from '../../client/features/map/readings';
import { reportingUnits, tickerItems } from '../../client/features/ticker/tickerItems';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let catalog: CatalogV1;
const ind = (key: string): Indicator => catalog.indicators.find((i) => i.key === key)!;
let version = 0;
const point = (indicator: string, area: string, value: number, ts = new Date().toISOString(), coverage: number | null = null): PointV1 => ({
  indicator,
  area,
  ts,
  value,
  source: coverage === null ? 'sensor' : 'derived',
  unit: null,
  receivedAt: ts,
  revision: 1,
  version: ++version,
  coverage,
});

beforeAll(async () => {
  catalog = new Catalog(await readPack(path.join(repo, 'packs/long-an.json'))).toJSON('schematic');
});

describe('map colours', () => {
  it('orders the legend best first in both directions', () => {
    const filing = legendEntries(colourScaleFor(ind('online_filing_pct'), []));
    expect(filing).toEqual([
      { colour: STATUS_COLOURS.green, from: 50 },
      { colour: STATUS_COLOURS.amber, from: 30, to: 50 },
      { colour: STATUS_COLOURS.red, to: 30 },
    ]);
    const salinity = legendEntries(colourScaleFor(ind('salinity'), []));
    expect(salinity).toEqual([
      { colour: STATUS_COLOURS.green, to: 1 },
      { colour: STATUS_COLOURS.amber, from: 1, to: 4 },
      { colour: STATUS_COLOURS.red, from: 4 },
    ]);
  });

  it('puts figures without thresholds on a ramp of round numbers that covers them', () => {
    expect(rampBreaks([12, 87, 230], { min: 0, max: 1000 })).toEqual([50, 100, 150, 200]);
    expect(rampBreaks([], { min: 0, max: 1000 })).toEqual([200, 400, 600, 800]);
    expect(rampBreaks([0.4], { min: 0, max: 1000 })).toEqual([0.1, 0.2, 0.3, 0.4]);
    const scale = colourScaleFor(ind('dossiers_received'), [12, 87, 230]);
    expect(scale).toEqual({ kind: 'ramp', direction: 'higher', breaks: [50, 100, 150, 200] });
    expect(JSON.stringify(fillColourExpression(scale))).toContain('["step",["to-number",["feature-state","value"],0]');
  });

  it('colours by the status in feature state, so staleness shows on the map too', () => {
    const expr = fillColourExpression(colourScaleFor(ind('salinity'), []));
    expect(expr.slice(0, 2)).toEqual(['match', ['to-string', ['coalesce', ['feature-state', 'status'], 'empty']]]);
    expect(expr).toContain('grey');
    expect(expr[expr.length - 1]).toBe(STATUS_COLOURS.empty);
  });

  it('labels a shape at its centroid', () => {
    expect(labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] })).toEqual([1, 1]);
  });
});

describe('map readings', () => {
  it('knows salinity is measured at the six river stations, not at the air-quality ones', () => {
    const holds = areasHolding(catalog, ind('salinity'));
    expect([...holds].filter((c) => c.startsWith('st-')).sort()).toEqual(
      ['st-ben-luc', 'st-cau-noi', 'st-hiep-hoa', 'st-nhut-tan', 'st-tan-an', 'st-tuyen-nhon'],
    );
    expect(holds.has('807')).toBe(false);
    expect(holds.has('80')).toBe(true);
  });

  it('gives each district its status and ranks them best first', () => {
    const index = indexCatalog(catalog);
    const points = new Map<string, PointV1>();
    for (const [area, value] of [['794', 5.2], ['800', 0.4], ['805', 2.1]] as const) points.set(`salinity|${area}`, point('salinity', area, value, undefined, 1));
    const old = new Date(Date.now() - 3 * 3_600_000).toISOString();
    points.set('salinity|803', point('salinity', '803', 0.1, old, 1));
    const r = mapReadings(index, ind('salinity'), points, Date.now());
    const status = Object.fromEntries(r.districts.map((d) => [d.area.code, d.status]));
    expect(status).toMatchObject({ '794': 'red', '800': 'green', '805': 'amber', '803': 'grey', '802': 'empty', '796': 'na' });
    expect(rankDistricts(r).map((d) => d.area.code).slice(0, 5)).toEqual(['803', '800', '805', '794', '802']);
    expect(r.stations).toHaveLength(6);
  });
});

describe('ticker', () => {
  it('names the unit that reports each series, the most local first', () => {
    const unitOf = reportingUnits(catalog);
    expect(unitOf('dossiers_received', '794')?.code).toBe('ubnd-794');
    expect(unitOf('salinity', 'st-tan-an')?.code).toBe('so-nn-ptnt');
    expect(unitOf('vneid_level2_pct', '795')?.code).toBe('cong-an');
    // A value the provincial office sent for a district is named after the office, not the district.
    expect(unitOf('dossiers_on_time_pct', '794', 'vp-ubnd')?.code).toBe('vp-ubnd');
    expect(unitOf('dossiers_on_time_pct', '794', null)?.code).toBe('ubnd-794');
  });

  it('lists what units sent, newest first, without the values the server derived', () => {
    const index = indexCatalog(catalog);
    const indicators = new Map(catalog.indicators.map((i) => [i.key, i]));
    const recent = [
      { point: point('salinity', '80', 5.2, undefined, 6), at: 3 },
      { point: point('salinity', 'st-tan-an', 5.2), at: 2 },
      { point: point('dossiers_received', '794', 12), at: 1 },
    ];
    const items = tickerItems(recent, indicators, index.areas, reportingUnits(catalog), 10);
    expect(items.map((i) => [i.area.code, i.indicator.key, i.unit?.code])).toEqual([
      ['st-tan-an', 'salinity', 'so-nn-ptnt'],
      ['794', 'dossiers_received', 'ubnd-794'],
    ]);
    expect(tickerItems(recent, indicators, index.areas, reportingUnits(catalog), 1)).toHaveLength(1);
  });
});
