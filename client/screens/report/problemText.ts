/**
 * A problem as the reporter reads it. The CSV reader writes its messages in the asked language already;
 * the server's ingest validation writes English, so for the reasons it gives the console says the same
 * thing in Vietnamese from the row it concerns, and the server's words stay available as a tooltip.
 */
import type { Lang } from '../../features/i18n/i18n';
import { showValue } from './formValue';
import type { ReportNames } from './names';

export interface ProblemContext {
  indicator: string | null;
  area: string | null;
  value: number | null;
}

export function problemText(p: { field: string; reason: string; message: string }, row: ProblemContext, names: ReportNames, lang: Lang): string {
  if (lang !== 'vi') return p.message;
  const ind = row.indicator ? names.indicator(row.indicator) : undefined;
  switch (p.reason) {
    case 'out-of-range':
      return ind && row.value !== null
        ? `${showValue(row.value, 'vi')} ngoài khoảng hợp lệ ${showValue(ind.range.min, 'vi')} – ${showValue(ind.range.max, 'vi')} ${ind.unit.vi}`
        : 'giá trị ngoài khoảng hợp lệ của chỉ tiêu';
    case 'out-of-scope':
      return p.field === 'area' && row.area
        ? `đơn vị không được báo cáo cho địa bàn ${names.areaName(row.area)}`
        : 'đơn vị không được báo cáo chỉ tiêu này';
    case 'wrong-level':
      return row.area ? `chỉ tiêu này không báo cáo theo cấp của ${names.areaName(row.area)}` : 'sai cấp địa bàn';
    case 'future-timestamp':
      return 'kỳ báo cáo chưa tới';
    case 'duplicate-in-batch':
      return 'trùng chỉ tiêu, địa bàn, nguồn và kỳ với một dòng khác nhưng khác giá trị';
    default:
      return p.message;
  }
}
