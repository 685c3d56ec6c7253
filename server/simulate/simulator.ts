/** Plays every unit of the region pack through the public ingest API, as a real deployment's units would. */
import type { Logger } from 'pino';
import type { Area, Indicator, RegionPack } from '../../shared/catalog';
import type { ObservationInput } from '../../shared/observations';
import { fromLocal, nextPeriod, periodStart, previousPeriod, toLocalIso } from '../../shared/time';
import { pairedValue, reportTime, valueAt } from './models';

export interface SimulatorOptions {
  baseUrl: string;
  catalog: { pack: Pick<RegionPack, 'areas' | 'units' | 'indicators'> };
  /** Unit code → API key. */
  keys: Map<string, string>;
  intervalMs: number;
  log: Logger;
  now?: () => Date;
  /** Days of 15-minute, hourly and daily history sent at start; 0 sends none. Default 30. */
  backfillDays?: number;
}

export interface Simulator {
  stop(): Promise<void>;
  /** Resolves once the initial backfill has been sent (or skipped); never rejects. */
  ready: Promise<void>;
}

/** Points per request: well under the API's 10,000 so one request never holds the database for long. */
const CHUNK = 2_000;
/** A running count is re-posted at most this often: every change is a revision on the server. */
const REPOST_MS = 60_000;
/** A server that already shows this many latest values has history; a backfill would only repeat it. */
const SKIP_BACKFILL_POINTS = 300;
/** Units are spread over this many ticks so they do not all post at once. */
const GROUPS = 4;
const MAX_BACKOFF_MS = 60_000;
const MAX_UNIT_BACKOFF_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 120_000;
const FIRST_REPORTED = fromLocal(2021, 1);

/** live: the current period is posted as it grows; closing: once the period ends; report: when the unit files it. */
type Mode = 'live' | 'closing' | 'report';

interface Series {
  ind: Indicator;
  area: Area;
  mode: Mode;
  /** Start of the first period whose final value has not been sent yet (ms). */
  next: number;
  open?: { period: number; value: number; sentAt: number };
}

interface UnitPlay {
  code: string;
  key: string;
  series: Series[];
  failures: number;
  retryAt: number;
}

type Outcome =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; transient: boolean; status?: number; message: string; details?: unknown };

function modeOf(ind: Indicator): Mode {
  if (ind.frequency === 'PT15M' || ind.frequency === 'PT1H') return 'live';
  return ind.frequency === 'P1D' ? 'closing' : 'report';
}

/**
 * Which unit plays each series. Where several units may write the same indicator and area (the
 * provincial office and a district's own one-stop shop), the most local one reports it, then the
 * indicator's owner: one figure per series, not the same figure twice under two sources.
 */
export function planUnits(pack: SimulatorOptions['catalog']['pack']): { unit: string; indicator: Indicator; area: Area }[] {
  const areas = new Map(pack.areas.map((a) => [a.code, a]));
  const chosen = new Map<string, { unit: RegionPack['units'][number]; indicator: Indicator; area: Area }>();
  for (const unit of pack.units) {
    for (const key of unit.indicators) {
      const indicator = pack.indicators.find((i) => i.key === key);
      if (!indicator) continue;
      for (const code of unit.areas) {
        const area = areas.get(code);
        if (!area || area.kind !== indicator.level) continue;
        const id = `${key}|${code}`;
        const other = chosen.get(id);
        const better =
          !other ||
          unit.areas.length < other.unit.areas.length ||
          (unit.areas.length === other.unit.areas.length && unit.code === indicator.owner);
        if (better) chosen.set(id, { unit, indicator, area });
      }
    }
  }
  return [...chosen.values()].map((c) => ({ unit: c.unit.code, indicator: c.indicator, area: c.area }));
}

/** Where a series starts at launch: full history, today only (the server has data), or nothing old. */
function initialNext(s: Series, unit: string, start: 'full' | 'today' | 'none', now: Date, days: number): number {
  const f = s.ind.frequency;
  if (s.mode === 'report') {
    if (start === 'full') return periodStart(FIRST_REPORTED, f).getTime();
    const current = periodStart(now, f);
    const last = previousPeriod(current, f);
    if (start === 'today') return last.getTime();
    const due = reportTime(unit, s.ind, last);
    return due && due > now ? last.getTime() : current.getTime();
  }
  if (start === 'full') return periodStart(new Date(now.getTime() - days * 86_400_000), f).getTime();
  if (start === 'none') return periodStart(now, f).getTime();
  const today = periodStart(now, 'P1D');
  return periodStart(s.mode === 'closing' ? previousPeriod(today, 'P1D') : today, f).getTime();
}

/** Everything a unit has to send at `now`, and the state to keep once it has been accepted. */
function collect(u: UnitPlay, now: Date): { points: ObservationInput[]; commit(): void } {
  const points: ObservationInput[] = [];
  const updates: (() => void)[] = [];
  const t = now.getTime();
  for (const s of u.series) {
    const f = s.ind.frequency;
    const push = (period: number, value: number, source?: string) =>
      points.push({ indicator: s.ind.key, area: s.area.code, ts: toLocalIso(new Date(period)), value, ...(source ? { source } : {}) });
    let p = s.next;
    if (s.mode === 'live') {
      const current = periodStart(now, f).getTime();
      for (; p < current; p = nextPeriod(new Date(p), f).getTime()) {
        const v = valueAt(s.ind, s.area, new Date(p));
        if (v !== null && !(s.open?.period === p && s.open.value === v)) push(p, v);
      }
      let open = s.open;
      const v = valueAt(s.ind, s.area, new Date(current), now);
      const changed = !open || open.period !== current || open.value !== v;
      const recent = open?.period === current && t - open.sentAt < REPOST_MS;
      if (v !== null && changed && !recent) {
        push(current, v);
        open = { period: current, value: v, sentAt: t };
      }
      updates.push(() => {
        s.next = current;
        s.open = open;
      });
      continue;
    }
    for (; nextPeriod(new Date(p), f).getTime() <= t; p = nextPeriod(new Date(p), f).getTime()) {
      if (s.mode === 'report') {
        const due = reportTime(u.code, s.ind, new Date(p));
        // Reports come in period order, so a later one cannot be out before this one.
        if (due && due > now) break;
        if (!due) continue; // a report that never came
      }
      const v = valueAt(s.ind, s.area, new Date(p));
      if (v !== null) push(p, v);
      const check = v === null ? null : pairedValue(s.ind, s.area, new Date(p), v);
      if (check) push(p, check.value, check.source);
    }
    const next = p;
    updates.push(() => {
      s.next = next;
    });
  }
  return { points, commit: () => updates.forEach((apply) => apply()) };
}

export function startSimulator(opts: SimulatorOptions): Simulator {
  const { baseUrl, log } = opts;
  const now = opts.now ?? (() => new Date());
  const backfillDays = opts.backfillDays ?? 30;
  const units = new Map<string, UnitPlay>();
  for (const { unit, indicator, area } of planUnits(opts.catalog.pack)) {
    const key = opts.keys.get(unit);
    if (!key) continue;
    const u = units.get(unit) ?? { code: unit, key, series: [], failures: 0, retryAt: 0 };
    const series: Series = { ind: indicator, area, mode: modeOf(indicator), next: 0 };
    // Real time only until the backfill decides otherwise, so no path can start from 1970.
    series.next = initialNext(series, unit, 'none', now(), 0);
    u.series.push(series);
    units.set(unit, u);
  }
  const missing = opts.catalog.pack.units.filter((u) => !opts.keys.has(u.code)).map((u) => u.code);
  if (missing.length > 0) log.warn({ units: missing }, 'simulator has no key for these units; they stay silent');
  const plays = [...units.values()];

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let downUntil = 0;
  let downFailures = 0;
  let tickNo = 0;

  /** A pause that stop() cuts short. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  async function request(method: 'GET' | 'POST', path: string, key?: string, body?: unknown): Promise<Outcome> {
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(key ? { Authorization: `Bearer ${key}` } : {}),
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (res.ok) return { ok: true, body: json };
      const error = (json.error ?? {}) as { message?: string; details?: unknown };
      return {
        ok: false,
        transient: res.status >= 500 || res.status === 429 || res.status === 408,
        status: res.status,
        message: error.message ?? `HTTP ${res.status}`,
        details: Array.isArray(error.details) ? error.details.slice(0, 5) : error.details,
      };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { ok: false, transient: true, message: `${(err as Error).message}${cause ? ` (${cause})` : ''}` };
    }
  }

  /** The server is down or overloaded: everyone waits, longer each time, up to a minute. */
  function serverDown(outcome: Extract<Outcome, { ok: false }>, what: string): number {
    downFailures++;
    const wait = Math.min(MAX_BACKOFF_MS, opts.intervalMs * 2 ** Math.min(downFailures - 1, 10));
    downUntil = now().getTime() + wait;
    log.warn({ status: outcome.status, retryInMs: wait }, `simulator: ${what} failed: ${outcome.message}`);
    return wait;
  }

  /** Sends a unit's points in chunks; returns false at the first failure. */
  async function send(u: UnitPlay, points: ObservationInput[], retryTransient: boolean): Promise<boolean> {
    let allOk = true;
    let attempts = 0;
    for (let i = 0; i < points.length && !stopped; ) {
      const chunk = points.slice(i, i + CHUNK);
      const out = await request('POST', '/api/v1/observations', u.key, { observations: chunk });
      attempts++;
      if (out.ok) {
        downFailures = 0;
        attempts = 0;
        log.debug({ unit: u.code, points: chunk.length, ...out.body }, 'simulator batch sent');
        i += CHUNK;
        continue;
      }
      // An unreachable server is waited for; one that answers with errors gets a few tries per chunk.
      if (out.transient && (out.status === undefined || attempts < 5)) {
        const wait = serverDown(out, `posting ${chunk.length} points for ${u.code}`);
        if (!retryTransient) return false;
        await sleep(wait);
        continue;
      }
      attempts = 0;
      // The server refused the batch: this unit waits; the others carry on.
      u.failures++;
      u.retryAt = now().getTime() + Math.min(MAX_UNIT_BACKOFF_MS, opts.intervalMs * 2 ** Math.min(u.failures, 10));
      log.warn({ unit: u.code, status: out.status, details: out.details }, `simulator: batch refused: ${out.message}`);
      if (!retryTransient) return false;
      allOk = false;
      i += CHUNK; // during backfill a refused chunk is skipped rather than retried for ever
    }
    if (allOk) u.failures = 0;
    return allOk && !stopped;
  }

  /** How much history the server has already: a restart should not re-send a month of data. */
  async function existingPoints(): Promise<number> {
    for (;;) {
      if (stopped) return 0;
      const out = await request('GET', '/api/v1/snapshot');
      if (out.ok) return Array.isArray(out.body.points) ? out.body.points.length : 0;
      if (!out.transient) {
        log.warn({ status: out.status }, `simulator: cannot read the snapshot (${out.message}); backfilling anyway`);
        return 0;
      }
      await sleep(serverDown(out, 'reading the snapshot'));
    }
  }

  async function backfill(): Promise<void> {
    let start: 'full' | 'today' | 'none' = backfillDays > 0 ? 'full' : 'none';
    if (start === 'full') {
      const existing = await existingPoints();
      if (existing > SKIP_BACKFILL_POINTS) {
        log.info({ existing }, 'simulator: the server already has data; no backfill, catching up today only');
        start = 'today';
      }
    }
    const at = now();
    for (const u of plays) for (const s of u.series) s.next = initialNext(s, u.code, start, at, backfillDays);
    if (start === 'none') return;
    let total = 0;
    for (const u of plays) {
      if (stopped) return;
      const { points, commit } = collect(u, now());
      await send(u, points, true);
      // Committed even if a chunk was refused: that history is skipped, not re-sent on every tick.
      commit();
      total += points.length;
    }
    log.info({ points: total, units: plays.length, days: start === 'full' ? backfillDays : 0 }, 'simulator: backfill sent');
  }

  async function tick(): Promise<void> {
    const at = now();
    if (at.getTime() < downUntil) return;
    const groups = Math.max(1, Math.min(GROUPS, plays.length));
    for (let i = tickNo++ % groups; i < plays.length; i += groups) {
      const u = plays[i]!;
      if (stopped || now().getTime() < downUntil) return;
      if (u.retryAt > at.getTime()) continue;
      const { points, commit } = collect(u, at);
      if (points.length === 0) continue;
      if (await send(u, points, false)) commit();
    }
  }

  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((err) => log.warn({ err }, 'simulator: tick failed'))
        .finally(schedule);
    }, opts.intervalMs);
  };

  const ready = backfill()
    .catch((err) => log.warn({ err }, 'simulator: backfill failed; carrying on in real time'))
    .finally(schedule);
  running = ready;

  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await running;
      clearTimeout(timer);
    },
  };
}
