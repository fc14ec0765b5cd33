import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvTable } from '../lib/exports/csv-table';

const parsed = (text: string): string[][] => parse(text, { bom: true });

describe('export CSV', () => {
  it('round-trips commas, quotes, every kind of line break and unicode exactly', () => {
    const values = [
      'plain',
      'a, b',
      'she said "no"',
      'line one\nline two',
      'carriage\rreturn',
      'windows\r\nbreak',
      '"',
      ',',
      '',
      'naïve café — 漢字 🙂 עברית',
      ' leading and trailing spaces ',
    ];
    const text = csvTable(
      values.map((_, index) => `c${index}`),
      [values],
    );
    expect(parsed(text)).toEqual([values.map((_, index) => `c${index}`), values]);
    // One record per row: line breaks inside cells are quoted, records end with CRLF.
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"line one\nline two"');
    expect(text).toContain('"carriage\rreturn"');
  });

  it('prefixes text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    const text = csvTable(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
      [['=1+1', '+1 415 555 0199', '-x', '@SUM(A1)', '\tTAB', -0.25, 'x=1', 42]],
    );
    expect(parsed(text)[1]).toEqual([
      "'=1+1",
      "'+1 415 555 0199",
      "'-x",
      "'@SUM(A1)",
      "'\tTAB",
      '-0.25',
      'x=1',
      '42',
    ]);
  });

  it('writes empty cells for missing values, words for booleans, ISO times and JSON objects', () => {
    const at = new Date('2026-11-27T10:00:00.000Z');
    const text = csvTable(
      ['null', 'undefined', 'true', 'false', 'date', 'object', 'nan'],
      [[null, undefined, true, false, at, { a: [1, 'b,"c"'] }, Number.NaN]],
    );
    expect(parsed(text)[1]).toEqual([
      '',
      '',
      'true',
      'false',
      '2026-11-27T10:00:00.000Z',
      '{"a":[1,"b,\\"c\\""]}',
      '',
    ]);
  });
});
