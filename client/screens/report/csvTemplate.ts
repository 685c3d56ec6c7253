/**
 * A CSV to fill in, made from what the unit owes: as vi-VN Excel writes one ("CSV UTF-8": BOM, ";", CRLF),
 * so that it opens in Excel with its diacritics and columns intact and goes back up unchanged.
 */
import type { Unit } from '../../../shared/catalog';
import type { ObligationV1 } from '../../../shared/report';
import { localParts, type Frequency } from '../../../shared/time';

const pad = (n: number) => String(n).padStart(2, '0');

/** The period the way the CSV reader reads it back and a person writes it: "05/2022", "Quý 2/2022". */
export function periodText(ts: string, frequency: Frequency): string {
  const p = localParts(new Date(ts));
  switch (frequency) {
    case 'P1Y':
      return String(p.year);
    case 'P3M':
      return `Quý ${Math.floor((p.month - 1) / 3) + 1}/${p.year}`;
    case 'P1M':
      return `${pad(p.month)}/${p.year}`;
    case 'P1D':
      return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
    case 'PT1H':
    case 'PT15M':
      return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
  }
}

/** A cell quoted only when Excel would quote it. */
const cell = (text: string) => (/[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function csvTemplate(unit: Unit, obligations: readonly ObligationV1[], frequencyOf: (indicator: string) => Frequency | undefined): Blob {
  const rows = [['Mã chỉ tiêu', 'Địa bàn', 'Kỳ báo cáo', 'Giá trị', 'Nguồn']];
  for (const o of obligations) {
    const frequency = frequencyOf(o.indicator);
    if (frequency) rows.push([o.indicator, o.area, periodText(o.period, frequency), '', unit.defaultSource]);
  }
  const text = rows.map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
  return new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
}
