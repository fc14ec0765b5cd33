/**
 * One canonical form per value, so that hash redaction gives the same token however the value
 * was written or said: "grace dot hopper at example dot com" and "Grace.Hopper@example.com" are
 * the same email, "(415) 555-0199" and "four one five five five five zero one nine nine" the same
 * phone (+14155550199), "May 3rd, 1984" and "05/03/1984" the same date of birth (1984-05-03).
 */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import ipaddr from 'ipaddr.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PiiType } from './pii-entity';
import { DEFAULT_PHONE_COUNTRY } from './phone-numbers';
import { normalizeSpokenForms } from './spoken-forms';

const digitsOnly = (value: string) => value.replace(/\D/g, '');
const lettersAndDigits = (value: string) => value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
/** Names and addresses: case, accents, spacing and punctuation do not make another value. */
const foldedWords = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDate(year: string, month: number, day: string): string | undefined {
  // Two-digit years of birth: "84" is 1984, "05" is 2005.
  const fullYear = year.length === 2 ? (Number(year) > 30 ? `19${year}` : `20${year}`) : year;
  const dayNumber = Number(day);
  if (month < 1 || month > 12 || dayNumber < 1 || dayNumber > 31) return undefined;
  return `${fullYear}-${String(month).padStart(2, '0')}-${String(dayNumber).padStart(2, '0')}`;
}

/** A date of birth as YYYY-MM-DD when it is complete; month-first for numeric dates (US). */
function birthDate(written: string): string {
  const words = written.toLowerCase().replace(/(\d)(?:st|nd|rd|th)\b/g, '$1');
  const monthOf = (name: string) => months.indexOf(name.slice(0, 3)) + 1;
  const monthName = '([a-z]{3,9})\\.?';
  const patterns: [RegExp, (match: RegExpExecArray) => string | undefined][] = [
    [/^(\d{4})-(\d{2})-(\d{2})$/, (m) => isoDate(m[1]!, Number(m[2]), m[3]!)],
    [/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/, (m) => isoDate(m[3]!, Number(m[1]), m[2]!)],
    [/^(\d{2})(\d{2})(\d{4})$/, (m) => isoDate(m[3]!, Number(m[1]), m[2]!)],
    [
      new RegExp(`^${monthName}\\s+(?:the\\s+)?(\\d{1,2}),?\\s+['’]?(\\d{4}|\\d{2})$`),
      (m) => isoDate(m[3]!, monthOf(m[1]!), m[2]!),
    ],
    [
      new RegExp(`^(?:the\\s+)?(\\d{1,2})\\s+(?:of\\s+)?${monthName},?\\s+['’]?(\\d{4}|\\d{2})$`),
      (m) => isoDate(m[3]!, monthOf(m[2]!), m[1]!),
    ],
    [
      new RegExp(`^(\\d{4}),?\\s+${monthName}\\s+(?:the\\s+)?(\\d{1,2})$`),
      (m) => isoDate(m[1]!, monthOf(m[2]!), m[3]!),
    ],
  ];
  for (const [pattern, toIso] of patterns) {
    const match = pattern.exec(words);
    const iso = match === null ? undefined : toIso(match);
    if (iso !== undefined) return iso;
  }
  return foldedWords(written);
}

function phoneNumber(written: string): string {
  return parsePhoneNumberFromString(written, DEFAULT_PHONE_COUNTRY)?.number ?? digitsOnly(written);
}

function ipAddress(written: string): string {
  return ipaddr.isValid(written) ? ipaddr.parse(written).toString() : written.toLowerCase();
}

function bankAccount(written: string): string {
  const iban = electronicFormatIBAN(written);
  return iban !== null && isValidIBAN(iban) ? iban : lettersAndDigits(written);
}

/** The canonical form of a detected value of this type, as it is hashed. */
export function canonicalValue(type: PiiType, value: string): string {
  const written = normalizeSpokenForms(value).text.trim();
  switch (type) {
    case 'EMAIL':
      return written
        .replace(/\s+at\s+/i, '@')
        .replace(/\s+/g, '')
        .toLowerCase();
    case 'PHONE_NUMBER':
      return phoneNumber(written);
    case 'IP_ADDRESS':
      return ipAddress(written);
    case 'BANK_ACCOUNT':
      return bankAccount(written);
    case 'CREDIT_CARD':
    case 'SSN':
      return digitsOnly(written);
    case 'PASSPORT_NUMBER':
    case 'DRIVERS_LICENSE':
    case 'MEDICAL_ID':
    case 'ACCOUNT_NUMBER':
      return lettersAndDigits(written);
    case 'DATE_OF_BIRTH':
      return birthDate(written);
    case 'PASSWORD':
      // Speech carries no case or spacing: "hunter two" is "hunter2".
      return written.replace(/\s+/g, '').toLowerCase();
    case 'PERSON_NAME':
    case 'POSTAL_ADDRESS':
      return foldedWords(written);
  }
}
