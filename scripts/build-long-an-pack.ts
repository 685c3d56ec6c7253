/**
 * Builds the Long An 2022 demo region pack, packs/long-an.json.
 *
 *   npx tsx scripts/build-long-an-pack.ts
 *
 * The pack is validated with the RegionPack schema and checkPack, plus the checks below that neither
 * can see (owners can write what they own, every district polygon holds its own seat, stations sit in
 * their parent district). Any problem aborts the build and nothing is written.
 *
 * Boundaries are schematic: a hand-drawn outline of the province, cut into the Voronoi cells of the 15
 * real district seats. They are not official boundaries; `cityops boundaries import FILE.geojson`
 * replaces them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Delaunay } from 'd3-delaunay';
import {
  REGION_PACK_FORMAT,
  RegionPack,
  type Area,
  type AreaGeometry,
  type Category,
  type Indicator,
  type Localised,
  type Source,
  type Unit,
} from '../shared/catalog';
import { checkPack } from '../server/catalog/pack';
import { longAnPlan } from './long-an-plan';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../packs/long-an.json');
const PROVINCE = '80';

// ---------------------------------------------------------------------------------------------
// Areas
// ---------------------------------------------------------------------------------------------

type Pt = [number, number];

interface District {
  code: string;
  vi: string;
  en: string;
  kind: 'thành phố' | 'thị xã' | 'huyện';
  /** The seat (the People's Committee's town), [lon, lat]. */
  seat: Pt;
  seatName: string;
}

const SUBKIND: Record<District['kind'], Localised> = {
  'thành phố': { vi: 'thành phố', en: 'city' },
  'thị xã': { vi: 'thị xã', en: 'town' },
  huyện: { vi: 'huyện', en: 'district' },
};
const EN_SUFFIX: Record<District['kind'], string> = { 'thành phố': 'City', 'thị xã': 'Town', huyện: 'District' };

/** GSO codes of 2022 (before the 2025 reorganisation). Seats are the real towns, to about 1 km. */
const DISTRICTS: District[] = [
  { code: '794', vi: 'Tân An', en: 'Tan An', kind: 'thành phố', seat: [106.413, 10.536], seatName: 'Tân An' },
  { code: '795', vi: 'Kiến Tường', en: 'Kien Tuong', kind: 'thị xã', seat: [105.94, 10.778], seatName: 'Kiến Tường' },
  { code: '796', vi: 'Tân Hưng', en: 'Tan Hung', kind: 'huyện', seat: [105.654, 10.827], seatName: 'thị trấn Tân Hưng' },
  { code: '797', vi: 'Vĩnh Hưng', en: 'Vinh Hung', kind: 'huyện', seat: [105.7881, 10.8878], seatName: 'thị trấn Vĩnh Hưng' },
  { code: '798', vi: 'Mộc Hóa', en: 'Moc Hoa', kind: 'huyện', seat: [105.998, 10.8], seatName: 'xã Bình Phong Thạnh' },
  { code: '799', vi: 'Tân Thạnh', en: 'Tan Thanh', kind: 'huyện', seat: [105.965, 10.615], seatName: 'thị trấn Tân Thạnh' },
  { code: '800', vi: 'Thạnh Hóa', en: 'Thanh Hoa', kind: 'huyện', seat: [106.174, 10.661], seatName: 'thị trấn Thạnh Hóa' },
  { code: '801', vi: 'Đức Huệ', en: 'Duc Hue', kind: 'huyện', seat: [106.315, 10.855], seatName: 'thị trấn Đông Thành' },
  { code: '802', vi: 'Đức Hòa', en: 'Duc Hoa', kind: 'huyện', seat: [106.396, 10.89], seatName: 'thị trấn Hậu Nghĩa' },
  { code: '803', vi: 'Bến Lức', en: 'Ben Luc', kind: 'huyện', seat: [106.485, 10.639], seatName: 'thị trấn Bến Lức' },
  { code: '804', vi: 'Thủ Thừa', en: 'Thu Thua', kind: 'huyện', seat: [106.403, 10.605], seatName: 'thị trấn Thủ Thừa' },
  { code: '805', vi: 'Tân Trụ', en: 'Tan Tru', kind: 'huyện', seat: [106.5079, 10.5136], seatName: 'thị trấn Tân Trụ' },
  { code: '806', vi: 'Cần Đước', en: 'Can Duoc', kind: 'huyện', seat: [106.605, 10.51], seatName: 'thị trấn Cần Đước' },
  { code: '807', vi: 'Cần Giuộc', en: 'Can Giuoc', kind: 'huyện', seat: [106.671, 10.607], seatName: 'thị trấn Cần Giuộc' },
  { code: '808', vi: 'Châu Thành', en: 'Chau Thanh', kind: 'huyện', seat: [106.479, 10.45], seatName: 'thị trấn Tầm Vu' },
];
const DISTRICT_CODES = DISTRICTS.map((d) => d.code);

interface Station {
  code: string;
  vi: string;
  en: string;
  parent: string;
  point: Pt;
  /** Which measurements the station carries. */
  water: boolean;
  air: boolean;
}

/** Salinity and water-level stations on the Vàm Cỏ rivers, and automatic air-quality stations. */
const STATIONS: Station[] = [
  { code: 'st-tan-an', vi: 'Trạm Tân An (sông Vàm Cỏ Tây)', en: 'Tan An station (Vam Co Tay River)', parent: '794', point: [106.417, 10.533], water: true, air: true },
  { code: 'st-tuyen-nhon', vi: 'Trạm Tuyên Nhơn (sông Vàm Cỏ Tây)', en: 'Tuyen Nhon station (Vam Co Tay River)', parent: '800', point: [106.18, 10.658], water: true, air: false },
  { code: 'st-nhut-tan', vi: 'Trạm Nhựt Tân (sông Vàm Cỏ Tây)', en: 'Nhut Tan station (Vam Co Tay River)', parent: '805', point: [106.47, 10.515], water: true, air: false },
  { code: 'st-ben-luc', vi: 'Trạm Bến Lức (sông Vàm Cỏ Đông)', en: 'Ben Luc station (Vam Co Dong River)', parent: '803', point: [106.48, 10.637], water: true, air: true },
  { code: 'st-hiep-hoa', vi: 'Trạm Hiệp Hòa (sông Vàm Cỏ Đông)', en: 'Hiep Hoa station (Vam Co Dong River)', parent: '802', point: [106.348, 10.923], water: true, air: false },
  { code: 'st-cau-noi', vi: 'Trạm Cầu Nổi (sông Vàm Cỏ)', en: 'Cau Noi station (Vam Co River)', parent: '806', point: [106.64, 10.445], water: true, air: false },
  { code: 'st-kcn-duc-hoa', vi: 'Trạm không khí KCN Đức Hòa', en: 'Duc Hoa Industrial Park air station', parent: '802', point: [106.43, 10.835], water: false, air: true },
  { code: 'st-long-hau', vi: 'Trạm không khí KCN Long Hậu', en: 'Long Hau Industrial Park air station', parent: '807', point: [106.715, 10.635], water: false, air: true },
];
const WATER_STATIONS = STATIONS.filter((s) => s.water).map((s) => s.code);
const AIR_STATIONS = STATIONS.filter((s) => s.air).map((s) => s.code);

const areas: Area[] = [
  {
    code: PROVINCE,
    kind: 'province',
    subkind: { vi: 'tỉnh', en: 'province' },
    name: { vi: 'Tỉnh Long An', en: 'Long An Province' },
    parent: null,
    point: [106.413, 10.536],
  },
  ...DISTRICTS.map(
    (d): Area => ({
      code: d.code,
      kind: 'district',
      subkind: SUBKIND[d.kind],
      name: { vi: `${d.kind[0]!.toUpperCase()}${d.kind.slice(1)} ${d.vi}`, en: `${d.en} ${EN_SUFFIX[d.kind]}` },
      parent: PROVINCE,
      point: d.seat,
    }),
  ),
  ...STATIONS.map(
    (s): Area => ({
      code: s.code,
      kind: 'station',
      subkind: { vi: 'trạm quan trắc', en: 'monitoring station' },
      name: { vi: s.vi, en: s.en },
      parent: s.parent,
      point: s.point,
    }),
  ),
];

// ---------------------------------------------------------------------------------------------
// Categories and sources
// ---------------------------------------------------------------------------------------------

const categories: Category[] = [
  { key: 'digital-government', name: { vi: 'Chính quyền số', en: 'Digital government' } },
  { key: 'public-service', name: { vi: 'Dịch vụ công', en: 'Public services' } },
  { key: 'digital-economy', name: { vi: 'Kinh tế số', en: 'Digital economy' } },
  { key: 'digital-society', name: { vi: 'Xã hội số', en: 'Digital society' } },
  { key: 'digital-infrastructure', name: { vi: 'Hạ tầng số', en: 'Digital infrastructure' } },
  { key: 'environment', name: { vi: 'Môi trường', en: 'Environment' } },
];

const sources: Source[] = [
  { key: 'one-stop-shop', name: { vi: 'Phần mềm một cửa điện tử', en: 'One-stop-shop software' } },
  { key: 'paper-register', name: { vi: 'Sổ theo dõi giấy', en: 'Paper register' } },
  { key: 'unit-report', name: { vi: 'Báo cáo của đơn vị', en: 'Unit report' } },
  { key: 'sensor', name: { vi: 'Thiết bị quan trắc tự động', en: 'Automatic sensor' } },
  { key: 'survey', name: { vi: 'Khảo sát', en: 'Survey' } },
];

// ---------------------------------------------------------------------------------------------
// Indicators
// ---------------------------------------------------------------------------------------------

const PCT: Localised = { vi: '%', en: '%' };
const PEOPLE: Localised = { vi: 'người', en: 'people' };
const DOSSIERS: Localised = { vi: 'hồ sơ', en: 'dossiers' };
const DTI = 'DTI 2022 (QĐ 922/QĐ-BTTTT)';
const QD766 = 'QĐ 766/QĐ-TTg (2022)';
const DA06 = 'Đề án 06 (QĐ 06/QĐ-TTg, 2022)';

/** A percentage reported per district, keeping its last value within a period. */
function pct(
  fields: Pick<Indicator, 'key' | 'name' | 'category' | 'framework' | 'frequency' | 'owner' | 'description'> &
    Partial<Pick<Indicator, 'spatial' | 'thresholds' | 'decimals' | 'level'>>,
): Indicator {
  return {
    unit: PCT,
    direction: 'higher',
    range: { min: 0, max: 100 },
    level: 'district',
    spatial: { kind: 'mean' },
    temporal: 'last',
    preferredSources: [],
    decimals: 1,
    ...fields,
  };
}

const byHouseholds = { kind: 'weighted-mean', weight: 'households' } as const;

const indicators: Indicator[] = [
  // --- Denominators -----------------------------------------------------------------------------
  {
    key: 'households',
    name: { vi: 'Số hộ gia đình', en: 'Households' },
    unit: { vi: 'hộ', en: 'households' },
    category: 'digital-society',
    framework: DTI,
    direction: 'higher',
    range: { min: 0, max: 200000 },
    frequency: 'P1Y',
    level: 'district',
    spatial: { kind: 'sum' },
    temporal: 'last',
    owner: 'so-tttt',
    preferredSources: [],
    decimals: 0,
    description: {
      vi: 'Số hộ gia đình trên địa bàn, dùng làm trọng số cho các tỷ lệ tính theo hộ và theo dân số.',
      en: 'Number of households in the area, used to weight the household and population shares.',
    },
  },
  {
    key: 'civil_servants',
    name: { vi: 'Số cán bộ, công chức, viên chức', en: 'Civil servants and public employees' },
    unit: PEOPLE,
    category: 'digital-government',
    framework: DTI,
    direction: 'higher',
    range: { min: 0, max: 10000 },
    frequency: 'P1Y',
    level: 'district',
    spatial: { kind: 'sum' },
    temporal: 'last',
    owner: 'so-noi-vu',
    preferredSources: [],
    decimals: 0,
    description: {
      vi: 'Số cán bộ, công chức, viên chức cấp huyện và cấp xã đang làm việc trên địa bàn.',
      en: 'Headcount of district- and commune-level civil servants and public employees in the area.',
    },
  },

  // --- Digital infrastructure and society (DTI) --------------------------------------------------
  pct({
    key: 'fibre_households_pct',
    name: { vi: 'Tỷ lệ hộ gia đình có kết nối Internet cáp quang', en: 'Households with fibre-optic broadband' },
    category: 'digital-infrastructure',
    framework: DTI,
    frequency: 'P3M',
    spatial: byHouseholds,
    thresholds: { amber: 80, red: 60 },
    owner: 'so-tttt',
    description: {
      vi: 'Tỷ lệ hộ gia đình có thuê bao Internet băng rộng cố định cáp quang.',
      en: 'Share of households with a fixed fibre-optic broadband subscription.',
    },
  }),
  pct({
    key: 'coverage_4g_pct',
    name: { vi: 'Tỷ lệ dân số được phủ sóng 4G', en: 'Population covered by 4G' },
    category: 'digital-infrastructure',
    framework: DTI,
    frequency: 'P3M',
    spatial: byHouseholds,
    thresholds: { amber: 99, red: 95 },
    owner: 'so-tttt',
    description: {
      vi: 'Tỷ lệ dân số sống trong vùng phủ sóng di động 4G theo số liệu của các doanh nghiệp viễn thông.',
      en: 'Share of the population living within 4G mobile coverage, as reported by the carriers.',
    },
  }),
  pct({
    key: 'cloud_systems_pct',
    name: {
      vi: 'Tỷ lệ hệ thống thông tin triển khai trên nền tảng điện toán đám mây của tỉnh',
      en: 'Information systems on the provincial cloud',
    },
    category: 'digital-infrastructure',
    framework: DTI,
    frequency: 'P3M',
    level: 'province',
    spatial: { kind: 'none' },
    thresholds: { amber: 80, red: 50 },
    owner: 'so-tttt',
    description: {
      vi: 'Tỷ lệ hệ thống thông tin của các cơ quan nhà nước tỉnh đã chuyển lên hạ tầng đám mây dùng chung.',
      en: "Share of the province's state information systems running on the shared provincial cloud.",
    },
  }),
  pct({
    key: 'smartphone_adults_pct',
    name: { vi: 'Tỷ lệ người trưởng thành có điện thoại thông minh', en: 'Adults with a smartphone' },
    category: 'digital-society',
    framework: DTI,
    frequency: 'P3M',
    spatial: byHouseholds,
    thresholds: { amber: 80, red: 65 },
    owner: 'so-tttt',
    description: {
      vi: 'Tỷ lệ người từ 15 tuổi trở lên sử dụng điện thoại thông minh.',
      en: 'Share of people aged 15 and over who use a smartphone.',
    },
  }),
  pct({
    key: 'vneid_level2_pct',
    name: {
      vi: 'Tỷ lệ công dân đã kích hoạt tài khoản định danh điện tử mức độ 2 (VNeID)',
      en: 'Citizens with an activated level-2 electronic identity (VNeID)',
    },
    category: 'digital-society',
    framework: `${DA06}; ${DTI}`,
    frequency: 'P1M',
    spatial: byHouseholds,
    thresholds: { amber: 40, red: 20 },
    owner: 'cong-an',
    description: {
      vi: 'Tỷ lệ công dân đủ điều kiện đã kích hoạt tài khoản định danh điện tử mức độ 2 trên ứng dụng VNeID.',
      en: 'Share of eligible citizens who have activated a level-2 electronic identity account in the VNeID app.',
    },
  }),
  pct({
    key: 'health_insurance_pct',
    name: { vi: 'Tỷ lệ dân số tham gia bảo hiểm y tế', en: 'Population covered by health insurance' },
    category: 'digital-society',
    framework: 'NQ 01/NQ-CP (2022)',
    frequency: 'P1M',
    spatial: byHouseholds,
    thresholds: { amber: 90, red: 85 },
    owner: 'bhxh',
    description: {
      vi: 'Tỷ lệ dân số có thẻ bảo hiểm y tế còn hiệu lực.',
      en: 'Share of the population holding a valid health-insurance card.',
    },
  }),
  pct({
    key: 'ehr_pct',
    name: { vi: 'Tỷ lệ dân số có hồ sơ sức khỏe điện tử', en: 'Residents with an electronic health record' },
    category: 'digital-society',
    framework: DTI,
    frequency: 'P1M',
    spatial: byHouseholds,
    thresholds: { amber: 80, red: 50 },
    owner: 'so-y-te',
    description: {
      vi: 'Tỷ lệ người dân đã được lập hồ sơ sức khỏe điện tử.',
      en: 'Share of residents for whom an electronic health record has been opened.',
    },
  }),
  pct({
    key: 'digital_gradebook_schools_pct',
    name: { vi: 'Tỷ lệ trường học sử dụng sổ điểm điện tử', en: 'Schools using digital gradebooks' },
    category: 'digital-society',
    framework: 'QĐ 131/QĐ-TTg (2022)',
    frequency: 'P3M',
    thresholds: { amber: 90, red: 70 },
    owner: 'so-gd-dt',
    decimals: 0,
    description: {
      vi: 'Tỷ lệ trường phổ thông dùng sổ điểm điện tử thay cho sổ điểm giấy.',
      en: 'Share of general-education schools keeping their grade books electronically instead of on paper.',
    },
  }),

  // --- Digital government -------------------------------------------------------------------------
  pct({
    key: 'digital_skills_trained_pct',
    name: {
      vi: 'Tỷ lệ cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số',
      en: 'Civil servants trained in digital skills',
    },
    category: 'digital-government',
    framework: DTI,
    frequency: 'P3M',
    spatial: { kind: 'weighted-mean', weight: 'civil_servants' },
    thresholds: { amber: 70, red: 50 },
    owner: 'so-noi-vu',
    description: {
      vi: 'Tỷ lệ cán bộ, công chức, viên chức đã được tập huấn, bồi dưỡng kỹ năng số và an toàn thông tin.',
      en: 'Share of civil servants and public employees who have completed digital-skills and information-security training.',
    },
  }),
  pct({
    key: 'digital_signature_docs_pct',
    name: {
      vi: 'Tỷ lệ văn bản trao đổi dưới dạng điện tử có ký số',
      en: 'Documents exchanged electronically with a digital signature',
    },
    category: 'digital-government',
    framework: DTI,
    frequency: 'P1M',
    thresholds: { amber: 90, red: 70 },
    owner: 'vp-ubnd',
    description: {
      vi: 'Tỷ lệ văn bản đi giữa các cơ quan nhà nước được gửi hoàn toàn dưới dạng điện tử, có chữ ký số.',
      en: 'Share of outgoing documents between state bodies sent fully electronically with a digital signature.',
    },
  }),
  pct({
    key: 'website_compliance_pct',
    name: {
      vi: 'Mức độ công khai thông tin trên cổng thông tin điện tử cấp huyện',
      en: 'Website publication compliance',
    },
    category: 'digital-government',
    framework: 'NĐ 42/2022/NĐ-CP',
    frequency: 'P1M',
    thresholds: { amber: 90, red: 70 },
    owner: 'so-tttt',
    decimals: 0,
    description: {
      vi: 'Tỷ lệ nhóm thông tin bắt buộc theo quy định đã được đăng tải trên cổng thông tin điện tử của huyện.',
      en: "Share of the information items required by regulation that are published on the district's website.",
    },
  }),
  {
    key: 'it_staff',
    name: { vi: 'Số cán bộ chuyên trách công nghệ thông tin', en: 'IT staff in state agencies' },
    unit: PEOPLE,
    category: 'digital-government',
    framework: DTI,
    direction: 'higher',
    range: { min: 0, max: 500 },
    frequency: 'P3M',
    level: 'district',
    spatial: { kind: 'sum' },
    temporal: 'last',
    owner: 'so-tttt',
    preferredSources: [],
    decimals: 0,
    description: {
      vi: 'Số người làm chuyên trách công nghệ thông tin, chuyển đổi số tại các cơ quan nhà nước cấp huyện và cấp xã.',
      en: 'People working full-time on IT and digital transformation in district- and commune-level state agencies.',
    },
  },
  pct({
    key: 'full_online_procedures_pct',
    name: {
      vi: 'Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình',
      en: 'Procedures offered fully online',
    },
    category: 'public-service',
    framework: `${DTI}; NĐ 42/2022/NĐ-CP`,
    frequency: 'P3M',
    level: 'province',
    spatial: { kind: 'none' },
    thresholds: { amber: 50, red: 30 },
    owner: 'vp-ubnd',
    description: {
      vi: 'Tỷ lệ thủ tục hành chính của tỉnh có thể thực hiện trực tuyến từ nộp hồ sơ đến nhận kết quả.',
      en: "Share of the province's administrative procedures that can be completed online from filing to result.",
    },
  }),

  // --- Public services: Decision 766/QĐ-TTg index, per district ------------------------------------
  pct({
    key: 'dossiers_on_time_pct',
    name: { vi: 'Tỷ lệ hồ sơ giải quyết đúng hạn', en: 'Dossiers resolved on time' },
    category: 'public-service',
    framework: QD766,
    frequency: 'P1M',
    thresholds: { amber: 95, red: 90 },
    owner: 'vp-ubnd',
    description: {
      vi: 'Tỷ lệ hồ sơ thủ tục hành chính đã giải quyết trong kỳ được trả kết quả đúng hoặc trước hạn.',
      en: 'Share of the administrative dossiers resolved in the period whose result was delivered on or before the deadline.',
    },
  }),
  {
    key: 'overdue_open_dossiers',
    name: { vi: 'Số hồ sơ đang giải quyết quá hạn', en: 'Open dossiers past their deadline' },
    unit: DOSSIERS,
    category: 'public-service',
    framework: QD766,
    direction: 'lower',
    range: { min: 0, max: 5000 },
    frequency: 'P1D',
    level: 'district',
    spatial: { kind: 'sum' },
    temporal: 'last',
    thresholds: { amber: 5, red: 20 },
    owner: 'vp-ubnd',
    preferredSources: [],
    decimals: 0,
    description: {
      vi: 'Số hồ sơ chưa có kết quả đã quá thời hạn giải quyết, tính đến cuối ngày.',
      en: 'Dossiers still open past their legal deadline, counted at the end of the day.',
    },
  },
  pct({
    key: 'online_filing_pct',
    name: { vi: 'Tỷ lệ hồ sơ nộp trực tuyến', en: 'Dossiers filed online' },
    category: 'public-service',
    framework: QD766,
    frequency: 'P1M',
    thresholds: { amber: 50, red: 30 },
    owner: 'vp-ubnd',
    description: {
      vi: 'Tỷ lệ hồ sơ của các thủ tục có dịch vụ công trực tuyến được nộp qua mạng thay vì trực tiếp.',
      en: 'Share of dossiers for procedures available online that were filed online rather than in person.',
    },
  }),
  pct({
    key: 'online_payment_pct',
    name: { vi: 'Tỷ lệ hồ sơ thanh toán trực tuyến', en: 'Fees paid online' },
    category: 'public-service',
    framework: QD766,
    frequency: 'P1M',
    thresholds: { amber: 30, red: 15 },
    owner: 'vp-ubnd',
    description: {
      vi: 'Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến.',
      en: 'Share of fee-bearing dossiers whose fees were paid online.',
    },
  }),
  pct({
    key: 'digitised_dossiers_pct',
    name: { vi: 'Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', en: 'Dossiers and results digitised' },
    category: 'public-service',
    framework: QD766,
    frequency: 'P1M',
    thresholds: { amber: 50, red: 25 },
    owner: 'vp-ubnd',
    description: {
      vi: 'Tỷ lệ hồ sơ và kết quả giải quyết thủ tục hành chính được số hóa và lưu trữ điện tử.',
      en: 'Share of dossiers and their results that were digitised and stored electronically.',
    },
  }),
  pct({
    key: 'feedback_on_time_pct',
    name: { vi: 'Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn', en: 'Citizen feedback handled on time' },
    category: 'public-service',
    framework: QD766,
    frequency: 'P1M',
    thresholds: { amber: 90, red: 70 },
    owner: 'vp-ubnd',
    description: {
      vi: 'Tỷ lệ phản ánh, kiến nghị của người dân, doanh nghiệp được trả lời trong thời hạn quy định.',
      en: 'Share of complaints and suggestions from citizens and businesses answered within the set time.',
    },
  }),
  pct({
    key: 'satisfaction_pct',
    name: { vi: 'Mức độ hài lòng của người dân, doanh nghiệp', en: 'Citizen and business satisfaction' },
    category: 'public-service',
    framework: QD766,
    frequency: 'P3M',
    thresholds: { amber: 90, red: 80 },
    owner: 'vp-ubnd',
    description: {
      vi: 'Tỷ lệ người dân, doanh nghiệp đánh giá hài lòng với việc giải quyết thủ tục hành chính.',
      en: 'Share of citizens and businesses who rate the handling of their procedures as satisfactory.',
    },
  }),
  {
    key: 'dossiers_received',
    name: { vi: 'Số hồ sơ tiếp nhận', en: 'Dossiers received' },
    unit: DOSSIERS,
    category: 'public-service',
    framework: QD766,
    direction: 'higher',
    range: { min: 0, max: 1000 },
    frequency: 'PT1H',
    level: 'district',
    spatial: { kind: 'sum' },
    temporal: 'sum',
    owner: 'vp-ubnd',
    preferredSources: ['one-stop-shop', 'paper-register'],
    decimals: 0,
    description: {
      vi: 'Số hồ sơ thủ tục hành chính tiếp nhận tại bộ phận một cửa trong giờ, trực tiếp và trực tuyến.',
      en: 'Administrative dossiers received by the one-stop shop in the hour, in person and online.',
    },
  },
  {
    key: 'dossiers_received_monthly',
    name: { vi: 'Hồ sơ tiếp nhận trong tháng', en: 'Dossiers received in the month' },
    unit: DOSSIERS,
    category: 'public-service',
    framework: QD766,
    direction: 'higher',
    range: { min: 0, max: 200_000 },
    frequency: 'P1M',
    level: 'district',
    spatial: { kind: 'sum' },
    temporal: 'sum',
    owner: 'vp-ubnd',
    // The software is the record; the paper register is the check. Both are reported so that a gap shows.
    preferredSources: ['one-stop-shop', 'paper-register'],
    agreement: { sources: ['one-stop-shop', 'paper-register'], tolerance: 0.02, relative: true },
    dueDays: 5,
    decimals: 0,
    description: {
      vi: 'Tổng số hồ sơ tiếp nhận trong tháng, theo phần mềm một cửa điện tử và theo sổ theo dõi giấy; hai nguồn phải khớp trong phạm vi 2%.',
      en: 'Dossiers received in the month, counted by the one-stop-shop software and by the paper register; the two must agree within 2%.',
    },
  },
  {
    key: 'reports_on_time_pct',
    name: { vi: 'Chỉ tiêu báo cáo đúng hạn', en: 'Indicators reported on time' },
    unit: PCT,
    category: 'digital-government',
    framework: 'CityOps',
    direction: 'higher',
    range: { min: 0, max: 100 },
    frequency: 'P1M',
    level: 'district',
    spatial: { kind: 'mean' },
    temporal: 'last',
    thresholds: { amber: 90, red: 70 },
    owner: 'vp-ubnd',
    computed: 'reporting-scorecard',
    preferredSources: [],
    decimals: 1,
    description: {
      vi: 'Tỷ lệ chỉ tiêu định kỳ UBND cấp huyện báo cáo đúng hạn trong tháng, do CityOps tự tính.',
      en: "Share of periodic figures a district People's Committee reported by their due date in the month, computed by CityOps.",
    },
  },
  {
    key: 'online_dossiers_filed',
    name: { vi: 'Số hồ sơ nộp trực tuyến', en: 'Dossiers filed online' },
    unit: DOSSIERS,
    category: 'public-service',
    framework: QD766,
    direction: 'higher',
    range: { min: 0, max: 500 },
    frequency: 'PT1H',
    level: 'district',
    spatial: { kind: 'sum' },
    temporal: 'sum',
    owner: 'vp-ubnd',
    preferredSources: [],
    decimals: 0,
    description: {
      vi: 'Số hồ sơ nộp qua cổng dịch vụ công trực tuyến trong giờ; năm 2021 Long An nhận khoảng 133.000 hồ sơ trực tuyến, gấp bốn lần năm 2020.',
      en: 'Dossiers filed through the online public-service portal in the hour; Long An received about 133,000 online in 2021, four times 2020.',
    },
  },

  // --- Digital economy ---------------------------------------------------------------------------------
  {
    key: 'ecommerce_businesses',
    name: { vi: 'Số doanh nghiệp có hoạt động thương mại điện tử', en: 'Businesses engaged in e-commerce' },
    unit: { vi: 'doanh nghiệp', en: 'businesses' },
    category: 'digital-economy',
    framework: 'QĐ 645/QĐ-TTg (2020)',
    direction: 'higher',
    range: { min: 0, max: 5000 },
    frequency: 'P3M',
    level: 'district',
    spatial: { kind: 'sum' },
    temporal: 'last',
    owner: 'so-cong-thuong',
    preferredSources: [],
    decimals: 0,
    description: {
      vi: 'Số doanh nghiệp có website bán hàng hoặc gian hàng trên sàn thương mại điện tử đã thông báo, đăng ký.',
      en: 'Businesses with a notified sales website or a shop on a registered e-commerce platform.',
    },
  },
  pct({
    key: 'digital_economy_grdp_pct',
    name: { vi: 'Tỷ trọng kinh tế số trong GRDP', en: 'Digital economy share of GRDP' },
    category: 'digital-economy',
    framework: 'QĐ 411/QĐ-TTg (2022)',
    frequency: 'P1Y',
    level: 'province',
    spatial: { kind: 'none' },
    thresholds: { amber: 10, red: 5 },
    owner: 'so-kh-dt',
    description: {
      vi: 'Tỷ trọng giá trị tăng thêm của kinh tế số trong tổng sản phẩm trên địa bàn tỉnh.',
      en: "Value added by the digital economy as a share of the province's gross regional domestic product.",
    },
  }),
  pct({
    key: 'online_business_registration_pct',
    name: { vi: 'Tỷ lệ hồ sơ đăng ký doanh nghiệp qua mạng', en: 'Business registrations filed online' },
    category: 'digital-economy',
    framework: DTI,
    frequency: 'P1M',
    level: 'province',
    spatial: { kind: 'none' },
    thresholds: { amber: 90, red: 70 },
    owner: 'so-kh-dt',
    description: {
      vi: 'Tỷ lệ hồ sơ đăng ký thành lập, thay đổi doanh nghiệp nộp qua Cổng thông tin quốc gia về đăng ký doanh nghiệp.',
      en: 'Share of company formation and change filings submitted through the national business-registration portal.',
    },
  }),
  pct({
    key: 'online_driving_licence_pct',
    name: { vi: 'Tỷ lệ hồ sơ cấp đổi giấy phép lái xe trực tuyến', en: 'Driving licences renewed online' },
    category: 'public-service',
    framework: DA06,
    frequency: 'P1M',
    level: 'province',
    spatial: { kind: 'none' },
    thresholds: { amber: 50, red: 20 },
    owner: 'so-gtvt',
    description: {
      vi: 'Tỷ lệ hồ sơ cấp đổi giấy phép lái xe được nộp qua dịch vụ công trực tuyến.',
      en: 'Share of driving-licence renewals filed through the online public-service portal.',
    },
  }),

  // --- Environment at stations ---------------------------------------------------------------------------
  {
    key: 'salinity',
    name: { vi: 'Độ mặn', en: 'Salinity' },
    unit: { vi: 'g/L', en: 'g/L' },
    category: 'environment',
    framework: 'Cảnh báo xâm nhập mặn (ngưỡng 1 g/L và 4 g/L)',
    direction: 'lower',
    range: { min: 0, max: 40 },
    frequency: 'PT15M',
    level: 'station',
    spatial: { kind: 'max' },
    temporal: 'max',
    thresholds: { amber: 1, red: 4 },
    owner: 'so-nn-ptnt',
    preferredSources: [],
    decimals: 2,
    description: {
      vi: 'Độ mặn nước sông đo tự động; từ 1 g/L không nên dùng tưới cho lúa và rau màu, từ 4 g/L gây hại cho lúa.',
      en: 'River salinity measured automatically; from 1 g/L water should not be used on rice and vegetables, from 4 g/L rice is damaged.',
    },
  },
  {
    key: 'water_level',
    name: { vi: 'Mực nước', en: 'Water level' },
    unit: { vi: 'm', en: 'm' },
    category: 'environment',
    framework: 'QĐ 05/2020/QĐ-TTg (cấp báo động)',
    direction: 'lower',
    range: { min: -3, max: 4 },
    frequency: 'PT15M',
    level: 'station',
    spatial: { kind: 'max' },
    temporal: 'max',
    thresholds: { amber: 1.4, red: 1.6 },
    owner: 'so-nn-ptnt',
    preferredSources: [],
    decimals: 2,
    description: {
      vi: 'Mực nước sông theo cao độ quốc gia; ngưỡng vàng và đỏ lấy theo các cấp báo động triều cường.',
      en: 'River water level above the national datum; the amber and red thresholds follow the tidal-flood alarm levels.',
    },
  },
  {
    key: 'pm25',
    name: { vi: 'Bụi mịn PM2.5', en: 'Fine particulate matter (PM2.5)' },
    unit: { vi: 'µg/m³', en: 'µg/m³' },
    category: 'environment',
    framework: 'QCVN 05:2013/BTNMT',
    direction: 'lower',
    range: { min: 0, max: 500 },
    frequency: 'PT1H',
    level: 'station',
    spatial: { kind: 'max' },
    temporal: 'mean',
    thresholds: { amber: 25, red: 50 },
    owner: 'so-tn-mt',
    preferredSources: [],
    decimals: 1,
    description: {
      vi: 'Nồng độ bụi PM2.5 trung bình giờ tại trạm quan trắc không khí tự động; quy chuẩn trung bình 24 giờ là 50 µg/m³.',
      en: 'Hourly mean PM2.5 concentration at the automatic air station; the national 24-hour limit is 50 µg/m³.',
    },
  },
  {
    key: 'aqi',
    name: { vi: 'Chỉ số chất lượng không khí (VN_AQI)', en: 'Air quality index (VN_AQI)' },
    unit: { vi: 'điểm', en: 'index' },
    category: 'environment',
    framework: 'QĐ 1459/QĐ-TCMT (2019)',
    direction: 'lower',
    range: { min: 0, max: 500 },
    frequency: 'PT1H',
    level: 'station',
    spatial: { kind: 'max' },
    temporal: 'mean',
    thresholds: { amber: 101, red: 151 },
    owner: 'so-tn-mt',
    preferredSources: [],
    decimals: 0,
    description: {
      vi: 'Chỉ số VN_AQI giờ; từ 101 là kém, từ 151 là xấu và có hại cho sức khỏe.',
      en: 'Hourly VN_AQI; 101 and above is poor, 151 and above is bad for health.',
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

/** The public-service figures a district's one-stop shop writes for its own district. */
const DISTRICT_WRITES = [
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

function department(
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

const units: Unit[] = [
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

// ---------------------------------------------------------------------------------------------
// Schematic boundaries
// ---------------------------------------------------------------------------------------------

/**
 * A hand-drawn outline of the province (about 4,500 km², like the real one), [lon, lat], walking
 * clockwise from the north-west corner: the Cambodian border along Tân Hưng, Vĩnh Hưng, Kiến Tường,
 * Mộc Hóa and Đức Huệ; Tây Ninh and Hồ Chí Minh City to the north-east and east; the Soài Rạp mouth
 * at Cần Giuộc and Cần Đước; Tiền Giang to the south; Đồng Tháp to the west.
 */
const OUTLINE: Pt[] = [
  [105.515, 10.9],
  [105.6, 10.94],
  [105.7, 10.96],
  [105.79, 10.985],
  [105.855, 10.95],
  [105.9, 10.89],
  [105.99, 10.865],
  [106.06, 10.83],
  [106.135, 10.81],
  [106.195, 10.86],
  [106.235, 10.94],
  [106.3, 11.01],
  [106.385, 11.033],
  [106.44, 10.995],
  [106.47, 10.935],
  [106.5, 10.855],
  [106.52, 10.775],
  [106.565, 10.71],
  [106.625, 10.67],
  [106.695, 10.655],
  [106.745, 10.625],
  [106.77, 10.57],
  [106.77, 10.52],
  [106.75, 10.45],
  [106.7, 10.41],
  [106.65, 10.405],
  [106.6, 10.415],
  [106.54, 10.398],
  [106.46, 10.405],
  [106.39, 10.455],
  [106.3, 10.515],
  [106.2, 10.56],
  [106.09, 10.55],
  [105.98, 10.53],
  [105.9, 10.57],
  [105.82, 10.635],
  [105.735, 10.7],
  [105.645, 10.76],
  [105.565, 10.81],
  [105.52, 10.85],
];

/** Degrees of longitude are shorter than degrees of latitude; cells are drawn in a locally true scale. */
const KX = Math.cos((10.7 * Math.PI) / 180);
const project = ([lon, lat]: Pt): Pt => [lon * KX, lat];
const unproject = ([x, y]: Pt): Pt => [x / KX, y];

const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Signed shoelace area of an open ring; positive when counter-clockwise (x east, y north). */
function signedArea(ring: Pt[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}
const ccw = (ring: Pt[]) => (signedArea(ring) < 0 ? [...ring].reverse() : ring);

/**
 * Sutherland–Hodgman: clips `subject` (any simple polygon, open ring) by the convex counter-clockwise
 * polygon `clip`, keeping what lies on the left of each of its edges.
 */
function clipByConvex(subject: Pt[], clip: Pt[]): Pt[] {
  let out = subject;
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j]!;
      const q = input[(j + 1) % input.length]!;
      const dp = cross(a, b, p);
      const dq = cross(a, b, q);
      if (dp >= 0) out.push(p);
      if ((dp >= 0) !== (dq >= 0)) {
        const t = dp / (dp - dq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

/** Rounds to 5 decimals, drops repeated points, orients counter-clockwise and closes the ring. */
function finishRing(ring: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of ring) {
    const r: Pt = [round5(p[0]), round5(p[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== r[0] || last[1] !== r[1]) out.push(r);
  }
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  const oriented = ccw(out);
  return [...oriented, oriented[0]!];
}

/** True when no two edges of the open ring touch except neighbours at their shared vertex. */
function isSimple(ring: Pt[]): boolean {
  const n = ring.length;
  const onSegment = (p: Pt, q: Pt, r: Pt) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  const intersects = (p1: Pt, p2: Pt, p3: Pt, p4: Pt) => {
    const d1 = cross(p3, p4, p1);
    const d2 = cross(p3, p4, p2);
    const d3 = cross(p1, p2, p3);
    const d4 = cross(p1, p2, p4);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
    return (
      (d1 === 0 && onSegment(p3, p4, p1)) ||
      (d2 === 0 && onSegment(p3, p4, p2)) ||
      (d3 === 0 && onSegment(p1, p2, p3)) ||
      (d4 === 0 && onSegment(p1, p2, p4))
    );
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a vertex
      if (intersects(ring[i]!, ring[(i + 1) % n]!, ring[j]!, ring[(j + 1) % n]!)) return false;
    }
  }
  return true;
}

/** Even–odd ray casting; the ring may be open or closed. */
function inside(p: Pt, ring: Pt[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Area of a lon/lat ring in km², on a local equirectangular projection. */
function areaKm2(ring: Pt[]): number {
  const kmPerDeg = 111.32;
  return Math.abs(signedArea(ring.map(([lon, lat]) => [lon * kmPerDeg * KX, lat * kmPerDeg] as Pt)));
}

interface Built {
  boundaries: Record<string, AreaGeometry>;
  problems: string[];
  districtAreasKm2: Record<string, number>;
}

function buildBoundaries(): Built {
  const problems: string[] = [];
  const outline = ccw(OUTLINE.map(project));
  if (!isSimple(outline)) problems.push('the province outline crosses itself');

  const seats = DISTRICTS.map((d) => project(d.seat));
  for (const [i, d] of DISTRICTS.entries()) {
    if (!inside(seats[i]!, outline)) problems.push(`seat of ${d.code} ${d.vi} lies outside the province outline`);
  }
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const pad = 1;
  const voronoi = Delaunay.from(seats).voronoi([
    Math.min(...xs) - pad,
    Math.min(...ys) - pad,
    Math.max(...xs) + pad,
    Math.max(...ys) + pad,
  ]);

  const boundaries: Record<string, AreaGeometry> = {};
  const districtAreasKm2: Record<string, number> = {};
  const provinceRing = finishRing(OUTLINE);
  boundaries[PROVINCE] = { type: 'Polygon', coordinates: [provinceRing] };

  let total = 0;
  for (const [i, d] of DISTRICTS.entries()) {
    const cell = voronoi.cellPolygon(i) as Pt[] | null;
    if (!cell) {
      problems.push(`district ${d.code} ${d.vi} has no Voronoi cell`);
      continue;
    }
    const open = cell.slice(0, -1); // d3 closes its rings
    const clipped = clipByConvex(outline, ccw(open));
    total += Math.abs(signedArea(clipped));
    const ring = finishRing(clipped.map(unproject));
    const open2 = ring.slice(0, -1);
    if (open2.length < 3 || signedArea(open2) <= 0) {
      problems.push(`district ${d.code} ${d.vi} has an empty polygon`);
      continue;
    }
    if (!isSimple(open2)) problems.push(`district ${d.code} ${d.vi}: the outline splits its cell into pieces`);
    if (!inside(d.seat, ring)) problems.push(`seat of ${d.code} ${d.vi} lies outside its own polygon`);
    boundaries[d.code] = { type: 'Polygon', coordinates: [ring] };
    districtAreasKm2[d.code] = areaKm2(open2);
  }
  const whole = Math.abs(signedArea(outline));
  if (Math.abs(total - whole) > whole * 1e-9) {
    problems.push(`district polygons cover ${((100 * total) / whole).toFixed(4)}% of the province, not 100%`);
  }

  for (const s of STATIONS) {
    const geom = boundaries[s.parent];
    if (!geom || geom.type !== 'Polygon' || !inside(s.point, geom.coordinates[0] as Pt[])) {
      problems.push(`station ${s.code} lies outside its parent district ${s.parent}`);
    }
  }
  return { boundaries, problems, districtAreasKm2 };
}

// ---------------------------------------------------------------------------------------------
// Assemble, check, write
// ---------------------------------------------------------------------------------------------

/** Rules checkPack does not enforce but this pack promises: each figure can actually be written. */
function writabilityProblems(pack: RegionPack): string[] {
  const problems: string[] = [];
  const kindOf = new Map(pack.areas.map((a) => [a.code, a.kind]));
  const byCode = new Map(pack.units.map((u) => [u.code, u]));
  for (const ind of pack.indicators) {
    const owner = byCode.get(ind.owner);
    if (!owner || ind.computed) continue; // checkPack reports a missing owner; computed figures have no writer
    if (!owner.indicators.includes(ind.key)) problems.push(`owner ${owner.code} may not write its indicator ${ind.key}`);
    if (!owner.areas.some((c) => kindOf.get(c) === ind.level)) {
      problems.push(`owner ${owner.code} has no ${ind.level} area to write ${ind.key} to`);
    }
    if (ind.spatial.kind === 'none' && ind.level !== 'province') problems.push(`${ind.key}: spatial "none" below the province`);
  }
  for (const u of pack.units) {
    for (const k of u.indicators) {
      const ind = pack.indicators.find((i) => i.key === k);
      if (ind && !u.areas.some((c) => kindOf.get(c) === ind.level)) {
        problems.push(`unit ${u.code} writes ${k} (${ind.level} level) but has no ${ind.level} area`);
      }
    }
  }
  return problems;
}

function main() {
  const built = buildBoundaries();
  const draft = {
    format: REGION_PACK_FORMAT,
    id: 'long-an-2022',
    name: { vi: 'Long An 2022 (dữ liệu minh họa)', en: 'Long An 2022 (demo)' },
    root: PROVINCE,
    categories,
    sources,
    areas,
    units,
    indicators,
    boundaries: {
      origin: 'schematic',
      note: {
        vi:
          'Ranh giới sơ đồ do dự án CityOps tự vẽ quanh vị trí thật của trụ sở các huyện, thị xã, thành phố; ' +
          'không phải địa giới hành chính chính thức. Thay bằng ranh giới chính thức với lệnh ' +
          '`cityops boundaries import FILE.geojson`.',
        en:
          'Schematic shapes drawn by the CityOps project around the real district seats; these are not official ' +
          'administrative boundaries. Replace them with official ones using `cityops boundaries import FILE.geojson`.',
      },
      areas: built.boundaries,
    },
    plan: longAnPlan,
  };

  const parsed = RegionPack.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`schema: ${issue.path.join('.')}: ${issue.message}`);
    throw new Error('the Long An pack does not follow the RegionPack schema');
  }
  const pack = parsed.data;
  const problems = [
    ...checkPack(pack).map((p) => `${p.path}: ${p.message}`),
    ...writabilityProblems(pack),
    ...built.problems,
  ];
  if (problems.length > 0) {
    for (const p of problems) console.error(`problem: ${p}`);
    throw new Error(`the Long An pack has ${problems.length} problem(s); nothing written`);
  }

  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(pack, null, 2)}\n`);

  const count = (kind: Area['kind']) => pack.areas.filter((a) => a.kind === kind).length;
  const ring = (pack.boundaries.areas[PROVINCE]!.coordinates as number[][][])[0]!;
  const lons = ring.map((p) => p[0]!);
  const lats = ring.map((p) => p[1]!);
  const sizes = Object.entries(built.districtAreasKm2).map(([c, a]) => `${c} ${Math.round(a)}`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
  console.log(
    `areas: ${pack.areas.length} (province ${count('province')}, districts ${count('district')}, stations ${count('station')})`,
  );
  console.log(`units: ${pack.units.length}, indicators: ${pack.indicators.length}, categories: ${pack.categories.length}, sources: ${pack.sources.length}`);
  console.log(
    `boundaries: ${Object.keys(pack.boundaries.areas).length} polygons, bbox lon ${Math.min(...lons)}–${Math.max(...lons)}, lat ${Math.min(...lats)}–${Math.max(...lats)}, ` +
      `province ≈ ${Math.round(areaKm2(ring.slice(0, -1) as Pt[]))} km²`,
  );
  console.log(`district areas, km²: ${sizes.join(', ')}`);
}

main();
