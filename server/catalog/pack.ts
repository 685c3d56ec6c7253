/** Reads a region pack from disk and checks that its parts refer to each other correctly. */
import { readFile } from 'node:fs/promises';
import { RegionPack, RESERVED_SOURCES } from '../../shared/catalog';
import { AppError } from '../errors';

export interface PackProblem {
  path: string;
  message: string;
}

/** Cross-references the schema cannot see: parents, scopes, owners, weights, boundaries. */
export function checkPack(pack: RegionPack): PackProblem[] {
  const problems: PackProblem[] = [];
  const areas = new Map(pack.areas.map((a) => [a.code, a]));
  const indicators = new Map(pack.indicators.map((i) => [i.key, i]));
  const units = new Set(pack.units.map((u) => u.code));
  const sources = new Set(pack.sources.map((s) => s.key));
  const categories = new Set(pack.categories.map((c) => c.key));
  const dup = (kind: string, keys: string[]) => {
    const seen = new Set<string>();
    keys.forEach((k, i) => {
      if (seen.has(k)) problems.push({ path: `${kind}[${i}]`, message: `duplicate ${kind} "${k}"` });
      seen.add(k);
    });
  };
  dup('areas', pack.areas.map((a) => a.code));
  dup('indicators', pack.indicators.map((i) => i.key));
  dup('units', pack.units.map((u) => u.code));
  dup('sources', pack.sources.map((s) => s.key));
  for (const reserved of RESERVED_SOURCES) {
    if (sources.has(reserved)) problems.push({ path: 'sources', message: `"${reserved}" is reserved for values the server derives or computes` });
  }

  const root = areas.get(pack.root);
  if (!root) problems.push({ path: 'root', message: `root area "${pack.root}" is not among the areas` });
  else if (root.parent !== null) problems.push({ path: 'root', message: 'the root area must have no parent' });

  pack.areas.forEach((a, i) => {
    if (a.code === pack.root) return;
    if (a.parent === null) problems.push({ path: `areas[${i}].parent`, message: `only the root may lack a parent` });
    else if (!areas.has(a.parent)) problems.push({ path: `areas[${i}].parent`, message: `unknown parent "${a.parent}"` });
    // A cycle would make derivation loop forever.
    const seen = new Set<string>();
    for (let c: string | null = a.code; c !== null; c = areas.get(c)?.parent ?? null) {
      if (seen.has(c)) {
        problems.push({ path: `areas[${i}]`, message: `parent chain of "${a.code}" loops` });
        break;
      }
      seen.add(c);
    }
  });

  pack.indicators.forEach((ind, i) => {
    if (!categories.has(ind.category)) problems.push({ path: `indicators[${i}].category`, message: `unknown category "${ind.category}"` });
    if (!units.has(ind.owner)) problems.push({ path: `indicators[${i}].owner`, message: `unknown unit "${ind.owner}"` });
    ind.agreement?.sources.forEach((s, j) => {
      if (!sources.has(s)) problems.push({ path: `indicators[${i}].agreement.sources[${j}]`, message: `unknown source "${s}"` });
    });
    ind.preferredSources.forEach((s, j) => {
      if (!sources.has(s) && !RESERVED_SOURCES.includes(s)) {
        problems.push({ path: `indicators[${i}].preferredSources[${j}]`, message: `unknown source "${s}"` });
      }
    });
    if (ind.spatial.kind === 'weighted-mean') {
      const w = indicators.get(ind.spatial.weight);
      if (!w) problems.push({ path: `indicators[${i}].spatial.weight`, message: `unknown indicator "${ind.spatial.weight}"` });
      else if (w.level !== ind.level) {
        problems.push({ path: `indicators[${i}].spatial.weight`, message: `weight "${w.key}" is reported at ${w.level} level, not ${ind.level}` });
      }
    }
  });

  pack.units.forEach((u, i) => {
    if (!sources.has(u.defaultSource)) problems.push({ path: `units[${i}].defaultSource`, message: `unknown source "${u.defaultSource}"` });
    u.areas.forEach((c, j) => {
      if (!areas.has(c)) problems.push({ path: `units[${i}].areas[${j}]`, message: `unknown area "${c}"` });
    });
    u.indicators.forEach((k, j) => {
      if (!indicators.has(k)) problems.push({ path: `units[${i}].indicators[${j}]`, message: `unknown indicator "${k}"` });
    });
  });

  for (const code of Object.keys(pack.boundaries.areas)) {
    if (!areas.has(code)) problems.push({ path: `boundaries.areas.${code}`, message: `unknown area "${code}"` });
  }
  return problems;
}

export function parsePack(json: unknown, origin: string): RegionPack {
  const parsed = RegionPack.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('bad-request', 400, `region pack ${origin} does not follow the format`, details);
  }
  const problems = checkPack(parsed.data);
  if (problems.length > 0) {
    throw new AppError('bad-request', 400, `region pack ${origin} is inconsistent`, problems);
  }
  return parsed.data;
}

export async function readPack(file: string): Promise<RegionPack> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new AppError('bad-request', 400, `cannot read region pack ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('bad-request', 400, `region pack ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parsePack(json, file);
}
