/** Obligations of a unit, the reporting scorecard, and the scorecard written back as an indicator. */
import { COMPUTED_SOURCE } from '../../shared/catalog';
import type { ObligationV1, ObligationsV1, ScorecardRowV1, ScorecardV1 } from '../../shared/report';
import { discrepancyKey } from '../../shared/report';
import { printable } from '../../shared/text';
import { fromLocal, localParts, previousPeriod } from '../../shared/time';
import type { Catalog } from '../catalog/catalog';
import type { Db } from '../db/db';
import type { IngestService } from '../ingest/ingest.service';
import { listDiscrepancies } from './discrepancies.repo';
import { dueAt, lastClosedPeriod, owedBy, periodsEndingIn, statusOf } from './obligations';
import { inServiceSince, periodFacts } from './report.repo';

export async function obligations(db: Db, catalog: Catalog, unit: string, now = new Date()): Promise<ObligationsV1> {
  const owed = owedBy(catalog, unit);
  const keys = owed.flatMap(({ indicator, area }) => {
    const period = lastClosedPeriod(indicator, now);
    return [
      { indicator: indicator.key, area, ts: period.toISOString() },
      { indicator: indicator.key, area, ts: previousPeriod(period, indicator.frequency).toISOString() },
    ];
  });
  const facts = new Map((await periodFacts(db, unit, keys)).map((f) => [`${f.indicator}|${f.area}|${f.ts}`, f]));
  const open = await listDiscrepancies(db, { open: true, areas: [...new Set(owed.map((o) => o.area))], indicators: null, limit: 10_000 });
  const disputed = new Set(open.map(discrepancyKey));
  const list: ObligationV1[] = owed.map(({ indicator, area }) => {
    const period = lastClosedPeriod(indicator, now);
    const prev = previousPeriod(period, indicator.frequency);
    const f = facts.get(`${indicator.key}|${area}|${period.toISOString()}`);
    const p = facts.get(`${indicator.key}|${area}|${prev.toISOString()}`);
    const due = dueAt(indicator, period);
    return {
      indicator: indicator.key,
      area,
      period: period.toISOString(),
      dueAt: due.toISOString(),
      status: statusOf(f?.firstReceivedAt ? new Date(f.firstReceivedAt) : null, due, now),
      value: f?.value ?? null,
      firstReceivedAt: f?.firstReceivedAt ?? null,
      previous: p?.value != null ? { period: prev.toISOString(), value: p.value } : null,
      disputed: disputed.has(discrepancyKey({ indicator: indicator.key, area, ts: period.toISOString() })),
    };
  });
  list.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.indicator.localeCompare(b.indicator) || a.area.localeCompare(b.area));
  return { unit, generatedAt: now.toISOString(), obligations: list };
}

/**
 * The draft's keys that name none of the unit's obligations ("indicator|area", as the form keys its rows):
 * a draft holds what the form can show, nothing else.
 */
export function unknownDraftKeys(catalog: Catalog, unit: string, values: Record<string, string>): { field: string; reason: 'unknown-field'; message: string }[] {
  const owed = new Set(owedBy(catalog, unit).map(({ indicator, area }) => `${indicator.key}|${area}`));
  return Object.keys(values)
    .filter((k) => !owed.has(k))
    .map((k) => ({ field: `values.${printable(k)}`, reason: 'unknown-field' as const, message: `unit "${unit}" reports no "${printable(k)}" (keys are "indicator|area" of its obligations)` }));
}

/** "2022-05" → the instant the local month starts. */
export function parseMonth(month: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  return fromLocal(Number(m[1]), Number(m[2]));
}

export const monthOf = (at: Date) => {
  const p = localParts(at);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
};

/**
 * For each unit: the reports whose period ends in the month, judged at `now`. Reports due before CityOps
 * was in service are not counted: their arrival time says when they were loaded, not when they were sent.
 */
export async function scorecard(db: Db, catalog: Catalog, monthStart: Date, now = new Date(), units?: string[]): Promise<ScorecardV1> {
  const since = await inServiceSince(db);
  const rows: ScorecardRowV1[] = [];
  for (const unit of units ?? [...catalog.units.keys()]) {
    const items = owedBy(catalog, unit).flatMap(({ indicator, area }) =>
      periodsEndingIn(indicator, monthStart)
        .filter((period) => dueAt(indicator, period) >= since)
        .map((period) => ({ indicator, area, period })),
    );
    const facts = new Map(
      (await periodFacts(db, unit, items.map((i) => ({ indicator: i.indicator.key, area: i.area, ts: i.period.toISOString() })))).map((f) => [
        `${f.indicator}|${f.area}|${f.ts}`,
        f,
      ]),
    );
    const judged = items.map(({ indicator, area, period }) => {
      const f = facts.get(`${indicator.key}|${area}|${period.toISOString()}`);
      return {
        indicator: indicator.key,
        area,
        period: period.toISOString(),
        status: statusOf(f?.firstReceivedAt ? new Date(f.firstReceivedAt) : null, dueAt(indicator, period), now),
      };
    });
    const count = (s: string) => judged.filter((j) => j.status === s).length;
    const onTime = count('submitted');
    const late = count('late');
    const missing = count('missing');
    const pending = count('due');
    const judgedCount = onTime + late + missing;
    rows.push({
      unit,
      period: monthStart.toISOString(),
      owed: judged.length,
      onTime,
      late,
      missing,
      pending,
      onTimePct: judgedCount ? (100 * onTime) / judgedCount : null,
      completePct: judgedCount ? (100 * (onTime + late)) / judgedCount : null,
      items: judged,
    });
  }
  return { month: monthOf(monthStart), rows };
}

/**
 * Writes each district People's Committee's on-time share as the computed indicator, for months whose
 * reports are all past due. Re-running it changes nothing unless a figure changed.
 */
export async function publishScorecard(db: Db, catalog: Catalog, ingest: IngestService, now = new Date(), months = 24): Promise<number> {
  const indicator = [...catalog.indicators.values()].find((i) => i.computed === 'reporting-scorecard');
  const owner = indicator && catalog.units.get(indicator.owner);
  if (!indicator || !owner) return 0;
  const districtUnits = [...catalog.units.values()].filter((u) => u.unit.kind === 'district');
  const points = [];
  let month = fromLocal(localParts(now).year, localParts(now).month);
  for (let i = 0; i < months; i++) {
    month = previousPeriod(month, 'P1M');
    const card = await scorecard(db, catalog, month, now, districtUnits.map((u) => u.unit.code));
    for (const row of card.rows) {
      if (row.pending > 0 || row.onTimePct === null) continue;
      const area = catalog.units.get(row.unit)!.unit.areas.find((a) => catalog.areas.get(a)?.kind === indicator.level);
      if (area) points.push({ indicator: indicator.key, area, source: COMPUTED_SOURCE, ts: month, value: Math.round(row.onTimePct * 10) / 10 });
    }
  }
  if (points.length === 0) return 0;
  const result = await ingest.write({ scope: owner, actor: COMPUTED_SOURCE, ip: null, channel: 'api' }, points);
  return result.written;
}

