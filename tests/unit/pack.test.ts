import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Indicator, RegionPack } from '../../shared/catalog';
import { checkPack, parsePack } from '../../server/catalog/pack';
import { normaliseName } from '../../server/catalog/boundaries';
import { miniPack } from '../fixtures/mini-pack';

const longAn = JSON.parse(readFileSync('packs/long-an.json', 'utf8'));

describe('region packs', () => {
  it('the Long An pack is valid and complete', () => {
    const pack = parsePack(longAn, 'long-an');
    expect(pack.root).toBe('80');
    const districts = pack.areas.filter((a) => a.kind === 'district');
    expect(districts.map((d) => d.code)).toEqual(Array.from({ length: 15 }, (_, i) => String(794 + i)));
    expect(districts.find((d) => d.code === '802')!.name.vi).toContain('Đức Hòa');
    expect(pack.indicators.length).toBeGreaterThanOrEqual(25);
    expect(pack.units.filter((u) => u.kind === 'district')).toHaveLength(15);
    expect(pack.areas.filter((a) => a.kind === 'station').length).toBeGreaterThan(0);
    expect(pack.boundaries.origin).toBe('schematic');
    for (const d of districts) expect(pack.boundaries.areas[d.code]).toBeDefined();
    const salinity = pack.indicators.find((i) => i.key === 'salinity')!;
    expect(salinity).toMatchObject({ direction: 'lower', thresholds: { amber: 1, red: 4 }, level: 'station' });
  });

  it('names what is inconsistent: unknown references, duplicates, loops', () => {
    const bad: RegionPack = structuredClone(miniPack);
    bad.units[0]!.areas.push('999');
    bad.indicators[3]!.spatial = { kind: 'weighted-mean', weight: 'nothing' };
    bad.areas.push({ ...bad.areas[1]! });
    bad.areas[4]!.parent = 'st-b';
    bad.areas[5]!.parent = 'st-a';
    const problems = checkPack(bad).map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'units[0].areas[1]: unknown area "999"',
        'indicators[3].spatial.weight: unknown indicator "nothing"',
        'areas[6]: duplicate areas "901"',
        expect.stringMatching(/parent chain of "st-a" loops/),
      ]),
    );
    expect(() => parsePack(bad, 'bad')).toThrow(/inconsistent/);
  });

  it('refuses thresholds that contradict the direction, and a reserved source key', () => {
    const ind = { ...miniPack.indicators[1]!, thresholds: { amber: 30, red: 50 } };
    expect(Indicator.safeParse(ind).success).toBe(false);
    const bad = structuredClone(miniPack);
    bad.sources.push({ key: 'derived', name: { vi: 'x', en: 'x' } });
    expect(checkPack(bad).map((p) => p.message)).toContain('"derived" is reserved for values the server derives or computes');
  });
});

describe('matching boundary names', () => {
  it('ignores diacritics, case and administrative prefixes', () => {
    expect(normaliseName('Huyện Đức Hòa')).toBe('duc hoa');
    expect(normaliseName('DUC HOA')).toBe('duc hoa');
    expect(normaliseName('Duc Hoa District')).toBe('duc hoa');
    expect(normaliseName('Thành phố Tân An')).toBe('tan an');
    expect(normaliseName('Thị xã Kiến Tường')).toBe('kien tuong');
  });
});
