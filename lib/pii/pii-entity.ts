/**
 * What the detector reports: a kind of personal data and where it is. Offsets are UTF-16 indices
 * into the text that was searched, so `text.slice(start, end)` is the span, as JavaScript and
 * PostgreSQL clients index strings the same way.
 */

/**
 * Every kind of personal data the detector knows, in the order that wins when two detections
 * overlap: a cue-backed identifier ("my member id is …") is more specific than a phone number the
 * same digits would also form, and any structured value is more specific than a name or address
 * that happens to contain it.
 */
export const PII_TYPES = [
  'BANK_ACCOUNT',
  'CREDIT_CARD',
  'SSN',
  'PASSPORT_NUMBER',
  'DRIVERS_LICENSE',
  'MEDICAL_ID',
  'ACCOUNT_NUMBER',
  'EMAIL',
  'IP_ADDRESS',
  'PHONE_NUMBER',
  'DATE_OF_BIRTH',
  'PASSWORD',
  'POSTAL_ADDRESS',
  'PERSON_NAME',
] as const;

export type PiiType = (typeof PII_TYPES)[number];

export interface TextSpan {
  start: number;
  end: number;
}

export interface PiiEntity extends TextSpan {
  type: PiiType;
}
