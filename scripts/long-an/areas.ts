/** Long An's province, its 15 district-level units with their real seats, and the monitoring stations. */
import { type Area, type Localised } from '../../shared/catalog';
export const PROVINCE = '80';
// ---------------------------------------------------------------------------------------------
// Areas
// ---------------------------------------------------------------------------------------------

export type Pt = [number, number];

export interface District {
  code: string;
  vi: string;
  en: string;
  kind: 'thành phố' | 'thị xã' | 'huyện';
  /** The seat (the People's Committee's town), [lon, lat]. */
  seat: Pt;
  seatName: string;
}

export const SUBKIND: Record<District['kind'], Localised> = {
  'thành phố': { vi: 'thành phố', en: 'city' },
  'thị xã': { vi: 'thị xã', en: 'town' },
  huyện: { vi: 'huyện', en: 'district' },
};
export const EN_SUFFIX: Record<District['kind'], string> = { 'thành phố': 'City', 'thị xã': 'Town', huyện: 'District' };

/** GSO codes of 2022 (before the 2025 reorganisation). Seats are the real towns, to about 1 km. */
export const DISTRICTS: District[] = [
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
export const DISTRICT_CODES = DISTRICTS.map((d) => d.code);

export interface Station {
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
export const STATIONS: Station[] = [
  { code: 'st-tan-an', vi: 'Trạm Tân An (sông Vàm Cỏ Tây)', en: 'Tan An station (Vam Co Tay River)', parent: '794', point: [106.417, 10.533], water: true, air: true },
  { code: 'st-tuyen-nhon', vi: 'Trạm Tuyên Nhơn (sông Vàm Cỏ Tây)', en: 'Tuyen Nhon station (Vam Co Tay River)', parent: '800', point: [106.18, 10.658], water: true, air: false },
  { code: 'st-nhut-tan', vi: 'Trạm Nhựt Tân (sông Vàm Cỏ Tây)', en: 'Nhut Tan station (Vam Co Tay River)', parent: '805', point: [106.47, 10.515], water: true, air: false },
  { code: 'st-ben-luc', vi: 'Trạm Bến Lức (sông Vàm Cỏ Đông)', en: 'Ben Luc station (Vam Co Dong River)', parent: '803', point: [106.48, 10.637], water: true, air: true },
  { code: 'st-hiep-hoa', vi: 'Trạm Hiệp Hòa (sông Vàm Cỏ Đông)', en: 'Hiep Hoa station (Vam Co Dong River)', parent: '802', point: [106.348, 10.923], water: true, air: false },
  { code: 'st-cau-noi', vi: 'Trạm Cầu Nổi (sông Vàm Cỏ)', en: 'Cau Noi station (Vam Co River)', parent: '806', point: [106.64, 10.445], water: true, air: false },
  { code: 'st-kcn-duc-hoa', vi: 'Trạm không khí KCN Đức Hòa', en: 'Duc Hoa Industrial Park air station', parent: '802', point: [106.43, 10.835], water: false, air: true },
  { code: 'st-long-hau', vi: 'Trạm không khí KCN Long Hậu', en: 'Long Hau Industrial Park air station', parent: '807', point: [106.715, 10.635], water: false, air: true },
];
export const WATER_STATIONS = STATIONS.filter((s) => s.water).map((s) => s.code);
export const AIR_STATIONS = STATIONS.filter((s) => s.air).map((s) => s.code);

export const areas: Area[] = [
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

