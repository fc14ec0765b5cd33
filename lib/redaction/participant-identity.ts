/**
 * The participant's own name, email and phone, found in a text however they are written: every
 * part of the name in any case (the detector leaves a lower-case first name alone, because "grace"
 * is often a word; once the run is known to be Grace's, it is redacted wherever it appears), the
 * email in any case, and the phone number's digits in any grouping, typed or spoken ("oh seven nine
 * one one ..."), national or international. These spans add to lib/pii's detections.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PiiEntity, PiiType } from '../pii/pii-entity';
import { DEFAULT_PHONE_COUNTRY } from '../pii/phone-numbers';
import { normalizeSpokenForms } from '../pii/spoken-forms';
import { isRedactionToken } from './redaction-token';

export interface ParticipantIdentity {
  /** Full names as stored, for lib/pii's known-name detection. */
  names: string[];
  nameParts: string[];
  emails: string[];
  /** Digit strings a spoken or typed phone number may reduce to (international and national). */
  phoneDigits: string[];
}

/** Name particles that are words on their own; they are redacted only as part of the full name. */
const particles = new Set([
  'al',
  'bin',
  'da',
  'das',
  'de',
  'del',
  'della',
  'der',
  'di',
  'do',
  'dos',
  'du',
  'el',
  'ibn',
  'la',
  'le',
  'van',
  'von',
]);

/** A national number shorter than this would match ordinary figures (years, amounts). */
const MIN_PHONE_DIGITS = 7;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' && !isRedactionToken(value.trim())
    ? value.trim()
    : undefined;

export function participantIdentity(participant: Record<string, unknown>): ParticipantIdentity {
  const name = text(participant['name']);
  const email = text(participant['email']);
  const phone = text(participant['phone']);
  const nameParts = (name ?? '')
    .split(/[\s-]+/)
    .map((part) => part.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((part) => part.length >= 2 && !particles.has(part.toLowerCase()));
  const phoneDigits = new Set<string>();
  if (phone) {
    const parsed = parsePhoneNumberFromString(phone, DEFAULT_PHONE_COUNTRY);
    const digits = phone.replace(/\D/g, '');
    for (const candidate of [
      digits,
      parsed?.number.replace(/\D/g, ''),
      parsed?.nationalNumber,
      parsed ? `0${parsed.nationalNumber}` : undefined,
    ]) {
      if (candidate && candidate.length >= MIN_PHONE_DIGITS) phoneDigits.add(candidate);
    }
  }
  return {
    names: name ? [name] : [],
    nameParts,
    emails: email ? [email] : [],
    phoneDigits: [...phoneDigits],
  };
}

const withoutAccents = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '');
const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A literal as a pattern in which each accented letter may be written without its accent. */
function accentOptional(value: string): string {
  return Array.from(value, (letter) => {
    const plain = withoutAccents(letter);
    return plain === letter
      ? escapeRegExp(letter)
      : `(?:${escapeRegExp(letter)}|${escapeRegExp(plain)})`;
  }).join('');
}

function literalSpans(source: string, pattern: string, type: PiiType): PiiEntity[] {
  const regex = new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'giu');
  return Array.from(source.matchAll(regex), (match) => ({
    type,
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Runs of digits joined by spaces, dots, dashes, parentheses or a leading "+". */
const digitRun = /\+?\(?\d[\d\s().-]*\d/g;

function phoneSpans(source: string, phoneDigits: readonly string[]): PiiEntity[] {
  if (phoneDigits.length === 0) return [];
  const written = normalizeSpokenForms(source);
  return Array.from(written.text.matchAll(digitRun)).flatMap((match) => {
    const digits = match[0].replace(/\D/g, '');
    const found = phoneDigits.some(
      (candidate) => digits === candidate || digits.endsWith(candidate),
    );
    if (!found) return [];
    const span = written.toOriginal({ start: match.index, end: match.index + match[0].length });
    return [{ type: 'PHONE_NUMBER' as const, ...span }];
  });
}

export function detectParticipantValues(
  source: string,
  identity: ParticipantIdentity,
): PiiEntity[] {
  return [
    ...identity.nameParts.flatMap((part) =>
      literalSpans(source, accentOptional(part), 'PERSON_NAME'),
    ),
    ...identity.emails.flatMap((email) => literalSpans(source, escapeRegExp(email), 'EMAIL')),
    ...phoneSpans(source, identity.phoneDigits),
  ];
}
