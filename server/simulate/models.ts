/** Pure, deterministic value models for the simulator: what an indicator reads for an area and period. */
import type { Area, Indicator } from '../../shared/catalog';
import { fromLocal, localParts, nextPeriod, type LocalParts } from '../../shared/time';
import { gauss, hash32, mulberry32, poisson, rand, smooth } from './random';

// ---------------------------------------------------------------- areas and calendar

export interface Profile {
  households: number;
  /** Relative one-stop-shop volume; 1 is an average district. */
  size: number;
  /** Urban and digital maturity, 0–1: rural districts take up online services later and less. */
  dev: number;
  /** 0 far upstream … 1 at the estuary: how much sea water reaches the area in the dry season. */
  seaward: number;
}

/** Long An districts by GSO code: households (~2021, census population / 3.6), size, dev, seaward. */
const DISTRICTS: Record<string, [number, number, number, number]> = {
  '794': [40_500, 2.0, 1.0, 0.55], // Tân An
  '795': [17_500, 0.7, 0.6, 0.05], // Kiến Tường
  '796': [14_200, 0.55, 0.2, 0.02], // Tân Hưng
  '797': [14_500, 0.55, 0.25, 0.02], // Vĩnh Hưng
  '798': [8_500, 0.45, 0.3, 0.05], // Mộc Hóa
  '799': [21_800, 0.7, 0.4, 0.1], // Tân Thạnh
  '800': [16_000, 0.6, 0.35, 0.12], // Thạnh Hóa
  '801': [17_000, 0.6, 0.3, 0.15], // Đức Huệ
  '802': [86_000, 2.2, 0.8, 0.2], // Đức Hòa
  '803': [53_000, 1.7, 0.85, 0.5], // Bến Lức
  '804': [28_000, 0.9, 0.55, 0.42], // Thủ Thừa
  '805': [18_500, 0.7, 0.5, 0.78], // Tân Trụ
  '806': [51_000, 1.3, 0.65, 1.0], // Cần Đước
  '807': [54_000, 1.6, 0.75, 0.95], // Cần Giuộc
  '808': [30_000, 0.9, 0.55, 0.7], // Châu Thành
};

export function profile(area: Pick<Area, 'code' | 'kind' | 'parent'>): Profile {
  const own = DISTRICTS[area.code] ?? (area.kind === 'station' && area.parent ? DISTRICTS[area.parent] : undefined);
  if (own) return { households: own[0], size: own[1], dev: own[2], seaward: own[3] };
  if (area.kind === 'province') return { households: 470_000, size: 15, dev: 0.6, seaward: 0.5 };
  // An area this table does not know (another pack): stable but arbitrary.
  const r = (k: string) => rand('profile', area.code, k);
  return { households: 10_000 + 60_000 * r('h'), size: 0.5 + 1.5 * r('s'), dev: 0.2 + 0.7 * r('d'), seaward: r('w') };
}

const EPOCH = fromLocal(2021, 1).getTime();
const YEAR_MS = 365.25 * 86_400_000;
const years = (at: number, since = EPOCH) => (at - since) / YEAR_MS;

/** Interpolates a 12-value table given at mid-month, by the local date. */
function byMonth(table: readonly number[], p: LocalParts): number {
  const x = (p.month - 1 + (p.day - 1 + p.hour / 24) / 30.5 - 0.5 + 12) % 12;
  const i = Math.floor(x);
  return table[i]! + (table[(i + 1) % 12]! - table[i]!) * (x - i);
}

/** Tết (lunar new year) by year: one-stop shops close for about a week around it. */
const TET: Record<number, [number, number]> = {
  2021: [2, 12], 2022: [2, 1], 2023: [1, 22], 2024: [2, 10], 2025: [1, 29],
  2026: [2, 17], 2027: [2, 6], 2028: [1, 26], 2029: [2, 13], 2030: [2, 3],
};
const FIXED_HOLIDAYS = new Set(['1-1', '4-30', '5-1', '9-2']);

const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;

export function isHoliday(p: LocalParts): boolean {
  if (FIXED_HOLIDAYS.has(`${p.month}-${p.day}`)) return true;
  const tet = TET[p.year];
  const offset = tet ? dayNumber(p.year, p.month, p.day) - dayNumber(p.year, tet[0], tet[1]) : NaN;
  return offset >= -2 && offset <= 4;
}

// ---------------------------------------------------------------- dossiers

/** Arrivals per open hour by hour of day: the queue peaks mid-morning and thins before closing. */
const HOUR_WEIGHT: Record<number, number> = { 7: 0.8, 8: 1.25, 9: 1.35, 10: 1.15, 11: 0.9, 13: 0.8, 14: 1.0, 15: 0.9, 16: 0.65 };
/** Pre-Tết rush in January, the Tết lull in February. */
const DOSSIER_MONTH = [1.15, 0.85, 1.05, 1, 1, 0.95, 0.95, 1, 1, 1, 1, 1.05];
/**
 * Dossiers per open hour of an average district (size 1) in January 2021, calibrated so that the
 * province's online filings in 2021 come to about 133,000 (Long An's reported figure).
 */
export const DOSSIER_BASE_RATE = 13;

/** The open part of a local hour as fractions of it, and how busy it is; null when the office is shut. */
export function officeHour(hourStart: Date): { from: number; to: number; intensity: number } | null {
  const p = localParts(hourStart);
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  if (weekday === 0 || isHoliday(p)) return null;
  // Monday–Friday 07:00–11:30 and 13:30–17:00; Saturday a reduced morning desk 07:30–11:30.
  const saturday = weekday === 6;
  const open = saturday ? [[7.5, 11.5]] : [[7, 11.5], [13.5, 17]];
  for (const [a, b] of open) {
    const from = Math.max(a!, p.hour) - p.hour;
    const to = Math.min(b!, p.hour + 1) - p.hour;
    if (to > from) return { from, to, intensity: (HOUR_WEIGHT[p.hour] ?? 0.5) * (saturday ? 0.3 : 1) };
  }
  return null;
}

/** Share of dossiers filed online: about 15–25% in early 2021, levelling off at 55–80% by district. */
export function onlineShare(area: Pick<Area, 'code' | 'kind' | 'parent'>, at: Date): number {
  const { dev } = profile(area);
  const start = 0.12 + 0.14 * dev;
  const cap = 0.5 + 0.32 * dev;
  return cap - (cap - start) * Math.exp(-0.45 * Math.max(0, years(at.getTime())));
}

export interface Arrival {
  /** When in the hour the dossier arrived, as a fraction of the hour. */
  at: number;
  online: boolean;
}

/** Every dossier a district's one-stop shop receives in an hour; online filings are a subset. */
export function dossierArrivals(area: Pick<Area, 'code' | 'kind' | 'parent'>, hourStart: Date): Arrival[] {
  const open = officeHour(hourStart);
  if (!open) return [];
  const p = localParts(hourStart);
  const t = hourStart.getTime();
  const lambda =
    DOSSIER_BASE_RATE *
    profile(area).size *
    (1 + 0.04 * Math.max(0, years(t))) *
    open.intensity *
    (open.to - open.from) *
    DOSSIER_MONTH[p.month - 1]! *
    (0.85 + 0.3 * rand('dossier-day', area.code, p.year, p.month, p.day));
  const r = mulberry32(hash32(`arrivals|${area.code}|${t}`));
  const n = poisson(lambda, r);
  const share = onlineShare(area, hourStart);
  const out: Arrival[] = [];
  for (let i = 0; i < n; i++) out.push({ at: open.from + (open.to - open.from) * r(), online: r() < share });
  return out;
}

/** Dossiers counted so far in the hour at `asOf` (the whole hour once it is over). */
export function dossierCount(kind: 'received' | 'online', area: Area, hourStart: Date, asOf: Date): number {
  const elapsed = (asOf.getTime() - hourStart.getTime()) / 3_600_000;
  return dossierArrivals(area, hourStart).filter((a) => a.at < elapsed && (kind === 'received' || a.online)).length;
}

// ---------------------------------------------------------------- rivers and air

const HOUR_MS = 3_600_000;

/**
 * Tide, roughly -1…1: M2 (12.42 h) with S2 (12 h) for the spring–neap cycle and a little K1 for the
 * diurnal inequality of the South China Sea tide. The wave reaches upstream stations up to 3 h later.
 */
export function tide(area: Pick<Area, 'code' | 'kind' | 'parent'>, at: Date): number {
  const h = (at.getTime() - EPOCH) / HOUR_MS - (1 - profile(area).seaward) * 3;
  const w = (period: number) => (2 * Math.PI * h) / period;
  return (Math.cos(w(12.4206)) + 0.4 * Math.cos(w(12) + 1.1) + 0.25 * Math.cos(w(23.9345) + 0.4)) / 1.65;
}

/** Salt intrusion by month: rising from December, worst February–April, fresh July–November. */
const DRY_SEASON = [0.45, 0.8, 1.0, 0.95, 0.55, 0.2, 0.05, 0.02, 0.02, 0.02, 0.04, 0.2];
/** Severity of each dry season (2020 and 2024 were drought years in the Mekong delta). */
const DRY_YEAR: Record<number, number> = { 2020: 1.4, 2021: 0.8, 2022: 0.75, 2023: 0.9, 2024: 1.25, 2025: 0.85 };

export function salinity(area: Area, at: Date): number {
  const p = localParts(at);
  // December belongs to the dry season of the following year.
  const season = p.month === 12 ? p.year + 1 : p.year;
  const severity = DRY_YEAR[season] ?? 0.7 + 0.5 * rand('dry-year', season);
  const { seaward } = profile(area);
  const peak = 16 * seaward ** 1.5 * severity * (1 + 0.15 * smooth(`sal|${area.code}`, at.getTime(), 2 * 86_400_000));
  // Salt peaks about an hour after high water.
  const withTide = 0.675 + 0.325 * tide(area, new Date(at.getTime() - HOUR_MS));
  const jitter = 1 + 0.02 * (2 * rand('sal', area.code, at.getTime()) - 1);
  return 0.1 + 0.05 * seaward + peak * byMonth(DRY_SEASON, p) * withTide * jitter;
}

/** Upstream flood water from the Plain of Reeds, September–November. */
const FLOOD_SEASON = [0.1, 0, 0, 0, 0, 0.05, 0.2, 0.45, 0.8, 1.0, 0.8, 0.35];

export function waterLevel(area: Area, at: Date): number {
  const p = localParts(at);
  const { seaward } = profile(area);
  const mean = 0.05 + byMonth(FLOOD_SEASON, p) * (0.3 + 0.9 * (1 - seaward));
  const amplitude = 0.5 + 1.0 * seaward;
  return mean + amplitude * tide(area, at) + 0.03 * (2 * rand('wl', area.code, at.getTime()) - 1);
}

const AIR_SEASON = [1.35, 1.3, 1.2, 1.05, 0.9, 0.8, 0.8, 0.8, 0.8, 0.9, 1.05, 1.3];
const bell = (h: number, centre: number, width: number) => Math.exp(-(((h - centre) / width) ** 2));

/** PM2.5 for a 15-minute slot: rush-hour peaks morning and evening, cleaner air in the afternoon. */
export function pm25Slot(area: Area, at: Date): number {
  const p = localParts(at);
  const h = p.hour + p.minute / 60;
  const industrial = /KCN|industrial/i.test(`${area.name.vi} ${area.name.en}`);
  const base = (industrial ? 30 : 20) + 8 * rand('pm-base', area.code);
  const daily = 0.75 + 0.5 * bell(h, 7.5, 1.6) + 0.6 * bell(h, 20, 2.2) - 0.2 * bell(h, 14, 2.5);
  const weather = Math.exp(0.35 * smooth(`pm|${area.code}`, at.getTime(), 1.5 * 86_400_000));
  return base * daily * byMonth(AIR_SEASON, p) * weather * (1 + 0.08 * (2 * rand('pm', area.code, at.getTime()) - 1));
}

/** The hourly mean so far: the mean of the 15-minute slots that have begun by `asOf`. */
export function pm25Hour(area: Area, hourStart: Date, asOf: Date): number {
  let sum = 0;
  let n = 0;
  for (let q = 0; q < 4; q++) {
    const slot = new Date(hourStart.getTime() + q * 15 * 60_000);
    if (q > 0 && slot > asOf) break;
    sum += pm25Slot(area, slot);
    n++;
  }
  return sum / n;
}

/** VN_AQI sub-index for PM2.5 (QĐ 1459/QĐ-TCMT breakpoints). */
export function aqiFromPm25(pm: number): number {
  const bp = [[0, 0], [25, 50], [50, 100], [80, 150], [150, 200], [250, 300], [350, 400], [500, 500]] as const;
  for (let i = 1; i < bp.length; i++) {
    const [c0, i0] = bp[i - 1]!;
    const [c1, i1] = bp[i]!;
    if (pm <= c1) return i0 + ((pm - c0) * (i1 - i0)) / (c1 - c0);
  }
  return 500;
}

// ---------------------------------------------------------------- reported figures

/**
 * Figures that districts and departments report: the value in January 2021 (or when the programme
 * started), where it levels off, how far an advanced district sits above a lagging one, and pace per year.
 */
interface Trend {
  from: number;
  to: number;
  spread: number;
  since?: [year: number, month: number];
  rate?: number;
}

const TRENDS: Record<string, Trend> = {
  fibre_households_pct: { from: 45, to: 88, spread: 25 },
  coverage_4g_pct: { from: 97, to: 99.9, spread: 3 },
  cloud_systems_pct: { from: 20, to: 95, spread: 0 },
  smartphone_adults_pct: { from: 62, to: 88, spread: 15 },
  vneid_level2_pct: { from: 2, to: 85, spread: 20, since: [2022, 7] },
  health_insurance_pct: { from: 88, to: 95, spread: 5 },
  ehr_pct: { from: 3, to: 90, spread: 20, since: [2023, 1] },
  digital_gradebook_schools_pct: { from: 35, to: 100, spread: 20 },
  digital_skills_trained_pct: { from: 25, to: 95, spread: 20 },
  digital_signature_docs_pct: { from: 70, to: 99, spread: 10 },
  website_compliance_pct: { from: 70, to: 98, spread: 15 },
  full_online_procedures_pct: { from: 20, to: 60, spread: 0 },
  dossiers_on_time_pct: { from: 96, to: 99.5, spread: 3 },
  online_payment_pct: { from: 3, to: 60, spread: 25 },
  digitised_dossiers_pct: { from: 8, to: 85, spread: 25 },
  feedback_on_time_pct: { from: 85, to: 99, spread: 8 },
  satisfaction_pct: { from: 88, to: 96, spread: 6 },
  digital_economy_grdp_pct: { from: 6.5, to: 16, spread: 0, rate: 0.25 },
  online_business_registration_pct: { from: 90, to: 99.8, spread: 0 },
  online_driving_licence_pct: { from: 2, to: 85, spread: 0, since: [2023, 1] },
};

function isPercent(ind: Indicator): boolean {
  return ind.unit.vi === '%' || ind.unit.en === '%';
}

/** A percentage the table does not know: a stable trend in the better direction. */
function genericTrend(ind: Indicator): Trend {
  const from = 15 + 45 * rand('gt-from', ind.key);
  const to = from + (97 - from) * (0.4 + 0.5 * rand('gt-to', ind.key));
  return ind.direction === 'higher' ? { from, to, spread: 15 } : { from: 100 - from, to: 100 - to, spread: -15 };
}

/** Period-to-period noise that shrinks near the bound a figure climbs towards (99.8% cannot wobble by 2). */
function wobble(ind: Indicator, v: number, g: number, rising: boolean): number {
  const room = Math.abs((rising ? ind.range.max : ind.range.min) - v);
  return v + Math.min(0.08 * room, 1.2) * g;
}

function trendValue(t: Trend, ind: Indicator, area: Area, period: Date, mid: Date): number | null {
  const start = t.since ? fromLocal(t.since[0], t.since[1]).getTime() : EPOCH;
  if (period.getTime() < start) return null;
  const local = area.kind !== 'province';
  const { dev } = profile(area);
  // Rural districts start later and level off lower.
  const y = Math.max(0, years(mid.getTime(), start) - (local ? (1 - dev) * 0.8 : 0));
  const offset = local ? t.spread * (dev - 0.6 + 0.3 * (rand('persona', ind.key, area.code) - 0.5)) : 0;
  const from = t.from + offset / 2;
  const to = t.to + offset;
  const rising = t.to >= t.from;
  const v = softCap(from + (to - from) * (1 - Math.exp(-(t.rate ?? 0.5) * y)), rising ? ind.range.max : ind.range.min, t.to);
  return wobble(ind, v, gauss('fig', ind.key, area.code, period.getTime()), rising);
}

/**
 * Eases a figure towards its bound instead of cutting it off, so leading districts sit at 99.x% rather
 * than a row of identical 100s; the order of districts is kept.
 */
function softCap(v: number, bound: number, target: number): number {
  const margin = Math.max(2, 0.5 * Math.abs(bound - target));
  const dir = Math.sign(bound - target) || 1;
  const over = (v - (bound - dir * margin)) * dir;
  return over <= 0 ? v : bound - dir * margin * Math.exp(-over / margin);
}

function isDossierCount(ind: Indicator): boolean {
  return /dossier/.test(ind.key) && ind.temporal === 'sum' && ind.frequency === 'PT1H';
}

/** The month's total is the sum of the hourly counts the same office reports, so the figures tie up. */
function monthOfDossiers(area: Area, monthStart: Date): number {
  const end = nextPeriod(monthStart, 'P1M').getTime();
  let total = 0;
  for (let h = monthStart.getTime(); h < end; h += 3_600_000) total += dossierCount('received', area, new Date(h), new Date(h + 3_600_000));
  return total;
}

function rawValue(ind: Indicator, area: Area, period: Date, asOf: Date): number | null {
  const k = ind.key;
  const fast = ind.frequency === 'PT15M' || ind.frequency === 'PT1H';
  if (isDossierCount(ind)) return dossierCount(/online/.test(k) ? 'online' : 'received', area, period, asOf);
  if (k === 'dossiers_received_monthly') return monthOfDossiers(area, period);
  if (/salin/.test(k)) return salinity(area, period);
  if (/water_level|tide/.test(k)) return waterLevel(area, period);
  const pm = () => (ind.frequency === 'PT1H' ? pm25Hour(area, period, asOf) : pm25Slot(area, period));
  if (/pm2_?5/.test(k)) return pm();
  if (/aqi/.test(k)) return aqiFromPm25(pm());

  const mid = new Date((period.getTime() + nextPeriod(period, ind.frequency).getTime()) / 2);
  const y = Math.max(0, years(mid.getTime()));
  const g = gauss('fig', k, area.code, period.getTime());
  const p = profile(area);
  if (/overdue/.test(k)) {
    const drift = Math.exp(0.5 * smooth(`overdue|${area.code}`, period.getTime(), 7 * 86_400_000));
    return p.size * (2 + 10 * (1 - p.dev)) * Math.exp(-0.15 * y) * drift * (0.8 + 0.4 * rand('overdue', area.code, period.getTime()));
  }
  if (/online_filing/.test(k)) return wobble(ind, 100 * onlineShare(area, mid), g, true);
  if (k === 'households') return p.households * (1 + 0.012 * y) * (1 + 0.003 * g);
  if (k === 'civil_servants') return (120 + 0.006 * p.households) * (1 - 0.015 * y) * (1 + 0.01 * g);
  if (k === 'it_staff') return (3 + 10 * p.dev + 4 * p.size) * (1 + 0.1 * y) * (1 + 0.05 * g);
  if (/ecommerce/.test(k)) return (15 + 250 * p.dev * p.size) * (1 + 0.35 * y) * (1 + 0.04 * g);
  const trend = TRENDS[k] ?? (isPercent(ind) ? genericTrend(ind) : undefined);
  if (trend) return trendValue(trend, ind, area, period, mid);

  // Anything else: a stable level within the range, a slow drift the better way, a day cycle if fast.
  const level = (0.03 + 0.12 * rand('level', k, area.code)) * Math.min(p.size, 4);
  const drift = ind.direction === 'higher' ? 1 + 0.05 * y : Math.max(0.5, 1 - 0.03 * y);
  const hour = localParts(period).hour;
  const cycle = fast ? 1 + 0.2 * Math.sin((2 * Math.PI * (hour - 9)) / 24) : 1;
  return ind.range.min + (ind.range.max - ind.range.min) * level * drift * cycle * (1 + 0.05 * g);
}

/** Clamps to the range and rounds to the indicator's decimals without leaving the range. */
function fit(ind: Indicator, v: number): number {
  const f = 10 ** ind.decimals;
  const { min, max } = ind.range;
  const r = Math.round(Math.min(max, Math.max(min, v)) * f) / f;
  if (r > max) return Math.floor(max * f) / f;
  if (r < min) return Math.ceil(min * f) / f;
  return r === 0 ? 0 : r; // no -0 on the wire
}

/**
 * The value of an indicator for an area and the period starting at `period`, as known at `asOf`
 * (default: once the period is over). Running figures (dossiers this hour, the hourly PM2.5 mean) grow
 * during their period; everything else is fixed. Null when there is no figure (a programme not started).
 */
export function valueAt(ind: Indicator, area: Area, period: Date, asOf?: Date): number | null {
  const end = nextPeriod(period, ind.frequency);
  const raw = rawValue(ind, area, period, asOf && asOf < end ? asOf : end);
  return raw === null || !Number.isFinite(raw) ? null : fit(ind, raw);
}

// ---------------------------------------------------------------- reporting calendar

/**
 * When a unit posts an indicator's figure for a period: on a day from the 1st to the 12th of the month
 * after the period (most by the 5th; a unit sends its figures together, one now and then later), during
 * office hours. Null for the ~5% of reports that never come.
 */
export function reportTime(unit: string, ind: Pick<Indicator, 'key' | 'frequency'>, period: Date): Date | null {
  const id = `${unit}|${ind.key}|${period.getTime()}`;
  if (rand('missing', id) < 0.05) return null;
  const batch = rand('report-day', unit, period.getTime());
  let day = batch < 0.85 ? 1 + Math.floor((batch / 0.85) * 5) : 6 + Math.floor(((batch - 0.85) / 0.15) * 7);
  if (rand('late', id) < 0.08) day = Math.min(12, day + 1 + Math.floor(rand('late-by', id) * 5));
  const due = localParts(nextPeriod(period, ind.frequency));
  const hour = 8 + Math.floor(rand('report-hour', unit, period.getTime()) * 9);
  return fromLocal(due.year, due.month, day, hour, Math.floor(rand('report-minute', id) * 60));
}

/**
 * The second source of a declared pair (the paper register beside the software): close to the first,
 * and about one period in eight off by 4–12 %, so that discrepancies appear now and then and clear when
 * a unit corrects them.
 */
export function pairedValue(ind: Indicator, area: Area, period: Date, value: number): { source: string; value: number } | null {
  if (!ind.agreement) return null;
  const id = `${ind.key}|${area.code}|${period.getTime()}`;
  const off = rand('pair-off', id) < 0.12 ? 0.04 + rand('pair-size', id) * 0.08 : rand('pair-small', id) * 0.015;
  const sign = rand('pair-sign', id) < 0.5 ? -1 : 1;
  return { source: ind.agreement.sources[1], value: fit(ind, value * (1 + sign * off)) };
}
