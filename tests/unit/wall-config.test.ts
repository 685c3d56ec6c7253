import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../server/catalog/catalog';
import { readPack } from '../../server/catalog/pack';
import { loadWallConfig, parseWallConfig } from '../../server/wall/wall.config';
import { miniPack } from '../fixtures/mini-pack';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const WALL_FILE = path.join(repo, 'config/wall.json');

describe('wall configuration', () => {
  let catalog: Catalog;
  let shipped: any;
  beforeAll(async () => {
    catalog = new Catalog(await readPack(path.join(repo, 'packs/long-an.json')));
    shipped = JSON.parse(readFileSync(WALL_FILE, 'utf8'));
  });
  const withChange = (change: (c: any) => void) => {
    const copy = structuredClone(shipped);
    change(copy);
    return copy;
  };
  const problemOf = (json: unknown): string => {
    try {
      parseWallConfig(json, 'config/wall.json', catalog);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected the configuration to be refused');
  };

  it('ships a Long An configuration that names only catalogue indicators, 6 to 10 tiles a step', () => {
    const { wall, generatedBecause } = loadWallConfig(WALL_FILE, catalog);
    expect(generatedBecause).toBeUndefined();
    expect(Object.keys(wall.playlists)).toEqual(expect.arrayContaining(['overview', 'public-service', 'environment', 'digital']));
    expect(wall.playlists[wall.defaultPlaylist]).toBeDefined();
    for (const playlist of Object.values(wall.playlists)) {
      for (const step of playlist.steps) {
        expect(step.kpis.length).toBeGreaterThanOrEqual(6);
        expect(step.kpis.length).toBeLessThanOrEqual(10);
      }
    }
  });

  it('names the file, the place and the problem for an unknown indicator', () => {
    const message = problemOf(withChange((c) => (c.playlists.environment.steps[1].kpis[2] = 'rainfall')));
    expect(message).toContain('wall configuration config/wall.json does not match the catalogue');
    expect(message).toContain('playlists.environment.steps[1].kpis[2]: unknown indicator "rainfall"');
  });

  it('refuses a map indicator that no district holds, and a tile the province never gets', () => {
    const message = problemOf(
      withChange((c) => {
        c.playlists.overview.steps[0].indicator = 'cloud_systems_pct';
      }),
    );
    expect(message).toContain('playlists.overview.steps[0].indicator: "cloud_systems_pct" is reported per province and never per district');
  });

  it('refuses format mistakes: too few tiles, a missing default playlist, a bad interval', () => {
    expect(problemOf(withChange((c) => (c.playlists.digital.steps[0].kpis = ['ehr_pct'])))).toMatch(/playlists\.digital\.steps\.0\.kpis: .*6/);
    expect(problemOf(withChange((c) => (c.defaultPlaylist = 'night')))).toContain('defaultPlaylist: "night" is not one of the playlists');
    expect(problemOf(withChange((c) => (c.intervalSeconds = 1)))).toContain('intervalSeconds');
    expect(problemOf(withChange((c) => (c.playlists.overview.steps[0].kpis[1] = c.playlists.overview.steps[0].kpis[0])))).toContain('listed twice');
  });

  it('refuses to start on a file that is missing or not JSON, naming the path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cityops-wall-'));
    expect(() => loadWallConfig(path.join(dir, 'none.json'), catalog)).toThrow(/wall configuration .*none\.json cannot be read/);
    writeFileSync(path.join(dir, 'broken.json'), '{ "format": ');
    expect(() => loadWallConfig(path.join(dir, 'broken.json'), catalog)).toThrow(/wall configuration .*broken\.json is not valid JSON/);
  });

  it('makes one playlist from the catalogue when the file is for another region pack', () => {
    const mini = new Catalog(miniPack);
    const { wall, generatedBecause } = loadWallConfig(WALL_FILE, mini);
    expect(generatedBecause).toContain('"long-an-2022"');
    expect(wall.pack).toBe('mini');
    const steps = wall.playlists[wall.defaultPlaylist]!.steps;
    expect(steps.map((s) => s.indicator)).toContain('online_pct');
    for (const s of steps) expect(mini.indicators.get(s.indicator)?.level).not.toBe('province');
  });
});
