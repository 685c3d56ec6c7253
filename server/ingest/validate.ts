/** Per-point validation of an ingest batch: every problem is named by index, field and reason. */
import {
  isWellFormedObservation,
  ObservationFields,
  OBSERVATION_FIELDS,
  MAX_FUTURE_MS,
  type IngestNote,
  type IngestProblem,
  type ObservationInput,
} from '../../shared/observations';
import { EARLIEST_YEAR, earliestAccepted, periodEnd } from '../../shared/period';
import { parseOffsetIso, periodStart, toLocalIso, type Frequency } from '../../shared/time';
import type { Catalog, UnitScope } from '../catalog/catalog';
import type { WritePoint } from './ingest.repo';

export interface Validated {
  points: WritePoint[];
  problems: IngestProblem[];
  /** Accepted points a sender should know about: a period still in progress, more decimals than kept. */
  notes: IngestNote[];
}

const FREQUENCY_NAME: Record<Frequency, string> = { PT15M: 'quarter hour', PT1H: 'hour', P1D: 'day', P1M: 'month', P3M: 'quarter', P1Y: 'year' };

/** Whether `value` has more decimals than `decimals`, beyond what binary fractions blur. */
function hasMoreDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) > 1e-9 * Math.max(1, Math.abs(scaled));
}

/** How a value is shown in its indicator's decimals (rounded half away from zero, as Intl does). */
const rounded = (value: number, decimals: number) => (Math.sign(value) * Math.round(Math.abs(value) * 10 ** decimals)) / 10 ** decimals;

export function validateBatch(items: unknown[], scope: UnitScope, catalog: Catalog, now: Date): Validated {
  const problems: IngestProblem[] = [];
  const notes: IngestNote[] = [];
  const points: WritePoint[] = [];
  const seen = new SeenPeriods();
  // Per indicator: the earliest time it accepts, and the start of its period in progress at `now`.
  const earliest = new Map<string, number>();
  const current = new Map<Frequency, number>();
  const fail = (index: number, field: string, reason: IngestProblem['reason'], message: string) => {
    problems.push({ index, field, reason, message });
  };

  items.forEach((item, index) => {
    const before = problems.length;
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      for (const k of Object.keys(item)) {
        if (!OBSERVATION_FIELDS.includes(k)) {
          fail(index, k, 'unknown-field', `"${k}" is not a field of an observation (${OBSERVATION_FIELDS.join(', ')}); a client cannot set it`);
        }
      }
    }
    let p: ObservationInput;
    if (isWellFormedObservation(item)) p = item;
    else {
      const parsed = ObservationFields.safeParse(item);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) fail(index, issue.path.join('.') || '(point)', 'invalid', issue.message);
        return;
      }
      p = parsed.data;
    }
    const indicator = catalog.indicators.get(p.indicator);
    const area = catalog.areas.get(p.area);
    if (!indicator) fail(index, 'indicator', 'unknown-indicator', `no indicator "${p.indicator}" in the catalogue`);
    if (!area) fail(index, 'area', 'unknown-area', `no area with code "${p.area}" in the catalogue`);
    const source = p.source ?? scope.unit.defaultSource;
    if (!catalog.sources.has(source)) fail(index, 'source', 'unknown-source', `no source "${source}" in the catalogue`);
    if (indicator && area && area.kind !== indicator.level) {
      fail(index, 'area', 'wrong-level', `"${indicator.key}" is reported per ${indicator.level}, and "${area.code}" is a ${area.kind}`);
    }
    if (indicator && !scope.indicators.has(indicator.key)) {
      fail(index, 'indicator', 'out-of-scope', `unit "${scope.unit.code}" may not report "${indicator.key}"`);
    }
    if (area && !scope.areas.has(area.code)) {
      fail(index, 'area', 'out-of-scope', `unit "${scope.unit.code}" may not report for area "${area.code}"`);
    }
    if (indicator && (p.value < indicator.range.min || p.value > indicator.range.max)) {
      fail(index, 'value', 'out-of-range', `${p.value} is outside the valid range ${indicator.range.min}–${indicator.range.max} of "${indicator.key}"`);
    }
    // The text has the form isoWithOffset requires: both checks above vouch for it.
    const at = parseOffsetIso(p.ts);
    if (Number.isNaN(at)) fail(index, 'ts', 'invalid', `"${p.ts}" is not a real date and time`);
    else if (at - now.getTime() > MAX_FUTURE_MS) {
      fail(index, 'ts', 'future-timestamp', `${p.ts} is more than ${MAX_FUTURE_MS / 60_000} minutes in the future`);
    } else if (indicator) {
      let first = earliest.get(indicator.key);
      if (first === undefined) earliest.set(indicator.key, (first = earliestAccepted(indicator).getTime()));
      if (at < first) {
        const limit = `${String(indicator.since ?? EARLIEST_YEAR).padStart(4, '0')}-01-01`;
        fail(index, 'ts', 'too-old', `${p.ts} is before ${limit} (local time), the earliest "${indicator.key}" accepts figures for`);
      }
    }
    if (problems.length > before || !indicator) return;

    // A point stands for its whole period: 2022-05-17 for a monthly figure is May 2022.
    const ts = periodStart(new Date(at), indicator.frequency);
    const periods = seen.of(p.indicator, p.area, source);
    const earlier = periods.get(ts.getTime());
    if (earlier) {
      if (earlier.value !== p.value) {
        fail(index, 'ts', 'duplicate-in-batch', `point ${earlier.index} gives another value for the same indicator, area, source and period`);
      }
      return;
    }
    periods.set(ts.getTime(), { index, value: p.value });
    points.push({ indicator: p.indicator, area: p.area, source, ts, value: p.value });

    let open = current.get(indicator.frequency);
    if (open === undefined) current.set(indicator.frequency, (open = periodStart(now, indicator.frequency).getTime()));
    if (ts.getTime() >= open) {
      const end = toLocalIso(periodEnd(ts, indicator.frequency));
      const name = FREQUENCY_NAME[indicator.frequency];
      notes.push({ index, field: 'ts', reason: 'in-progress', message: `the ${name} of ${p.ts} runs until ${end}: the figure is provisional, and a later one for the same ${name} becomes a new revision` });
    }
    if (hasMoreDecimals(p.value, indicator.decimals)) {
      const shown = rounded(p.value, indicator.decimals);
      notes.push({ index, field: 'value', reason: 'more-decimals', message: `${p.value} has more decimals than "${indicator.key}" keeps (${indicator.decimals}): it is stored as sent and shown as ${shown}` });
    }
  });
  return { points, problems, notes };
}

interface Earlier {
  index: number;
  value: number;
}

/**
 * The first point of a batch for each indicator, area, source and period start. A batch mostly runs through
 * one series after another, so the series last asked for is kept at hand rather than keyed again per point.
 */
class SeenPeriods {
  private readonly bySeries = new Map<string, Map<number, Earlier>>();
  private last: { indicator: string; area: string; source: string; periods: Map<number, Earlier> } | undefined;

  /** The series' points so far, by period start (ms since the epoch). */
  of(indicator: string, area: string, source: string): Map<number, Earlier> {
    const last = this.last;
    if (last && last.indicator === indicator && last.area === area && last.source === source) return last.periods;
    const key = `${indicator}|${area}|${source}`;
    let periods = this.bySeries.get(key);
    if (!periods) this.bySeries.set(key, (periods = new Map()));
    this.last = { indicator, area, source, periods };
    return periods;
  }
}
