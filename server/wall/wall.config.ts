/**
 * Reads config/wall.json once at start-up and checks it against the catalogue. A wall that would show an
 * unknown indicator, or colour districts by a province-only figure, stops the server with a clear message
 * instead of failing quietly on a screen nobody touches.
 */
import { readFileSync } from 'node:fs';
import type { Indicator } from '../../shared/catalog';
import { WallConfigV1 } from '../../shared/wall';
import type { Catalog } from '../catalog/catalog';
import { AppError } from '../errors';

export interface WallConfigProblem {
  path: string;
  message: string;
}

type CatalogView = Pick<Catalog, 'indicators' | 'root'>;

/** Whether districts can hold a value: reported per district, or derived up to districts from below. */
function colorsDistricts(ind: Indicator): boolean {
  if (ind.level === 'district') return true;
  return ind.level !== 'province' && ind.spatial.kind !== 'none';
}

/** Whether the province (the root) holds a value: reported there, or derived from below. */
function hasProvinceValue(ind: Indicator): boolean {
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
      else if (!colorsDistricts(mapped)) {
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
            message: `"${key}" is reported per ${ind.level} and not combined for the province (${catalog.root}), so a tile would stay empty`,
          });
        }
      });
    });
  }
  return problems;
}

function refuse(file: string, problem: string, details?: WallConfigProblem[]): never {
  const lines = details?.map((d) => `\n  ${d.path}: ${d.message}`).join('') ?? '';
  throw new AppError('validation-failed', 422, `wall configuration ${file} ${problem}${lines}`, details);
}

export function parseWallConfig(json: unknown, file: string, catalog: CatalogView): WallConfigV1 {
  const parsed = WallConfigV1.safeParse(json);
  if (!parsed.success) {
    refuse(
      file,
      'does not follow the format',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(file)', message: i.message })),
    );
  }
  const problems = checkWallConfig(parsed.data, catalog);
  if (problems.length > 0) refuse(file, 'does not match the catalogue', problems);
  return parsed.data;
}

/** Synchronous on purpose: it runs once while the server is being built, before anything listens. */
export function loadWallConfig(file: string, catalog: CatalogView): WallConfigV1 {
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
