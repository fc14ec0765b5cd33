/**
 * The PII detector: every kind of personal data in PII_TYPES, in typed text and in transcripts,
 * where numbers and emails are spoken ("four one five …", "grace dot hopper at example dot com").
 * Structured detectors run on the text with spoken forms written out and on the text as given;
 * every span is reported in the given text. Pure and synchronous: no I/O, safe to call anywhere.
 */
import { detectCuedIdentifiers } from './cued-identifiers';
import { detectDatesOfBirth } from './dates-of-birth';
import { detectEmails } from './emails';
import { detectIbans } from './ibans';
import { detectIpAddresses } from './ip-addresses';
import { detectPaymentCards } from './payment-cards';
import { detectPersonNames } from './person-names';
import type { PiiEntity } from './pii-entity';
import { detectPhoneNumbers } from './phone-numbers';
import { detectPostalAddresses } from './postal-addresses';
import { resolveOverlaps } from './resolve-overlaps';
import { detectDashedSsns } from './social-security-numbers';
import { normalizeSpokenForms } from './spoken-forms';
import { detectSpokenSecrets } from './spoken-secrets';

export interface DetectionContext {
  /** The participant's own name(s) from the run record. */
  knownNames?: readonly string[];
}

const structuredDetectors: ((text: string) => PiiEntity[])[] = [
  detectIbans,
  detectPaymentCards,
  detectDashedSsns,
  detectCuedIdentifiers,
  detectEmails,
  detectIpAddresses,
  detectPhoneNumbers,
  detectDatesOfBirth,
  detectSpokenSecrets,
  detectPostalAddresses,
];

const detectStructured = (text: string) => structuredDetectors.flatMap((detect) => detect(text));

/** Sorted, non-overlapping spans; `text.slice(start, end)` is each one. */
export function detectPii(text: string, context: DetectionContext = {}): PiiEntity[] {
  const written = normalizeSpokenForms(text);
  const fromWritten = detectStructured(written.text).map((entity) => ({
    type: entity.type,
    ...written.toOriginal(entity),
  }));
  const fromGiven = written.text === text ? [] : detectStructured(text);
  const names = detectPersonNames(text, context.knownNames ?? []);
  return resolveOverlaps([...fromWritten, ...fromGiven, ...names]);
}
