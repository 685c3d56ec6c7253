/** Reads a region pack from disk and checks that its parts refer to each other correctly. */
import { readFile } from 'node:fs/promises';
import { RegionPack, RESERVED_SOURCES } from '../../shared/catalog';
import { plausibleTarget } from '../../shared/plan';
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

  problems.push(...checkPlan(pack));
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The plan section: targets, roadmap and index configurations (shared/plan.ts)
// ---------------------------------------------------------------------------------------------

/** Plan entries must name indicators, areas, units and themes the pack has, once each. */
function checkPlan(pack: RegionPack): PackProblem[] {
  const plan = pack.plan;
  if (!plan) return [];
  const problems: PackProblem[] = [];
  const indicators = new Map(pack.indicators.map((i) => [i.key, i]));
  const units = new Set(pack.units.map((u) => u.code));
  // Targets and the index are about the root and the areas directly under it (districts, or communes).
  const planAreas = new Set([pack.root, ...pack.areas.filter((a) => a.parent === pack.root && a.kind !== 'station').map((a) => a.code)]);

  const seenTargets = new Set<string>();
  plan.targets.forEach((t, i) => {
    const at = `plan.targets[${i}]`;
    const ind = indicators.get(t.indicator);
    if (!ind) problems.push({ path: `${at}.indicator`, message: `unknown indicator "${t.indicator}"` });
    else if (!plausibleTarget(ind, pack.areas.find((a) => a.code === t.area)?.kind ?? '', t.value)) {
      problems.push({ path: `${at}.value`, message: `${t.value} is outside the range of ${t.indicator} (${ind.range.min}–${ind.range.max})` });
    }
    if (!planAreas.has(t.area)) problems.push({ path: `${at}.area`, message: `"${t.area}" is not the root or an area directly under it` });
    const k = `${t.indicator}|${t.area}|${t.kind}|${t.period}`;
    if (seenTargets.has(k)) problems.push({ path: at, message: `duplicate target for ${t.indicator}, ${t.area}, ${t.period}` });
    seenTargets.add(k);
  });

  const roadmap = plan.roadmap;
  if (roadmap) {
    const themes = new Set<string>();
    roadmap.themes.forEach((th, i) => {
      if (themes.has(th.key)) problems.push({ path: `plan.roadmap.themes[${i}]`, message: `duplicate theme "${th.key}"` });
      themes.add(th.key);
    });
    const ids = new Set<string>();
    roadmap.tasks.forEach((task, i) => {
      const at = `plan.roadmap.tasks[${i}]`;
      if (ids.has(task.id)) problems.push({ path: at, message: `duplicate task "${task.id}"` });
      ids.add(task.id);
      if (!themes.has(task.theme)) problems.push({ path: `${at}.theme`, message: `unknown theme "${task.theme}"` });
      if (!units.has(task.unit)) problems.push({ path: `${at}.unit`, message: `unknown unit "${task.unit}"` });
      task.indicators.forEach((k, j) => {
        if (!indicators.has(k)) problems.push({ path: `${at}.indicators[${j}]`, message: `unknown indicator "${k}"` });
      });
    });
  }

  const targeted = new Set(plan.targets.map((t) => t.indicator));
  const configs = new Set<string>();
  plan.indexes.forEach((config, i) => {
    const at = `plan.indexes[${i}]`;
    if (configs.has(config.id)) problems.push({ path: at, message: `duplicate index "${config.id}"` });
    configs.add(config.id);
    const pillars = new Set<string>();
    const used = new Set<string>();
    config.pillars.forEach((pillar, j) => {
      if (pillars.has(pillar.key)) problems.push({ path: `${at}.pillars[${j}]`, message: `duplicate pillar "${pillar.key}"` });
      pillars.add(pillar.key);
      pillar.indicators.forEach((entry, k) => {
        const path = `${at}.pillars[${j}].indicators[${k}]`;
        if (!indicators.has(entry.key)) problems.push({ path, message: `unknown indicator "${entry.key}"` });
        // Contributions are told apart by indicator: one indicator counts once per index.
        if (used.has(entry.key)) problems.push({ path, message: `"${entry.key}" appears twice in index "${config.id}"` });
        used.add(entry.key);
        if (entry.normalise.kind === 'target' && !targeted.has(entry.key)) {
          problems.push({ path: `${path}.normalise`, message: `"${entry.key}" is measured against its target but has none` });
        }
      });
    });
  });
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
