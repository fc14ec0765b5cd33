/**
 * CSV for people who open it in a spreadsheet: RFC 4180 (CRLF records, quotes doubled, every cell
 * with a comma, quote or line break quoted), UTF-8 with a byte order mark so that spreadsheet
 * programs read accents and scripts correctly, and text cells starting with `=`, `+`, `-`, `@`,
 * tab or carriage return prefixed with `'` so that no participant's words run as a formula.
 * Numbers stay numbers: a negative score is not a formula.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | Date | null | undefined | object;

function cellValue(value: CsvCell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** The header row, then one row per record, each cell in the header's order. */
export function csvTable(header: readonly string[], rows: readonly CsvCell[][]): string {
  return stringify([[...header], ...rows.map((row) => row.map(cellValue))], {
    bom: true,
    record_delimiter: 'windows',
    // A lone LF or CR inside a cell is a line break too; the library only quotes the record delimiter.
    quoted_match: /[\r\n]/,
    escape_formulas: true,
  });
}
