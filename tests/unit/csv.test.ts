import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../server/catalog/catalog';
import { validateBatch } from '../../server/ingest/validate';
import { RegionPack } from '../../shared/catalog';
import type { CsvPreviewV1, CsvRowV1 } from '../../shared/report';
import { attachIngestProblems, catalogLookup, csvObservations, isFileProblem, readCsv } from '../../server/report/csv';
import { periodFor, readPeriodText } from '../../server/report/csvPeriod';
import { detectDelimiter, firstInvalidUtf8, tokenizeCsv } from '../../server/report/csvText';
import { FIXTURES } from '../fixtures/csv/generate';
import { parseOffsetIso } from '../../shared/time';

const pack = RegionPack.parse(JSON.parse(readFileSync(new URL('../../packs/long-an.json', import.meta.url), 'utf8')));
const lookup = catalogLookup(pack);
const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url));
const read = (name: string) => readCsv(fixture(name), lookup);

const MAY = '2022-05-01T00:00:00+07:00';
/** A row as the reporter would check it: line, what was understood, and the reasons of its problems. */
const brief = (r: CsvRowV1) => [r.line, r.indicator, r.area, r.ts, r.value, r.source, r.problems.map((p) => `${p.field}:${p.reason}`)];
const only = (preview: CsvPreviewV1) => {
  expect(preview.rows).toHaveLength(1);
  return preview.rows[0]!;
};

describe('the CSV fixtures', () => {
  it('are on disk exactly as generate.ts writes them', () => {
    for (const [name, bytes] of Object.entries(FIXTURES)) expect(fixture(name).equals(bytes), name).toBe(true);
    expect(Object.keys(FIXTURES).filter((n) => n.endsWith('.csv')).length).toBeGreaterThanOrEqual(12);
  });
});

describe('readCsv on files as Excel writes them', () => {
  it('reads a vi-VN "CSV UTF-8" export: BOM, semicolons, CRLF, decimal commas, dots between thousands', () => {
    const p = read('01-vi-excel-semicolon-bom.csv');
    expect(p).toMatchObject({ delimiter: ';', hadBom: true, ok: true });
    expect(p.rows.map(brief)).toEqual([
      [2, 'online_filing_pct', '794', MAY, 48.5, 'one-stop-shop', []],
      [3, 'online_payment_pct', '794', MAY, 32.25, null, []],
      [4, 'dossiers_received_monthly', '794', MAY, 1234, 'one-stop-shop', []],
      [5, 'dossiers_received_monthly', '794', MAY, 1250, 'paper-register', []],
      [6, 'overdue_open_dossiers', '794', '2022-05-15T00:00:00+07:00', 12, null, []],
    ]);
  });

  it('reads an en-US export: commas between fields, decimal points, English headers', () => {
    const p = read('02-en-excel-comma-bom.csv');
    expect(p).toMatchObject({ delimiter: ',', hadBom: true, ok: true });
    expect(p.rows.map((r) => r.value)).toEqual([48.5, 1234, -0.5]);
    expect(p.rows.every((r) => r.ts === MAY)).toBe(true);
  });

  it('resolves names instead of codes, with or without diacritics, in Vietnamese or English, quoted or not', () => {
    const p = read('03-names-not-codes.csv');
    expect(p.ok).toBe(true);
    expect(p.rows.map(brief)).toEqual([
      [2, 'online_filing_pct', '794', MAY, 48.5, 'one-stop-shop', []],
      [3, 'digitised_dossiers_pct', '794', MAY, 61, null, []],
      [4, 'dossiers_received_monthly', '802', MAY, 1180, 'paper-register', []],
      [5, 'online_payment_pct', '794', MAY, 31.5, 'one-stop-shop', []],
      [6, 'dossiers_on_time_pct', '794', MAY, 92.3, 'one-stop-shop', []],
    ]);
  });

  it('turns years, quarters, months, days and hours into the start of the indicator period (+07:00)', () => {
    const p = read('04-quarter-year-periods.csv');
    expect(p.rows.map((r) => [r.line, r.ts])).toEqual([
      [2, '2022-04-01T00:00:00+07:00'], // Quý 2/2022
      [3, '2022-07-01T00:00:00+07:00'], // Q3/2022
      [4, '2022-10-01T00:00:00+07:00'], // Quý IV/2022
      [5, '2022-01-01T00:00:00+07:00'], // 2022
      [6, '2021-01-01T00:00:00+07:00'], // Năm 2021
      [7, MAY], // Tháng 5/2022
      [8, '2022-06-01T00:00:00+07:00'], // T6/2022
      [9, '2022-07-01T00:00:00+07:00'], // 2022-07
      [10, '2022-08-01T00:00:00+07:00'], // 15/08/2022 for a monthly figure is August's
      [11, '2022-04-01T00:00:00+07:00'], // 05/2022 for a quarterly figure is Q2's
      [12, null], // Quý 3/2022 does not say which month
      [13, '2022-05-15T09:00:00+07:00'], // an hourly figure
    ]);
    expect(p.rows.find((r) => r.line === 12)!.problems).toEqual([
      { field: 'ts', reason: 'invalid', message: 'kỳ "Quý 3/2022" không chỉ rõ tháng nào; chỉ tiêu này báo cáo theo tháng, ghi ví dụ 05/2022' },
    ]);
    expect(p.rows.find((r) => r.line === 5)!.value).toBe(52340);
    expect(p.ok).toBe(false);
  });

  it('refuses a Windows-1258 export and tells the reporter, in both languages, to save as CSV UTF-8', () => {
    const p = read('05-windows-1258.csv');
    expect(p.ok).toBe(false);
    const row = only(p);
    expect(isFileProblem(row)).toBe(true);
    expect(row.problems).toHaveLength(1);
    expect(row.problems[0]).toMatchObject({ field: 'file', reason: 'unreadable' });
    expect(row.problems[0]!.message).toContain('không ở dạng mã UTF-8');
    expect(row.problems[0]!.message).toContain('not UTF-8');
    expect(row.problems[0]!.message).toContain('CSV UTF-8');
  });

  it('ignores blank trailing rows, empty columns and columns it does not know', () => {
    const p = read('06-trailing-blank-lines-empty-columns.csv');
    expect(p.ok).toBe(true);
    expect(p.rows.map(brief)).toEqual([
      [2, 'online_filing_pct', '794', MAY, 48.5, null, []],
      [3, 'online_payment_pct', '794', MAY, 30, null, []],
    ]);
  });

  it('names a missing column as a problem of the whole file, on line 1', () => {
    const row = only(read('07-missing-value-column.csv'));
    expect(row).toMatchObject({ line: 1, indicator: null, value: null });
    expect(row.problems).toEqual([
      { field: 'value', reason: 'invalid', message: 'Thiếu cột "Giá trị" ở dòng tiêu đề (dòng 1); đặt tên cột, ví dụ "Giá trị", "Số liệu", "Giá trị số liệu".' },
    ]);
  });

  it('lists every problem of every row, numbered as Excel numbers the rows', () => {
    const p = read('08-mixed-errors.csv');
    expect(p.ok).toBe(false);
    expect(p.rows.map((r) => [r.line, r.problems.map((x) => `${x.field}:${x.reason}`)])).toEqual([
      [2, []],
      [3, ['indicator:unknown-indicator']],
      [4, ['area:unknown-area']],
      [5, ['ts:invalid']], // 13/2022
      [6, ['value:invalid']], // 1,2,3
      [7, ['value:invalid']], // 12..5
      [8, ['value:invalid']], // empty
      [9, ['source:unknown-source']],
      [10, ['ts:invalid']], // a quarter for a monthly figure
      [11, ['ts:invalid']], // 05/17/2022, month first
      [12, ['value:invalid']], // "%" on a count
      [13, ['value:invalid']], // "1,234" for a whole number
      // row 14 is blank and skipped; row 15 uses an English name two indicators share
      [15, ['indicator:unknown-indicator']],
      [16, ['indicator:unknown-indicator', 'area:unknown-area', 'ts:invalid', 'value:invalid']],
    ]);
    const message = (line: number) => p.rows.find((r) => r.line === line)!.problems[0]!.message;
    expect(message(3)).toBe('không có chỉ tiêu "ty_le_khong_co" trong danh mục');
    expect(message(4)).toBe('không có địa bàn "Huyện Không Có" trong danh mục');
    expect(message(5)).toBe('kỳ "13/2022": không có tháng 13');
    expect(message(6)).toContain('giá trị "1,2,3"');
    expect(message(8)).toBe('ô "Giá trị" để trống');
    expect(message(9)).toBe('không có nguồn "Báo chí" trong danh mục');
    expect(message(11)).toContain('ngày/tháng/năm');
    expect(message(13)).toContain('viết 1234 hoặc 1.234');
    // What could be read is still shown, so the reporter sees which figure the row is about.
    expect(p.rows.find((r) => r.line === 4)).toMatchObject({ indicator: 'online_filing_pct', area: null, ts: MAY, value: 10 });
  });

  it('reads quoted cells holding separators, doubled quotes and line breaks without shifting row numbers', () => {
    const p = read('09-quoted-multiline.csv');
    expect(p.ok).toBe(true);
    expect(p.rows.map(brief)).toEqual([
      [2, 'online_filing_pct', '794', MAY, 48.5, null, []],
      [3, 'online_payment_pct', '794', MAY, 32.5, null, []],
      [4, 'digitised_dossiers_pct', '794', MAY, 61, null, []],
      [5, 'online_filing_pct', '794', '2022-06-01T00:00:00+07:00', 49, null, []],
    ]);
  });

  it('reads tab-separated UTF-8 without a BOM and with LF line ends', () => {
    const p = read('10-tab-separated.csv');
    expect(p).toMatchObject({ delimiter: '\t', hadBom: false, ok: true });
    expect(p.rows.map((r) => [r.indicator, r.ts, r.value])).toEqual([
      ['online_filing_pct', MAY, 48.5],
      ['overdue_open_dossiers', '2022-05-15T00:00:00+07:00', 7],
    ]);
  });

  it('reads Excel "Unicode Text" (UTF-16 with a BOM, tabs)', () => {
    const p = read('11-excel-unicode-text.txt');
    expect(p).toMatchObject({ delimiter: '\t', hadBom: true, ok: true });
    expect(p.rows.map(brief)).toEqual([[2, 'online_filing_pct', '802', MAY, 48.5, null, []]]);
  });

  it('reads ISO times with an offset, in UTC, and local times without one, in Asia/Ho_Chi_Minh', () => {
    const p = read('12-iso-offsets-no-bom-lf.csv');
    expect(p).toMatchObject({ delimiter: ',', hadBom: false, ok: true });
    expect(p.rows.map((r) => r.ts)).toEqual([
      MAY,
      '2022-06-01T00:00:00+07:00', // 17:30 UTC on 31 May is 00:30 on 1 June in the province
      '2022-05-15T09:00:00+07:00',
      '2022-05-15T00:00:00+07:00',
    ]);
  });

  it('honours a "sep=;" first line and keeps the header as row 1', () => {
    const p = read('13-sep-line.csv');
    expect(p).toMatchObject({ delimiter: ';', ok: true });
    expect(p.rows.map(brief)).toEqual([[2, 'online_filing_pct', '794', MAY, 48.5, null, []]]);
  });

  it('skips title rows above the header and a "(%)" after a column name', () => {
    const p = read('14-title-rows.csv');
    expect(p.ok).toBe(true);
    expect(p.rows.map((r) => [r.line, r.indicator, r.value])).toEqual([
      [5, 'online_filing_pct', 48.5],
      [6, 'online_payment_pct', 32],
    ]);
  });

  it('refuses a file whose quote never closes, naming the row', () => {
    const row = only(read('15-unterminated-quote.csv'));
    expect(row.problems[0]).toMatchObject({ field: 'file', reason: 'unreadable' });
    expect(row.problems[0]!.message).toContain('dòng 3');
  });

  it('recognises an .xlsx workbook sent instead of a CSV', () => {
    const row = only(read('16-xlsx-by-mistake.csv'));
    expect(row.problems[0]).toMatchObject({ field: 'file', reason: 'unreadable' });
    expect(row.problems[0]!.message).toContain('.xlsx');
  });

  it('says so when there is a header and no data', () => {
    expect(only(read('17-header-only.csv')).problems).toEqual([
      { field: 'file', reason: 'invalid', message: 'Tệp không có dòng số liệu nào dưới dòng tiêu đề.' },
    ]);
  });

  it('flags a row with more cells than the header (an unquoted comma in a comma-separated file)', () => {
    const p = read('18-unquoted-comma.csv');
    expect(p.rows.map(brief)).toEqual([
      [2, 'online_filing_pct', '794', MAY, 48, null, ['row:invalid']],
      [3, 'online_payment_pct', '794', MAY, 32, null, []],
    ]);
    expect(p.ok).toBe(false);
  });

  it('refuses two columns for the same field', () => {
    const row = only(read('19-duplicate-columns.csv'));
    expect(row.problems).toEqual([{ field: 'value', reason: 'invalid', message: 'Hai cột cùng là "Giá trị": cột D và cột E; xóa hoặc đổi tên một cột.' }]);
  });

  it('reads headers in capitals without diacritics, abbreviated district names and codes Excel padded', () => {
    const p = read('20-uppercase-no-diacritics.csv');
    expect(p.ok).toBe(true);
    expect(p.rows.map(brief)).toEqual([
      [2, 'online_filing_pct', '802', MAY, 47.25, 'paper-register', []],
      [3, 'online_filing_pct', '794', MAY, 48.5, 'one-stop-shop', []],
    ]);
  });
});

describe('readCsv limits and languages', () => {
  const rows = (n: number) => Buffer.from(['Chỉ tiêu;Địa bàn;Kỳ;Giá trị', ...Array.from({ length: n }, () => 'online_filing_pct;794;05/2022;1')].join('\r\n'));

  it('accepts 10,000 data rows and refuses 10,001 with a clear message', () => {
    const ok = readCsv(rows(10_000), lookup);
    expect(ok.rows).toHaveLength(10_000);
    expect(ok.ok).toBe(true);
    const row = only(readCsv(rows(10_001), lookup));
    expect(row.problems[0]).toMatchObject({ field: 'file', reason: 'invalid' });
    expect(row.problems[0]!.message).toBe('Tệp có 10001 dòng số liệu; mỗi lần tải lên tối đa 10000. Hãy chia thành nhiều tệp.');
  });

  it('writes its messages in English when asked', () => {
    const p = readCsv(fixture('08-mixed-errors.csv'), lookup, { lang: 'en' });
    expect(p.rows.find((r) => r.line === 3)!.problems[0]!.message).toBe('no indicator "ty_le_khong_co" in the catalogue');
    expect(p.rows.find((r) => r.line === 8)!.problems[0]!.message).toBe('the value cell is empty');
    expect(only(readCsv(fixture('07-missing-value-column.csv'), lookup, { lang: 'en' })).problems[0]!.message).toContain('No "value" column');
  });

  it('refuses an empty file', () => {
    expect(only(readCsv(Buffer.alloc(0), lookup)).problems[0]).toMatchObject({ field: 'file', reason: 'invalid', message: 'Tệp trống.' });
    expect(only(readCsv(Buffer.from('\uFEFF\r\n\r\n'), lookup)).problems[0]!.message).toBe('Tệp trống.');
  });
});

describe('from preview to ingest batch and back', () => {
  it('hands over the valid rows with their lines, and puts the server problems back on those lines', () => {
    const preview = read('08-mixed-errors.csv');
    const { observations, lines } = csvObservations(preview);
    expect(observations).toEqual([{ indicator: 'online_filing_pct', area: '794', ts: MAY, value: 48.5, source: 'one-stop-shop' }]);
    expect(lines).toEqual([2]);

    const clean = read('01-vi-excel-semicolon-bom.csv');
    const batch = csvObservations(clean);
    expect(batch.observations).toHaveLength(5);
    expect(batch.observations[1]).toEqual({ indicator: 'online_payment_pct', area: '794', ts: MAY, value: 32.25 });
    const checked = attachIngestProblems(clean, [{ index: 4, field: 'ts', reason: 'future-timestamp', message: 'in the future' }], batch.lines);
    expect(checked.ok).toBe(false);
    expect(checked.rows.find((r) => r.line === 6)!.problems).toEqual([{ field: 'ts', reason: 'future-timestamp', message: 'in the future' }]);
    expect(checked.rows.filter((r) => r.problems.length > 0)).toHaveLength(1);
    expect(attachIngestProblems(clean, [], batch.lines).ok).toBe(true);
  });
});

describe('catalogLookup', () => {
  it('finds areas by code, full name, short name and common abbreviations', () => {
    for (const text of ['794', '0794', 'Thành phố Tân An', 'thanh pho tan an', 'Tân An', 'TP. Tân An', 'TP Tân An', 'Tan An City', 'TÂN AN']) {
      expect(lookup.area(text), text).toBe('794');
    }
    for (const text of ['Huyện Đức Hòa', 'Huyện Đức Hoà', 'Đức Hòa', 'H. Đức Hòa', 'Duc Hoa District', '802']) expect(lookup.area(text), text).toBe('802');
    expect(lookup.area('Long An')).toBe('80');
    expect(lookup.area('Đức')).toBeUndefined();
  });

  it('finds indicators by key or name and knows their frequency; a shared name resolves to neither', () => {
    expect(lookup.indicator('Hồ sơ tiếp nhận trong tháng')).toEqual({ key: 'dossiers_received_monthly', frequency: 'P1M', percent: false, integer: true });
    expect(lookup.indicator('TỶ LỆ HỒ SƠ NỘP TRỰC TUYẾN')?.key).toBe('online_filing_pct');
    expect(lookup.indicator('Dossiers filed online')).toBeUndefined();
    // Computed by CityOps, never reported.
    expect(lookup.indicator('reports_on_time_pct')).toBeUndefined();
  });

  it('finds sources by key or name', () => {
    expect(lookup.source('Sổ theo dõi giấy')).toBe('paper-register');
    expect(lookup.source('paper register')).toBe('paper-register');
    expect(lookup.source('sensor')).toBe('sensor');
    expect(lookup.source('Báo chí')).toBeUndefined();
  });
});

describe('periods', () => {
  it.each([
    ['05/2022', 'P1M', MAY],
    ['5/2022', 'P1M', MAY],
    ['Tháng 5/2022', 'P1M', MAY],
    ['tháng 05 năm 2022', 'P1M', MAY],
    ['T5/2022', 'P1M', MAY],
    ['2022-05', 'P1M', MAY],
    ['May 2022', 'P1M', MAY],
    ['Quý 2/2022', 'P3M', '2022-04-01T00:00:00+07:00'],
    ['Quý II/2022', 'P3M', '2022-04-01T00:00:00+07:00'],
    ['Q2/2022', 'P3M', '2022-04-01T00:00:00+07:00'],
    ['quý 2 năm 2022', 'P3M', '2022-04-01T00:00:00+07:00'],
    ['2022-Q2', 'P3M', '2022-04-01T00:00:00+07:00'],
    ['2022', 'P1Y', '2022-01-01T00:00:00+07:00'],
    ['15/05/2022', 'P1D', '2022-05-15T00:00:00+07:00'],
    ['15-05-2022', 'P1D', '2022-05-15T00:00:00+07:00'],
    ['15.05.2022', 'P1D', '2022-05-15T00:00:00+07:00'],
    ['Ngày 15/05/2022', 'P1D', '2022-05-15T00:00:00+07:00'],
    ['15/05/2022 09:44', 'PT15M', '2022-05-15T09:30:00+07:00'],
    ['2022-05-15T09:44:00+0700', 'PT1H', '2022-05-15T09:00:00+07:00'],
    ['2022-05-14T17:00:00Z', 'P1D', '2022-05-15T00:00:00+07:00'],
    ['31/12/2022', 'P1Y', '2022-01-01T00:00:00+07:00'],
  ] as const)('"%s" for a %s figure is %s', (text, frequency, ts) => {
    expect(periodFor(text, frequency)).toEqual({ ok: true, ts });
  });

  it.each(['', '13/2022', '00/2022', '31/02/2022', '29/02/2023', 'Quý 5/2022', '2022-13', 'kỳ sau', '15/05/22', '25:00 15/05/2022'])(
    'refuses "%s"',
    (text) => {
      expect(readPeriodText(text).ok).toBe(false);
    },
  );

  it('accepts 29 February in a leap year only', () => {
    expect(periodFor('29/02/2024', 'P1D')).toEqual({ ok: true, ts: '2024-02-29T00:00:00+07:00' });
    expect(periodFor('29/02/2023', 'P1D').ok).toBe(false);
  });

  it('refuses a period coarser than the indicator frequency', () => {
    expect(periodFor('2022', 'P1M').ok).toBe(false);
    expect(periodFor('05/2022', 'P1D').ok).toBe(false);
    expect(periodFor('15/05/2022', 'PT1H').ok).toBe(false);
  });
});

describe('CSV text', () => {
  it('picks the separator the header uses most, outside quotes', () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('only')).toBe(',');
  });

  it('splits records on CRLF, LF and bare CR, and keeps line breaks inside quotes', () => {
    const t = tokenizeCsv('a,b\r\n1,"x\r\ny"\r2,3\n4,"q ""r"""');
    expect(t).toEqual({
      ok: true,
      delimiter: ',',
      records: [
        { row: 1, fields: ['a', 'b'] },
        { row: 2, fields: ['1', 'x\r\ny'] },
        { row: 3, fields: ['2', '3'] },
        { row: 4, fields: ['4', 'q "r"'] },
      ],
    });
  });

  it('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('Đức Hòa', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xd0, 0x62]))).toBe(1); // "Đ" in Windows-1258
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0x80]))).toBe(0); // overlong
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe1, 0xbb]))).toBe(1); // cut short
    expect(firstInvalidUtf8(Buffer.from([0xf0, 0x9f, 0x98, 0x80]))).toBe(-1); // 😀
  });
});

describe('CSV rows through the ingest API validation, as the preview shows them', () => {
  const catalog = new Catalog(pack);
  const scope = catalog.units.get('ubnd-794')!;
  const now = new Date('2026-11-20T10:00:00+07:00');
  /** What the preview route does: read the file, validate its rows as one ingest batch, put problems and notes back. */
  const preview = (text: string) => {
    const read = readCsv(Buffer.from(text, 'utf8'), lookup);
    const { observations, lines } = csvObservations(read);
    const { problems, notes } = validateBatch(observations, scope, catalog, now);
    return attachIngestProblems(read, problems, lines, notes);
  };
  const head = 'Chỉ tiêu;Địa bàn;Kỳ báo cáo;Giá trị\n';

  it('refuses 30 February written with an offset, as the ingest API does, instead of filing it on 2 March', () => {
    const row = only(preview(`${head}online_filing_pct;794;2022-02-30T10:00+07:00;45\n`));
    expect(row.ts).toBeNull();
    expect(row.problems).toEqual([{ field: 'ts', reason: 'invalid', message: 'kỳ "2022-02-30T10:00+07:00": không có ngày giờ này' }]);
    const en = only(readCsv(Buffer.from(`${head}online_filing_pct;794;2022-02-30T10:00+07:00;45\n`), lookup, { lang: 'en' }));
    expect(en.problems[0]!.message).toBe('"2022-02-30T10:00+07:00" is not a real date and time');
  });

  it('refuses a period before 1900 as too-old, naming the limit, like the API', () => {
    const row = only(preview(`${head}online_filing_pct;794;05/1850;45\n`));
    expect(row.problems).toEqual([
      { field: 'ts', reason: 'too-old', message: '1850-04-30T16:53:30.000Z is before 1900-01-01 (local time), the earliest "online_filing_pct" accepts figures for' },
    ]);
  });

  it('flags a figure for the month still in progress, and accepts it', () => {
    const p = preview(`${head}online_filing_pct;794;Tháng 11/2026;45\nonline_filing_pct;794;tháng 10/2026;44\n`);
    expect(p.ok).toBe(true);
    expect(p.rows.map((r) => [r.line, r.notes?.map((n) => `${n.field}:${n.reason}`)])).toEqual([
      [2, ['ts:in-progress']],
      [3, undefined],
    ]);
  });

  it('says that 67,25 % is stored as sent and shown as 67,3 where one decimal is kept', () => {
    const row = only(preview(`${head}online_filing_pct;794;10/2026;"67,25 %"\n`));
    expect(row.value).toBe(67.25);
    expect(row.problems).toEqual([]);
    expect(row.notes).toEqual([
      { field: 'value', reason: 'more-decimals', message: '67.25 has more decimals than "online_filing_pct" keeps (1): it is stored as sent and shown as 67.3' },
    ]);
  });
});

describe('periods before standard time', () => {
  it('writes a period of the local-mean-time years so that the ingest API reads back the same instant', () => {
    for (const [text, frequency] of [['1905', 'P1Y'], ['tháng 3/1910', 'P1M'], ['2022', 'P1Y']] as const) {
      const r = periodFor(text, frequency);
      expect(r.ok, text).toBe(true);
      const read = readPeriodText(text);
      expect(r.ok && parseOffsetIso(r.ts), text).toBe(read.ok && read.at.getTime());
    }
    expect(periodFor('2022', 'P1Y')).toEqual({ ok: true, ts: '2022-01-01T00:00:00+07:00' });
  });
});
