/**
 * District labels and station values as DOM markers: text without glyph downloads, at a size that follows
 * the wall's CSS. Elements are made once and updated in place; a change pulses the label (restarted at
 * most once a second while one runs), and cancels the pulse before it, so a flood cannot pile them up.
 */
import { Marker, type Map as MapLibreMap } from 'maplibre-gl';
import type { Area, Indicator } from '../../../shared/catalog';
import type { Lang } from '../i18n/i18n';
import { shortName } from '../live/catalogIndex';
import { formatNumber } from '../live/format';
import type { LngLat } from './geometry';
import type { AreaReading } from './readings';

const PULSE_MS = 1200;
const PULSE_EVERY_MS = 1000;

interface Label {
  kind: 'district' | 'station';
  marker: Marker;
  root: HTMLElement;
  box: HTMLElement;
  value: HTMLElement;
  text: string;
  status: string;
  lastPulse: number;
  animation: Animation | null;
}

/** "Tân An" for "Trạm Tân An (sông Vàm Cỏ Tây)", "Duc Hoa Industrial Park" for "… air station". */
export function stationLabel(area: Area, lang: Lang): string {
  const name = area.name[lang].replace(/\s*\(.*\)\s*$/, '');
  return lang === 'vi' ? name.replace(/^Trạm (không khí )?/i, '') : name.replace(/\s+(air )?station$/i, '');
}

const overlaps = (a: DOMRect, b: DOMRect, margin = 2) =>
  a.left < b.right + margin && b.left < a.right + margin && a.top < b.bottom + margin && b.top < a.bottom + margin;

function element(tag: string, className: string, parent?: HTMLElement): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  parent?.appendChild(el);
  return el;
}

export class AreaMarkers {
  private labels = new Map<string, Label>();

  constructor(
    private readonly map: MapLibreMap,
    private readonly lang: Lang,
  ) {}

  /** A district label at its shape's centre, or a station at its location; made once per area. */
  private labelFor(area: Area, at: LngLat, kind: 'district' | 'station'): Label {
    let label = this.labels.get(area.code);
    if (label) return label;
    const root = element('div', kind === 'district' ? 'map-label' : 'map-station');
    root.dataset.testid = `map-${kind}-${area.code}`;
    const box = element('div', `${root.className}__box`, root);
    if (kind === 'station') element('span', 'map-station__dot', box);
    element('span', `${root.className}__name`, box).textContent = kind === 'district' ? shortName(area, this.lang) : stationLabel(area, this.lang);
    const value = element('span', `${root.className}__value`, box);
    const marker = new Marker({ element: root, anchor: 'center' }).setLngLat(at).addTo(this.map);
    label = { kind, marker, root, box, value, text: '', status: '', lastPulse: 0, animation: null };
    this.labels.set(area.code, label);
    return label;
  }

  update(
    readings: readonly AreaReading[],
    kind: 'district' | 'station',
    indicator: Indicator,
    pointOf: (code: string) => LngLat | undefined,
    pulsed: ReadonlySet<string>,
  ): void {
    const shown = new Set<string>();
    for (const r of readings) {
      const at = pointOf(r.area.code);
      if (!at) continue;
      const label = this.labelFor(r.area, at, kind);
      shown.add(r.area.code);
      label.root.hidden = false;
      // Where stations carry the values, a district's label only names it: its value is theirs, combined.
      const text = kind === 'district' && indicator.level !== 'district' ? '' : r.point ? formatNumber(r.point.value, indicator.decimals, this.lang) : r.status === 'na' ? '' : '–';
      if (text !== label.text) {
        label.value.textContent = text;
        label.text = text;
      }
      if (r.status !== label.status) {
        label.root.dataset.status = r.status;
        label.status = r.status;
      }
      if (pulsed.has(r.area.code)) this.pulse(label);
    }
    // Stations of other indicators stay made but hidden: rotating the playlist creates no new elements.
    if (kind === 'station') {
      for (const [code, label] of this.labels) {
        if (!shown.has(code) && label.kind === 'station') label.root.hidden = true;
      }
    }
  }

  /**
   * Keeps labels apart: a station whose value runs into another station's flips to the west side, and a
   * district name under a station's value is hidden (the station is what the indicator is about). Reads
   * layout, so it runs when the indicator or the size changes, not on every update.
   */
  declutter(): void {
    const all = [...this.labels.values()];
    const stations = all.filter((l) => l.kind === 'station' && !l.root.hidden);
    for (const l of stations) l.root.classList.remove('map-station--west');
    const boxes = new Map(stations.map((l) => [l, l.box.getBoundingClientRect()]));
    for (const a of stations) {
      const ra = boxes.get(a)!;
      const crowded = stations.some((b) => b !== a && overlaps(ra, boxes.get(b)!) && boxes.get(b)!.left > ra.left);
      if (crowded) {
        a.root.classList.add('map-station--west');
        boxes.set(a, a.box.getBoundingClientRect());
      }
    }
    const taken = [...boxes.values()];
    for (const l of all) {
      if (l.kind !== 'district') continue;
      const r = l.box.getBoundingClientRect();
      l.root.classList.toggle('map-label--covered', taken.some((s) => overlaps(r, s)));
    }
  }

  private pulse(label: Label): void {
    const now = performance.now();
    if (now - label.lastPulse < PULSE_EVERY_MS && label.animation?.playState === 'running') return;
    label.lastPulse = now;
    label.animation?.cancel();
    label.animation = label.box.animate(
      [
        { boxShadow: '0 0 0 0.5em rgba(255, 255, 255, 0.55)', filter: 'brightness(1.6)' },
        { boxShadow: '0 0 0 0 rgba(255, 255, 255, 0)', filter: 'brightness(1)' },
      ],
      { duration: PULSE_MS, easing: 'ease-out' },
    );
  }

  remove(): void {
    for (const label of this.labels.values()) {
      label.animation?.cancel();
      label.marker.remove();
    }
    this.labels.clear();
  }
}
