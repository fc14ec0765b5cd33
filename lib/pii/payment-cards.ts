/**
 * Payment card numbers: 12 to 19 digits, optionally grouped by spaces or dashes, that pass the
 * Luhn check and start with a prefix a card network issues at that length. The prefix check
 * matters as much as Luhn: one random digit string in ten passes Luhn, but few of those also
 * look like a Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay or Maestro number.
 */
import { passesLuhn } from './luhn';
import type { PiiEntity } from './pii-entity';

const networks: { prefix: RegExp; lengths: readonly number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] },
  { prefix: /^(5[1-5]|222[1-9]|22[3-9]|2[3-6]|27[01]|2720)/, lengths: [16] },
  { prefix: /^3[47]/, lengths: [15] },
  { prefix: /^(6011|64[4-9]|65|622)/, lengths: [16, 17, 18, 19] },
  { prefix: /^(30[0-5]|36|38|39)/, lengths: [14, 15, 16, 17, 18, 19] },
  { prefix: /^35(2[89]|[3-8])/, lengths: [16, 17, 18, 19] },
  { prefix: /^62/, lengths: [16, 17, 18, 19] },
  { prefix: /^(5018|5020|5038|6304|6759|676[1-3])/, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
];

/** Digits with at most one space or dash between them, not glued to other words or numbers. */
const candidatePattern = /(?<![A-Za-z0-9+.-])\d(?:[ -]?\d){11,18}(?![A-Za-z0-9]|[-.]\d)/g;

export function isPaymentCardNumber(digits: string): boolean {
  return (
    networks.some(
      ({ prefix, lengths }) => prefix.test(digits) && lengths.includes(digits.length),
    ) && passesLuhn(digits)
  );
}

export function detectPaymentCards(text: string): PiiEntity[] {
  return Array.from(text.matchAll(candidatePattern))
    .filter((match) => isPaymentCardNumber(match[0].replace(/\D/g, '')))
    .map((match) => ({
      type: 'CREDIT_CARD',
      start: match.index,
      end: match.index + match[0].length,
    }));
}
