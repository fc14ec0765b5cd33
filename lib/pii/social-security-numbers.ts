/**
 * US Social Security numbers written the way the SSA prints them ("078-05-1120") need no cue;
 * the digits alone, or grouped by spaces, are found after a cue by the identifier detector. Both
 * accept only numbers the SSA could issue: no 000, 666 or 9xx area, no 00 group, no 0000 serial.
 */
import type { PiiEntity } from './pii-entity';

const dashedPattern = /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-]|\.\d)/g;

export function isIssuableSsn(digits: string): boolean {
  return /^(?!000|666|9)\d{3}(?!00)\d{2}(?!0000)\d{4}$/.test(digits);
}

export function detectDashedSsns(text: string): PiiEntity[] {
  return Array.from(text.matchAll(dashedPattern))
    .filter((match) => isIssuableSsn(match[0].replace(/-/g, '')))
    .map((match) => ({ type: 'SSN', start: match.index, end: match.index + match[0].length }));
}
