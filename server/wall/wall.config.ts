/**
 * Reads the wall configuration once at start-up and checks it against the catalogue. A wall that would
 * show an unknown indicator, or colour districts by a province-only figure, stops the server with a clear
 * message instead of failing quietly on a screen nobody touches.
 */
import { readFileSync } from 'node:fs';
import type { Indicator } from '../../shared/catalog';
import { MAX_KPIS, WALL_CONFIG_FORMAT, WallConfigV1 } from '../../shared/wall';
import type { Catalog } from '../catalog/catalog';
import { AppError } from '../errors';

export interface WallConfigProblem {
  path: string;
  message: string;
}

export type CatalogView = Pick<Catalog, 'indicators' | 'root'> & { pack: { id: string } };

export interface LoadedWallConfig {
  wall: WallConfigV1;
  /** Set when the file names another region pack and `wall` was made from the catalogue instead. */
  generatedBecause?: string;
}

/** Whether districts can hold a value: reported per district, or derived up to districts from below. */
export function coloursDistricts(ind: Indicator): boolean {
  if (ind.level === 'district') return true;
  return ind.level !== 'province' && ind.spatial.kind !== 'none';
}

/** Whether the province (the root) holds a value: reported there, or derived from below. */
export function hasProvinceValue(ind: Indicator): boolean {
  return ind.level === 'province' || ind.spatial.kind !== 'none';
}

/** Cross-references the schema cannot see: every key names a catalogue indicator that fits its place. */
export function checkWallConfig(config: WallConfigV1, catalog: CatalogView): WallConfigProblem[] {
  const problems: WallConfigProblem[] = [];
  for (const [name, playlist] of Object.entries(config.playlists)) {
    playlist.steps.forEach((step, i) => {
      const at = `playlists.${name}.steps[${i}]`;
      const mapped = catalog.indicators.get(step.indicator);
      if (!mapped) problems.push({ path: `${at}.indicator`, message: `unknown indicator "${step.indicator}"` });
      else if (!coloursDistricts(mapped)) {
        problems.push({
          path: `${at}.indicator`,
          message: `"${step.indicator}" is reported per ${mapped.level} and never per district, so it cannot colour the map`,
        });
      }
      step.kpis.forEach((key, j) => {
        const ind = catalog.indicators.get(key);
        if (!ind) problems.push({ path: `${at}.kpis[${j}]`, message: `unknown indicator "${key}"` });
        else if (!hasProvinceValue(ind)) {
          problems.push({
            path: `${at}.kpis[${j}]`,
            message: `"${key}" is reported per ${ind.level} and not combined for the province (${catalog.root}), so its tile would stay empty`,
          });
        }
      });
    });
  }
  return problems;
}

/**
 * One playlist stepping through every indicator that can colour the map, for a region pack without a
 * wall configuration of its own (a new province, a test pack).
 */
export function generatedWallConfig(catalog: CatalogView, intervalSeconds = 30): WallConfigV1 {
  const all = [...catalog.indicators.values()];
  const kpis = all.filter(hasProvinceValue).slice(0, MAX_KPIS).map((i) => i.key);
  return {
    format: WALL_CONFIG_FORMAT,
    pack: catalog.pack.id,
    layout: 'standard',
    defaultPlaylist: 'all',
    intervalSeconds,
    playlists: {
      all: {
        title: { vi: 'Tất cả chỉ tiêu', en: 'All indicators' },
        steps: all.filter(coloursDistricts).slice(0, 50).map((i) => ({ indicator: i.key, kpis })),
      },
    },
  };
}

function refuse(file: string, problem: string, details?: WallConfigProblem[]): never {
  const lines = details?.map((d) => `\n  ${d.path}: ${d.message}`).join('') ?? '';
  throw new AppError('validation-failed', 422, `wall configuration ${file} ${problem}${lines}`, details);
}

export function parseWallConfig(json: unknown, file: string, catalog: CatalogView): LoadedWallConfig {
  const parsed = WallConfigV1.safeParse(json);
  if (!parsed.success) {
    refuse(
      file,
      'does not follow the format',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(file)', message: i.message })),
    );
  }
  const wall = parsed.data;
  // Its keys mean nothing in another province's catalogue; refusing to start would take the whole API down.
  if (wall.pack !== catalog.pack.id) {
    return {
      wall: generatedWallConfig(catalog, wall.intervalSeconds),
      generatedBecause: `${file} is written for region pack "${wall.pack}" and the server runs "${catalog.pack.id}"`,
    };
  }
  const problems = checkWallConfig(wall, catalog);
  if (problems.length > 0) refuse(file, 'does not match the catalogue', problems);
  return { wall };
}

/** Synchronous on purpose: it runs once while the server is being built, before anything listens. */
export function loadWallConfig(file: string, catalog: CatalogView): LoadedWallConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    refuse(file, `cannot be read (${(err as Error).message}); set WALL_CONFIG to the wall's JSON file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    refuse(file, `is not valid JSON: ${(err as Error).message}`);
  }
  return parseWallConfig(json, file, catalog);
}
