/**
 * From the bytes of a CSV file to records of fields, the way Excel writes and reads them: UTF-8 with or
 * without a byte-order mark, a separator chosen by the locale (",", ";" or tab), RFC 4180 quoting with
 * separators, quotes and line breaks inside quoted fields, and any of CRLF, LF or CR between records.
 */

export type Delimiter = ',' | ';' | '\t';

export type Decoded = { ok: true; text: string; hadBom: boolean } | { ok: false; message: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // Lead byte → sequence length and the allowed range of the second byte (no overlongs, no surrogates).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    const second = b[i + 1];
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= n; k++) {
      const next = b[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += n + 1;
  }
  return -1;
}

const lineAt = (b: Uint8Array, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (b[i] === 0x0a) line++;
  return line;
};

const SAVE_AS_UTF8 =
  'Trong Excel chọn Tệp → Lưu thành (File → Save As), loại tệp "CSV UTF-8 (Comma delimited) (*.csv)", rồi tải lên lại. ' +
  '/ In Excel choose File → Save As, type "CSV UTF-8 (Comma delimited) (*.csv)", and upload it again.';

/**
 * The text of the file, or why it cannot be read. A file Excel saved as plain "CSV (Comma delimited)" is
 * in the Windows code page (1258 for Vietnamese): its accented letters are not UTF-8, and guessing the
 * code page would silently turn "Đức Hòa" into something else, so it is refused with the way out.
 */
export function decodeCsv(bytes: Uint8Array): Decoded {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return {
      ok: false,
      message: `Đây là tệp Excel (.xlsx), không phải CSV. / This is an Excel workbook (.xlsx), not a CSV file. ${SAVE_AS_UTF8}`,
    };
  }
  // Excel's "Unicode Text" is UTF-16 with a byte-order mark; it reads without any guessing.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2)), hadBom: true };
    } catch {
      return { ok: false, message: `Tệp UTF-16 bị hỏng. / The UTF-16 file is damaged. ${SAVE_AS_UTF8}` };
    }
  }
  const hadBom = bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
  const body = hadBom ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const line = lineAt(body, bad);
    return {
      ok: false,
      message:
        `Tệp không ở dạng mã UTF-8 (ký tự không đọc được ở dòng ${line}); có lẽ đã lưu bằng "CSV (Comma delimited)" ` +
        `với bảng mã Windows-1258. / The file is not UTF-8 (unreadable character on line ${line}); it was probably saved ` +
        `as "CSV (Comma delimited)" in the Windows-1258 code page. ${SAVE_AS_UTF8}`,
    };
  }
  // Many NUL bytes: UTF-16 saved without its mark, or not text at all. A stray one is the cell's problem (csv.ts).
  if (countZeros(body) * 16 > body.length) {
    return { ok: false, message: `Tệp chứa byte 0, không phải văn bản CSV. / The file contains NUL bytes; it is not CSV text. ${SAVE_AS_UTF8}` };
  }
  return { ok: true, text: new TextDecoder('utf-8').decode(body), hadBom };
}

function countZeros(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0); i >= 0; i = bytes.indexOf(0, i + 1)) n++;
  return n;
}

/** One record as read; `row` is the row number Excel shows for it (1 = the header). */
export interface CsvRecord {
  row: number;
  fields: string[];
}

export type Tokenized = { ok: true; delimiter: Delimiter; records: CsvRecord[] } | { ok: false; delimiter: Delimiter; row: number; message: string };

/**
 * The separator of the header line: the most frequent of ";", "," and tab outside quotes. Excel in a
 * locale whose decimal separator is a comma (vi-VN) separates fields with ";"; ties go to ",", the default.
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const order: Delimiter[] = [',', ';', '\t'];
  return order.reduce((best, d) => (counts[d] > counts[best] ? d : best), ',');
}

/** The first line, for delimiter detection (a header never needs a line break inside quotes). */
const firstLine = (text: string) => text.split(/\r\n|\n|\r/, 1)[0] ?? '';

export function tokenizeCsv(text: string): Tokenized {
  let start = 0;
  let forced: Delimiter | undefined;
  // Excel honours a first line "sep=;" and hides it; so do we, and the header stays row 1.
  const sep = /^sep=(.)(\r\n|\n|\r|$)/.exec(text);
  if (sep && (sep[1] === ',' || sep[1] === ';' || sep[1] === '\t')) {
    forced = sep[1];
    start = sep[0].length;
  }
  const delimiter = forced ?? detectDelimiter(firstLine(text.slice(start)));
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let quoteOpenedAt = 0;
  let row = 1;
  let i = start;
  const endRecord = () => {
    fields.push(field);
    records.push({ row, fields });
    fields = [];
    field = '';
    row++;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      quoteOpenedAt = row;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else {
      // A quote inside an unquoted field, or text after a closing quote, is kept as it is, as Excel does.
      field += ch;
    }
    i++;
  }
  if (quoted) {
    return {
      ok: false,
      delimiter,
      row: quoteOpenedAt,
      message:
        `Dấu ngoặc kép mở ở dòng ${quoteOpenedAt} không được đóng: tệp bị cắt hoặc ô có dấu " lẻ. ` +
        `/ A quote opened on row ${quoteOpenedAt} is never closed: the file is cut short or a cell has a stray ".`,
    };
  }
  // A last record without a line break after it.
  if (field !== '' || fields.length > 0) endRecord();
  return { ok: true, delimiter, records };
}
