/** Reporting units: the departments and agencies, and the 15 district People's Committees. */
import { type Unit } from '../../shared/catalog';
import { PROVINCE, EN_SUFFIX, DISTRICTS, DISTRICT_CODES, WATER_STATIONS, AIR_STATIONS } from './areas';
import { indicators } from './indicators';
// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

/** The public-service figures a district's one-stop shop writes for its own district. */
export const DISTRICT_WRITES = [
  'dossiers_received',
  'dossiers_received_monthly',
  'online_dossiers_filed',
  'dossiers_on_time_pct',
  'overdue_open_dossiers',
  'online_filing_pct',
  'online_payment_pct',
  'digitised_dossiers_pct',
  'feedback_on_time_pct',
  'digital_signature_docs_pct',
];

export function department(
  code: string,
  vi: string,
  en: string,
  unitAreas: string[],
  defaultSource: string,
  kind: Unit['kind'] = 'department',
): Unit {
  // Figures CityOps computes are owned (answered for) by a unit but written by no one.
  const owned = indicators.filter((i) => i.owner === code && !i.computed).map((i) => i.key);
  return { code, kind, name: { vi, en }, areas: unitAreas, indicators: owned, defaultSource };
}

export const units: Unit[] = [
  department('so-tttt', 'Sở Thông tin và Truyền thông', 'Department of Information and Communications', [PROVINCE, ...DISTRICT_CODES], 'unit-report'),
  department('so-noi-vu', 'Sở Nội vụ', 'Department of Home Affairs', DISTRICT_CODES, 'unit-report'),
  department('so-y-te', 'Sở Y tế', 'Department of Health', DISTRICT_CODES, 'unit-report'),
  department('so-gd-dt', 'Sở Giáo dục và Đào tạo', 'Department of Education and Training', DISTRICT_CODES, 'unit-report'),
  department('so-nn-ptnt', 'Sở Nông nghiệp và Phát triển nông thôn', 'Department of Agriculture and Rural Development', WATER_STATIONS, 'sensor'),
  department('so-tn-mt', 'Sở Tài nguyên và Môi trường', 'Department of Natural Resources and Environment', AIR_STATIONS, 'sensor'),
  department('so-cong-thuong', 'Sở Công Thương', 'Department of Industry and Trade', DISTRICT_CODES, 'unit-report'),
  department('so-kh-dt', 'Sở Kế hoạch và Đầu tư', 'Department of Planning and Investment', [PROVINCE], 'unit-report'),
  department('so-gtvt', 'Sở Giao thông vận tải', 'Department of Transport', [PROVINCE], 'unit-report'),
  department('vp-ubnd', 'Văn phòng UBND tỉnh', "Office of the Provincial People's Committee", [PROVINCE, ...DISTRICT_CODES], 'unit-report'),
  department('cong-an', 'Công an tỉnh', 'Provincial Police', DISTRICT_CODES, 'unit-report', 'agency'),
  department('bhxh', 'Bảo hiểm xã hội tỉnh', 'Provincial Social Insurance', DISTRICT_CODES, 'unit-report', 'agency'),
  ...DISTRICTS.map(
    (d): Unit => ({
      code: `ubnd-${d.code}`,
      kind: 'district',
      name: { vi: `UBND ${d.kind} ${d.vi}`, en: `People's Committee of ${d.en} ${EN_SUFFIX[d.kind]}` },
      areas: [d.code],
      indicators: DISTRICT_WRITES,
      defaultSource: 'one-stop-shop',
    }),
  ),
];

