/**
 * Reading a reporter's CSV file as Excel writes it, into the rows the reporting console previews and the
 * observations it commits. Pure: no I/O; the caller passes the catalogue lookup and runs the server's own
 * validation (range, scope, future timestamps) on `csvObservations`, then `attachIngestProblems`.
 *
 * Problems that concern the whole file (unreadable bytes, a missing or repeated column, no data, too many
 * rows) are returned as one row with `line: 1` and no values; `field` is "file", or the missing or repeated
 * column ("indicator", "area", "ts", "value", "source"). Data rows are numbered as Excel numbers them, so a
 * reporter finds "line 7" on row 7 of the sheet; a line break inside a quoted cell does not start a row.
 */
import type { CsvPreviewV1, CsvRowV1 } from '../../shared/report';
import { MAX_BATCH_POINTS, type IngestNote, type IngestProblem, type ObservationInput } from '../../shared/observations';
import { unstorableReason } from '../../shared/text';
import { VN_NUMBER_MESSAGES, formatVnNumber, parseVnNumber } from '../../shared/vnNumber';
import { decodeCsv, tokenizeCsv, type CsvRecord, type Delimiter } from './csvText';
import { fold } from '../../shared/text';
import type { CsvIndicatorRef, CsvLookup } from './csvLookup';
import { periodFor, readPeriodText, type Lang } from './csvPeriod';

export { catalogLookup, type CsvLookup, type CsvIndicatorRef } from './csvLookup';

/** The same ceiling as one ingest batch, since a commit is one batch. */
export const MAX_CSV_ROWS = MAX_BATCH_POINTS;

export type CsvField = 'indicator' | 'area' | 'ts' | 'value' | 'source';
type Problem = CsvRowV1['problems'][number];

/** Accepted column titles, compared without case, diacritics or a trailing "(…)" / "*" / ":". */
export const HEADER_ALIASES: Record<CsvField, readonly string[]> = {
  indicator: ['chỉ tiêu', 'mã chỉ tiêu', 'tên chỉ tiêu', 'chỉ số', 'mã chỉ số', 'indicator', 'indicator key', 'indicator code', 'indicator name'],
  area: ['địa bàn', 'mã địa bàn', 'tên địa bàn', 'đơn vị hành chính', 'mã đơn vị hành chính', 'đvhc', 'mã đvhc', 'địa phương', 'area', 'area code', 'area name'],
  ts: ['kỳ báo cáo', 'kỳ', 'thời gian', 'ngày', 'tháng', 'thời điểm', 'ngày báo cáo', 'period', 'ts', 'date', 'time', 'timestamp'],
  value: ['giá trị', 'số liệu', 'giá trị số liệu', 'value'],
  source: ['nguồn', 'nguồn số liệu', 'nguồn dữ liệu', 'source'],
};
const REQUIRED: readonly CsvField[] = ['indicator', 'area', 'ts', 'value'];
const COLUMN_NAME: Record<CsvField, { vi: string; en: string }> = {
  indicator: { vi: 'Chỉ tiêu', en: 'indicator' },
  area: { vi: 'Địa bàn', en: 'area' },
  ts: { vi: 'Kỳ báo cáo', en: 'period' },
  value: { vi: 'Giá trị', en: 'value' },
  source: { vi: 'Nguồn', en: 'source' },
};

const headerKey = (title: string) =>
  fold(title)
    .replace(/_/g, ' ')
    .replace(/\s*\(.*\)\s*$/, '')
    .replace(/[*:]+$/, '')
    .trim();
const ALIAS_TO_FIELD = new Map<string, CsvField>(
  (Object.entries(HEADER_ALIASES) as [CsvField, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [headerKey(n), field] as const)),
);

/** "A", "B", … "AA": how Excel names the column. */
const columnLetter = (index: number): string => (index < 26 ? '' : columnLetter(Math.floor(index / 26) - 1)) + String.fromCharCode(65 + (index % 26));

const isBlank = (r: CsvRecord) => r.fields.every((f) => f.trim() === '');

function fileProblem(delimiter: Delimiter, hadBom: boolean, problems: Problem[]): CsvPreviewV1 {
  return { delimiter, hadBom, ok: false, rows: [{ line: 1, indicator: null, area: null, ts: null, value: null, source: null, problems }] };
}

/** The header: the first of the first 10 rows naming two known columns, so that title rows above it are skipped. */
function findHeader(records: CsvRecord[]): number {
  for (let i = 0; i < Math.min(records.length, 10); i++) {
    const known = records[i]!.fields.filter((f) => ALIAS_TO_FIELD.has(headerKey(f))).length;
    if (known >= 2) return i;
  }
  return records.findIndex((r) => !isBlank(r));
}

export interface ReadCsvOptions {
  /** Language of the messages; the file-level encoding message is always in both. */
  lang?: Lang;
  maxRows?: number;
}

export function readCsv(bytes: Buffer | Uint8Array, lookup: CsvLookup, opts: ReadCsvOptions = {}): CsvPreviewV1 {
  const lang = opts.lang ?? 'vi';
  const maxRows = opts.maxRows ?? MAX_CSV_ROWS;
  const t = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  const col = (f: CsvField) => COLUMN_NAME[f][lang];

  const decoded = decodeCsv(bytes);
  if (!decoded.ok) {
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return fileProblem(',', bom, [{ field: 'file', reason: 'unreadable', message: decoded.message }]);
  }
  const { hadBom } = decoded;
  const tokens = tokenizeCsv(decoded.text);
  if (!tokens.ok) return fileProblem(tokens.delimiter, hadBom, [{ field: 'file', reason: 'unreadable', message: tokens.message }]);
  const { delimiter, records } = tokens;

  const headerAt = findHeader(records);
  if (headerAt < 0) return fileProblem(delimiter, hadBom, [{ field: 'file', reason: 'invalid', message: t('Tệp trống.', 'The file is empty.') }]);
  const header = records[headerAt]!;
  const columns = new Map<CsvField, number>();
  const fileProblems: Problem[] = [];
  header.fields.forEach((title, index) => {
    const field = ALIAS_TO_FIELD.get(headerKey(title));
    if (!field) return; // "Ghi chú", "Đơn vị tính", empty columns Excel leaves: not ours to read.
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      fileProblems.push({
        field,
        reason: 'invalid',
        message: t(
          `Hai cột cùng là "${col(field)}": cột ${columnLetter(earlier)} và cột ${columnLetter(index)}; xóa hoặc đổi tên một cột.`,
          `Two columns are "${col(field)}": ${columnLetter(earlier)} and ${columnLetter(index)}; delete or rename one.`,
        ),
      });
    } else columns.set(field, index);
  });
  for (const field of REQUIRED) {
    if (columns.has(field)) continue;
    const names = HEADER_ALIASES[field].slice(0, 3).map((n) => `"${n[0]!.toUpperCase()}${n.slice(1)}"`).join(', ');
    fileProblems.push({
      field,
      reason: 'invalid',
      message: t(
        `Thiếu cột "${col(field)}" ở dòng tiêu đề (dòng ${header.row}); đặt tên cột, ví dụ ${names}.`,
        `No "${col(field)}" column in the header (row ${header.row}); name it e.g. ${names}.`,
      ),
    });
  }
  if (fileProblems.length > 0) return fileProblem(delimiter, hadBom, fileProblems);

  const data = records.slice(headerAt + 1).filter((r) => !isBlank(r));
  if (data.length === 0) {
    return fileProblem(delimiter, hadBom, [
      { field: 'file', reason: 'invalid', message: t('Tệp không có dòng số liệu nào dưới dòng tiêu đề.', 'The file has no data rows under the header.') },
    ]);
  }
  if (data.length > maxRows) {
    return fileProblem(delimiter, hadBom, [
      {
        field: 'file',
        reason: 'invalid',
        message: t(
          `Tệp có ${data.length} dòng số liệu; mỗi lần tải lên tối đa ${maxRows}. Hãy chia thành nhiều tệp.`,
          `The file has ${data.length} data rows; at most ${maxRows} per upload. Split it into several files.`,
        ),
      },
    ]);
  }

  const width = header.fields.length;
  const rows = data.map((record) => readRow(record, width, columns, lookup, lang));
  return { delimiter, hadBom, rows, ok: rows.every((r) => r.problems.length === 0) };
}

function readRow(record: CsvRecord, width: number, columns: Map<CsvField, number>, lookup: CsvLookup, lang: Lang): CsvRowV1 {
  const t = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  const problems: Problem[] = [];
  const add = (field: string, reason: Problem['reason'], message: string) => problems.push({ field, reason, message });
  // A cell the database could not store (a NUL byte) is named and then read as empty, without a second problem.
  const unstorable = new Set<CsvField>();
  const cell = (f: CsvField) => {
    const i = columns.get(f);
    const text = i === undefined ? '' : (record.fields[i] ?? '').trim();
    const why = unstorableReason(text);
    if (!why) return text;
    unstorable.add(f);
    add(f, 'invalid', t(`ô "${COLUMN_NAME[f].vi}" chứa ký tự không lưu được (byte 0)`, `the ${COLUMN_NAME[f].en} cell ${why}`));
    return '';
  };
  const missing = (f: CsvField) => {
    if (!unstorable.has(f)) add(f, 'invalid', t(`ô "${COLUMN_NAME[f].vi}" để trống`, `the ${COLUMN_NAME[f].en} cell is empty`));
  };

  const extra = record.fields.slice(width).filter((f) => f.trim() !== '').length;
  if (extra > 0) {
    add(
      'row',
      'invalid',
      t(
        `dòng có ${record.fields.length} ô, nhiều hơn dòng tiêu đề (${width}): có lẽ một ô chứa dấu phân cách mà không nằm trong ngoặc kép`,
        `the row has ${record.fields.length} cells, more than the header's ${width}: a cell probably contains the separator without quotes`,
      ),
    );
  }

  let indicator: CsvIndicatorRef | undefined;
  const indicatorText = cell('indicator');
  if (!indicatorText) missing('indicator');
  else {
    indicator = lookup.indicator(indicatorText);
    if (!indicator) add('indicator', 'unknown-indicator', t(`không có chỉ tiêu "${indicatorText}" trong danh mục`, `no indicator "${indicatorText}" in the catalogue`));
  }

  let area: string | null = null;
  const areaText = cell('area');
  if (!areaText) missing('area');
  else {
    area = lookup.area(areaText) ?? null;
    if (area === null) add('area', 'unknown-area', t(`không có địa bàn "${areaText}" trong danh mục`, `no area "${areaText}" in the catalogue`));
  }

  let ts: string | null = null;
  const tsText = cell('ts');
  if (!tsText) missing('ts');
  else if (indicator) {
    const period = periodFor(tsText, indicator.frequency, lang);
    if (period.ok) ts = period.ts;
    else add('ts', 'invalid', period.message);
  } else {
    // Without the indicator the period's length is unknown, but a misspelt period is still worth saying.
    const read = readPeriodText(tsText, lang);
    if (!read.ok) add('ts', 'invalid', read.message);
  }

  let value: number | null = null;
  const valueText = cell('value');
  if (!valueText) missing('value');
  else {
    const parsed = parseVnNumber(valueText);
    if (!parsed.ok) add('value', 'invalid', `${t('giá trị', 'value')} "${valueText}": ${VN_NUMBER_MESSAGES[parsed.reason][lang]}`);
    else if (parsed.percent && indicator && !indicator.percent) {
      add('value', 'invalid', t(`giá trị "${valueText}": chỉ tiêu này không tính bằng %`, `value "${valueText}": this indicator is not measured in %`));
    } else if (parsed.ambiguous && indicator?.integer && !Number.isInteger(parsed.value)) {
      // "1,234" from an English-locale export of a count: the Vietnamese reading (1,234) cannot be meant.
      const whole = Math.round(parsed.value * 1000);
      add(
        'value',
        'invalid',
        t(
          `giá trị "${valueText}": dấu phẩy là dấu thập phân nên đây là ${valueText}, nhưng chỉ tiêu này là số nguyên; nếu là ${formatVnNumber(whole)} thì viết ${whole} hoặc ${formatVnNumber(whole)}`,
          `value "${valueText}": a comma is the decimal separator, so this reads as ${parsed.value}, but this indicator is a whole number; for ${whole} write ${whole}`,
        ),
      );
    } else value = parsed.value;
  }

  let source: string | null = null;
  const sourceText = cell('source');
  if (sourceText) {
    source = lookup.source(sourceText) ?? null;
    if (source === null) add('source', 'unknown-source', t(`không có nguồn "${sourceText}" trong danh mục`, `no source "${sourceText}" in the catalogue`));
  }

  return { line: record.row, indicator: indicator?.key ?? null, area, ts, value, source, problems };
}

/**
 * The rows without problems as one ingest batch, and for each observation the CSV line it came from, so
 * that the server's own validation problems (by batch index) can be put back on their rows.
 */
export function csvObservations(preview: CsvPreviewV1): { observations: ObservationInput[]; lines: number[] } {
  const observations: ObservationInput[] = [];
  const lines: number[] = [];
  for (const r of preview.rows) {
    if (r.problems.length > 0 || r.indicator === null || r.area === null || r.ts === null || r.value === null) continue;
    observations.push({ indicator: r.indicator, area: r.area, ts: r.ts, value: r.value, ...(r.source === null ? {} : { source: r.source }) });
    lines.push(r.line);
  }
  return { observations, lines };
}

/**
 * The preview with the ingest validation's problems added to the rows they concern, and `ok` recomputed;
 * and its notes on accepted points (a period in progress, a value shown rounded) on their rows.
 */
export function attachIngestProblems(
  preview: CsvPreviewV1,
  problems: readonly IngestProblem[],
  lines: readonly number[],
  notes: readonly IngestNote[] = [],
): CsvPreviewV1 {
  const byLine = new Map<number, Problem[]>();
  for (const p of problems) {
    const line = lines[p.index];
    if (line === undefined) continue;
    const list = byLine.get(line) ?? [];
    list.push({ field: p.field, reason: p.reason, message: p.message });
    byLine.set(line, list);
  }
  const notesByLine = new Map<number, NonNullable<CsvRowV1['notes']>>();
  for (const n of notes) {
    const line = lines[n.index];
    if (line === undefined) continue;
    const list = notesByLine.get(line) ?? [];
    list.push({ field: n.field, reason: n.reason, message: n.message });
    notesByLine.set(line, list);
  }
  const rows = preview.rows.map((r) => {
    const added = byLine.get(r.line);
    const rowNotes = notesByLine.get(r.line);
    if (!added && !rowNotes) return r;
    return { ...r, ...(added ? { problems: [...r.problems, ...added] } : {}), ...(rowNotes ? { notes: rowNotes } : {}) };
  });
  return { ...preview, rows, ok: rows.length > 0 && rows.every((r) => r.problems.length === 0) };
}

/** Whether a preview row stands for the whole file rather than one data row. */
export const isFileProblem = (row: CsvRowV1): boolean => row.line === 1;
