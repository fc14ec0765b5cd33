/**
 * IBANs, printed ("GB82 WEST 1234 5698 7654 32"), packed ("GB82WEST12345698765432") or spelled
 * out ("g b 82 w e s t 1234…" once spoken digits are written), accepted only when ibantools
 * confirms the country format and the mod-97 checksum, so a mistyped IBAN is not reported.
 */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { PiiEntity } from './pii-entity';

/** A country code and check digits, letters and digits possibly spelled apart. */
const startPattern = /(?<![A-Za-z0-9])[A-Za-z] ?[A-Za-z] ?\d ?\d/g;
const chunkPattern = /^ ?[A-Za-z0-9]+/;
/** The longest IBAN (Saint Lucia, Russia) has 34 characters. */
const maxLength = 34;

function longestIbanFrom(text: string, start: number, headEnd: number): number | undefined {
  let end = headEnd;
  let length = text.slice(start, end).replace(/ /g, '').length;
  let longest: number | undefined;
  for (;;) {
    const chunk = chunkPattern.exec(text.slice(end, end + maxLength + 1));
    if (chunk === null) break;
    length += chunk[0].trim().length;
    if (length > maxLength) break;
    end += chunk[0].length;
    if (isValidIBAN(electronicFormatIBAN(text.slice(start, end)) ?? '')) longest = end;
  }
  return longest;
}

export function detectIbans(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(startPattern)) {
    if (found.some((iban) => match.index < iban.end)) continue;
    const end = longestIbanFrom(text, match.index, match.index + match[0].length);
    if (end !== undefined) found.push({ type: 'BANK_ACCOUNT', start: match.index, end });
  }
  return found;
}
