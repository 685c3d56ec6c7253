/**
 * The Long An pack's plan: targets for 2022 from the province's digital-transformation plan and Decision
 * 766/QĐ-TTg, carried on to 2026 along a plausible trajectory so that the screens show current targets;
 * the 2022 roadmap (tasks in `long-an-roadmap.ts`); and two composite indexes, one shaped like the
 * provincial Digital Transformation Index and one like Decision 766's service index.
 *
 * The 2023–2026 figures, the per-district differences and the monthly and quarterly steps are the
 * project's own illustration, not published targets.
 */
import type { z } from 'zod';
import type { IndexConfig, Plan, Target } from '../shared/plan';
import { longAnRoadmap } from './long-an-roadmap';

const PROVINCE = '80';
const YEARS = [2022, 2023, 2024, 2025, 2026] as const;
type Year = (typeof YEARS)[number];
type ByYear = Partial<Record<Year, number>>;

/**
 * District tiers by urbanisation and digital maturity: the city and the industrial districts by Hồ Chí
 * Minh City are held to more, the Đồng Tháp Mười districts on the Cambodian border to less.
 */
const TIERS: Record<'urban' | 'middle' | 'rural', string[]> = {
  urban: ['794', '802', '803', '807'],
  middle: ['795', '804', '805', '806', '808'],
  rural: ['796', '797', '798', '799', '800', '801'],
};

/** Year-end targets for the province; a district without its own is held to these. */
const PROVINCE_YEARS: Record<string, ByYear> = {
  // Decision 766 public-service figures.
  online_filing_pct: { 2022: 50, 2023: 55, 2024: 60, 2025: 65, 2026: 70 },
  online_payment_pct: { 2022: 30, 2023: 40, 2024: 50, 2025: 55, 2026: 60 },
  digitised_dossiers_pct: { 2022: 50, 2023: 60, 2024: 70, 2025: 80, 2026: 90 },
  dossiers_on_time_pct: { 2022: 95, 2023: 96, 2024: 97, 2025: 98, 2026: 98 },
  overdue_open_dossiers: { 2022: 60, 2023: 50, 2024: 40, 2025: 35, 2026: 30 },
  feedback_on_time_pct: { 2022: 90, 2023: 95, 2024: 95, 2025: 98, 2026: 98 },
  satisfaction_pct: { 2022: 90, 2023: 90, 2024: 92, 2025: 93, 2026: 95 },
  full_online_procedures_pct: { 2022: 50, 2023: 55, 2024: 60, 2025: 60, 2026: 65 },
  online_driving_licence_pct: { 2023: 50, 2024: 70, 2025: 80, 2026: 90 },
  // Digital government.
  website_compliance_pct: { 2022: 100, 2023: 100, 2024: 100, 2025: 100, 2026: 100 },
  digital_signature_docs_pct: { 2022: 90, 2023: 95, 2024: 97, 2025: 98, 2026: 99 },
  digital_skills_trained_pct: { 2022: 70, 2023: 80, 2024: 85, 2025: 90, 2026: 95 },
  cloud_systems_pct: { 2022: 70, 2023: 80, 2024: 90, 2025: 95, 2026: 100 },
  reports_on_time_pct: { 2022: 90, 2023: 90, 2024: 95, 2025: 95, 2026: 95 },
  // Digital economy.
  digital_economy_grdp_pct: { 2022: 10, 2023: 11, 2024: 12, 2025: 13, 2026: 14 },
  online_business_registration_pct: { 2022: 95, 2023: 97, 2024: 98, 2025: 99, 2026: 99 },
  // Digital society and infrastructure.
  fibre_households_pct: { 2022: 80, 2023: 82, 2024: 85, 2025: 88, 2026: 90 },
  coverage_4g_pct: { 2022: 99, 2023: 99, 2024: 99.5, 2025: 99.5, 2026: 99.5 },
  smartphone_adults_pct: { 2022: 80, 2023: 85, 2024: 87, 2025: 90, 2026: 92 },
  vneid_level2_pct: { 2022: 30, 2023: 60, 2024: 75, 2025: 80, 2026: 85 },
  health_insurance_pct: { 2022: 91, 2023: 92, 2024: 93, 2025: 94, 2026: 95 },
  ehr_pct: { 2023: 50, 2024: 70, 2025: 80, 2026: 90 },
  digital_gradebook_schools_pct: { 2022: 90, 2023: 95, 2024: 100, 2025: 100, 2026: 100 },
};

/** Where the province stood at the end of 2021 (or when a programme started): the first step's origin. */
const BASELINE_2021: Record<string, number> = {
  online_filing_pct: 38,
  online_payment_pct: 15,
  digitised_dossiers_pct: 20,
  digital_signature_docs_pct: 80,
  vneid_level2_pct: 0,
  fibre_households_pct: 70,
  digital_skills_trained_pct: 45,
  full_online_procedures_pct: 30,
  cloud_systems_pct: 40,
};

/** Climbing monthly figures get a step each month, quarterly ones each quarter, on the way to the year's target. */
const MONTHLY_STEPS = ['online_filing_pct', 'online_payment_pct', 'digitised_dossiers_pct', 'digital_signature_docs_pct', 'vneid_level2_pct'];
const QUARTERLY_STEPS = ['fibre_households_pct', 'digital_skills_trained_pct', 'full_online_procedures_pct', 'cloud_systems_pct'];
/** Programmes that started mid-2022: no step before the first month. */
const FIRST_MONTH: Record<string, number> = { vneid_level2_pct: 7 };

/** Per-district year targets: the province's, moved by tier (percentage points, or a count per district). */
const DISTRICT_SHIFT: Record<string, Record<keyof typeof TIERS, number>> = {
  online_filing_pct: { urban: 5, middle: 0, rural: -10 },
  online_payment_pct: { urban: 10, middle: 0, rural: -10 },
  digitised_dossiers_pct: { urban: 5, middle: 0, rural: -10 },
  fibre_households_pct: { urban: 5, middle: -3, rural: -12 },
};

/** Open overdue dossiers a district may carry (lower is better); the province's target is for all 15. */
const DISTRICT_OVERDUE: ByYear = { 2022: 5, 2023: 4, 2024: 3, 2025: 3, 2026: 2 };

/** Businesses selling online per district in 2022 (about the 2021 count plus a fifth), grown each year. */
const ECOMMERCE_2022: Record<string, number> = {
  '794': 850, '795': 200, '796': 80, '797': 80, '798': 80, '799': 140, '800': 110, '801': 110,
  '802': 750, '803': 620, '804': 220, '805': 170, '806': 380, '807': 540, '808': 220,
};
const ECOMMERCE_GROWTH: Record<Year, number> = { 2022: 1, 2023: 1.2, 2024: 1.4, 2025: 1.6, 2026: 1.85 };

const round1 = (x: number) => Math.round(x * 10) / 10;
const pad = (n: number) => String(n).padStart(2, '0');
const cap100 = (x: number) => Math.min(100, x);

function yearTargets(): Target[] {
  const out: Target[] = [];
  for (const [indicator, byYear] of Object.entries(PROVINCE_YEARS)) {
    for (const [year, value] of Object.entries(byYear)) out.push({ indicator, area: PROVINCE, kind: 'year', period: year, value });
  }
  for (const [indicator, shift] of Object.entries(DISTRICT_SHIFT)) {
    for (const [tier, codes] of Object.entries(TIERS) as [keyof typeof TIERS, string[]][]) {
      for (const year of YEARS) {
        const base = PROVINCE_YEARS[indicator]![year]!;
        for (const area of codes) out.push({ indicator, area, kind: 'year', period: String(year), value: cap100(base + shift[tier]) });
      }
    }
  }
  for (const year of YEARS) {
    for (const area of Object.values(TIERS).flat()) {
      out.push({ indicator: 'overdue_open_dossiers', area, kind: 'year', period: String(year), value: DISTRICT_OVERDUE[year]! });
      out.push({ indicator: 'ecommerce_businesses', area, kind: 'year', period: String(year), value: Math.round((ECOMMERCE_2022[area]! * ECOMMERCE_GROWTH[year]) / 10) * 10 });
    }
    const total = Object.values(ECOMMERCE_2022).reduce((s, n) => s + Math.round((n * ECOMMERCE_GROWTH[year]) / 10) * 10, 0);
    out.push({ indicator: 'ecommerce_businesses', area: PROVINCE, kind: 'year', period: String(year), value: total });
  }
  return out;
}

/** Straight steps from last year's target (or the 2021 baseline) to this year's, for the province. */
function steps(): Target[] {
  const out: Target[] = [];
  const walk = (indicator: string, kind: 'month' | 'quarter', count: number) => {
    YEARS.forEach((year, i) => {
      const to = PROVINCE_YEARS[indicator]![year];
      const from = i === 0 ? BASELINE_2021[indicator] : PROVINCE_YEARS[indicator]![YEARS[i - 1]!];
      if (to === undefined || from === undefined) return;
      const first = year === 2022 ? Math.ceil((FIRST_MONTH[indicator] ?? 1) / (12 / count)) : 1;
      for (let n = first; n <= count; n++) {
        const share = (n - first + 1) / (count - first + 1);
        const period = kind === 'month' ? `${year}-${pad(n)}` : `${year}-Q${n}`;
        out.push({ indicator, area: PROVINCE, kind, period, value: round1(from + (to - from) * share) });
      }
    });
  };
  for (const k of MONTHLY_STEPS) walk(k, 'month', 12);
  for (const k of QUARTERLY_STEPS) walk(k, 'quarter', 4);
  return out;
}

const T = (vi: string, en: string) => ({ vi, en });

const DTI: IndexConfig = {
  id: 'dti',
  name: T('Chỉ số chuyển đổi số (theo cấu trúc DTI)', 'Digital transformation index (DTI-shaped)'),
  framework: 'DTI 2022 (QĐ 922/QĐ-BTTTT)',
  description: T(
    'Ba trụ cột chính quyền số, kinh tế số, xã hội số; mỗi chỉ tiêu so với mục tiêu của kỳ hoặc với một khoảng cố định.',
    'The three pillars digital government, digital economy and digital society; each figure against its target for the period or a fixed range.',
  ),
  pillars: [
    {
      key: 'digital-government',
      name: T('Chính quyền số', 'Digital government'),
      weight: 40,
      indicators: [
        { key: 'online_filing_pct', weight: 2, normalise: { kind: 'target' } },
        { key: 'digital_signature_docs_pct', weight: 1, normalise: { kind: 'target' } },
        { key: 'website_compliance_pct', weight: 1, normalise: { kind: 'target' } },
        { key: 'digital_skills_trained_pct', weight: 1, normalise: { kind: 'target' } },
        { key: 'full_online_procedures_pct', weight: 1, normalise: { kind: 'target' } },
        { key: 'cloud_systems_pct', weight: 1, normalise: { kind: 'target' } },
      ],
    },
    {
      key: 'digital-economy',
      name: T('Kinh tế số', 'Digital economy'),
      weight: 30,
      indicators: [
        { key: 'ecommerce_businesses', weight: 2, normalise: { kind: 'target' } },
        { key: 'online_payment_pct', weight: 1, normalise: { kind: 'target' } },
        { key: 'digital_economy_grdp_pct', weight: 2, normalise: { kind: 'target' } },
        { key: 'online_business_registration_pct', weight: 1, normalise: { kind: 'target' } },
      ],
    },
    {
      key: 'digital-society',
      name: T('Xã hội số', 'Digital society'),
      weight: 30,
      indicators: [
        { key: 'fibre_households_pct', weight: 2, normalise: { kind: 'target' } },
        { key: 'smartphone_adults_pct', weight: 1, normalise: { kind: 'range', min: 50, max: 100 } },
        { key: 'vneid_level2_pct', weight: 1, normalise: { kind: 'target' } },
        { key: 'ehr_pct', weight: 1, normalise: { kind: 'target' } },
        { key: 'coverage_4g_pct', weight: 1, normalise: { kind: 'range', min: 90, max: 100 } },
      ],
    },
  ],
};

/** Decision 766/QĐ-TTg: five groups worth 18, 20, 22, 22 and 18 of 100 points. */
const QD766: IndexConfig = {
  id: 'qd766',
  name: T('Chỉ số phục vụ người dân, doanh nghiệp (theo QĐ 766)', 'Service index for citizens and businesses (Decision 766)'),
  framework: 'QĐ 766/QĐ-TTg (2022)',
  description: T(
    'Năm nhóm: công khai, minh bạch (18 điểm); tiến độ giải quyết (20); dịch vụ trực tuyến (22); số hóa hồ sơ (22); mức độ hài lòng (18).',
    'Five groups: publicity (18 points); progress (20); online service (22); digitisation (22); satisfaction (18).',
  ),
  pillars: [
    {
      key: 'publicity',
      name: T('Công khai, minh bạch', 'Publicity and transparency'),
      weight: 18,
      indicators: [{ key: 'website_compliance_pct', weight: 1, normalise: { kind: 'target' } }],
    },
    {
      key: 'progress',
      name: T('Tiến độ giải quyết', 'Progress of resolution'),
      weight: 20,
      indicators: [
        { key: 'dossiers_on_time_pct', weight: 3, normalise: { kind: 'range', min: 80, max: 100 } },
        { key: 'overdue_open_dossiers', weight: 1, normalise: { kind: 'target' } },
      ],
    },
    {
      key: 'online-service',
      name: T('Dịch vụ công trực tuyến', 'Online service'),
      weight: 22,
      indicators: [
        { key: 'online_filing_pct', weight: 2, normalise: { kind: 'target' } },
        { key: 'online_payment_pct', weight: 1, normalise: { kind: 'target' } },
        { key: 'full_online_procedures_pct', weight: 1, normalise: { kind: 'target' } },
      ],
    },
    {
      key: 'digitisation',
      name: T('Số hóa hồ sơ', 'Digitisation'),
      weight: 22,
      indicators: [{ key: 'digitised_dossiers_pct', weight: 1, normalise: { kind: 'target' } }],
    },
    {
      key: 'satisfaction',
      name: T('Mức độ hài lòng', 'Satisfaction'),
      weight: 18,
      indicators: [
        { key: 'satisfaction_pct', weight: 2, normalise: { kind: 'range', min: 70, max: 100 } },
        { key: 'feedback_on_time_pct', weight: 1, normalise: { kind: 'target' } },
      ],
    },
  ],
};

export const longAnPlan: z.input<typeof Plan> = {
  targets: [...yearTargets(), ...steps()],
  roadmap: longAnRoadmap,
  indexes: [DTI, QD766],
};
