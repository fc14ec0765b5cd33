/**
 * Phone numbers found and validated by libphonenumber-js with its full metadata, so a number must
 * fit a real numbering plan, not just have the right length: "in 2019", "$1,299" and a nine-digit
 * SSN are not numbers any country dials. Numbers without a country code are read as North
 * American (NANP); international ones need the "+" (spoken "plus") the way people give them.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import type { PiiEntity } from './pii-entity';

export const DEFAULT_PHONE_COUNTRY = 'US';

export function detectPhoneNumbers(text: string): PiiEntity[] {
  return findPhoneNumbersInText(text, { defaultCountry: DEFAULT_PHONE_COUNTRY }).map((found) => ({
    type: 'PHONE_NUMBER',
    start: found.startsAt,
    end: found.endsAt,
  }));
}
