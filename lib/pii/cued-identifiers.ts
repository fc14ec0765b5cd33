/**
 * Identifiers that only context tells apart: nine digits may be an SSN, a routing number or a
 * passport, and "A123 4567" a driver's license or a member id. Each is found after its cue ("my
 * passport number is", "routing number", "MRN"), past filler words ("it's, um, …"), as one run of
 * letter and digit groups ("1EG4-TE5-MK73", "x k z 94812773" once spoken digits are written).
 * Without a cue, numbers such as room, order, ticket or case numbers are not personal data.
 */
import type { PiiEntity, PiiType, TextSpan } from './pii-entity';
import { isIssuableSsn } from './social-security-numbers';

interface IdentifierValue extends TextSpan {
  /** The value's letters and digits without separators. */
  compact: string;
  digits: number;
}

interface IdentifierCue {
  /** The phrase that announces the value, matched case-insensitively. */
  cue: RegExp;
  /** The type, given the sentence around the cue. */
  type: (sentence: string) => PiiType;
  accepts: (value: IdentifierValue, textBeforeValue: string) => boolean;
}

const healthContext =
  /\b(?:insurance|insurer|health|medical|medicare|medicaid|patient|clinic|hospital|doctor|physician|pharmacy|dental|dentist|blue cross|aetna|cigna|kaiser|humana|hmo|ppo|copay|claim)\b/i;
const bankContext =
  /\b(?:bank|banking|checking|chequing|savings|routing|sort code|iban|wire|direct deposit|branch)\b/i;

const always = (type: PiiType) => () => type;
const accountOr = (type: PiiType, context: RegExp) => (sentence: string) =>
  context.test(sentence) ? type : 'ACCOUNT_NUMBER';

const numberWord = String.raw`(?:\s+(?:number|no\.?|num|#|id))?`;

/** Member, account and license numbers: at least three digits, five to twenty characters. */
const ordinaryId = (value: IdentifierValue) =>
  value.digits >= 3 && value.compact.length >= 5 && value.compact.length <= 20;

const identifierCues: IdentifierCue[] = [
  {
    cue: new RegExp(String.raw`\b(?:social\s+security${numberWord}|ssn|social)\b`, 'gi'),
    type: always('SSN'),
    accepts: (value, before) =>
      value.compact.length === value.digits &&
      ((value.digits === 9 && isIssuableSsn(value.compact)) ||
        (value.digits === 4 && /\blast\s+(?:four|4)\b/i.test(before.slice(-60)))),
  },
  {
    cue: new RegExp(String.raw`\bpassport${numberWord}`, 'gi'),
    type: always('PASSPORT_NUMBER'),
    accepts: (value) =>
      value.digits >= 5 && value.compact.length >= 6 && value.compact.length <= 12,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:(?:driver(?:['’]?s)?|drivers['’]?|driving)\s+licen[cs]e${numberWord}|dl${numberWord}\b|licen[cs]e\s+(?:number|no\.?|#))`,
      'gi',
    ),
    type: always('DRIVERS_LICENSE'),
    accepts: ordinaryId,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:mrn|medical\s+record${numberWord}|patient\s+(?:id|number|no\.?|#)|insurance\s+(?:member\s+)?(?:id|number)|medicare${numberWord}|medicaid${numberWord}|nhs\s+number|health\s+(?:plan|insurance)\s+(?:id|number))\b`,
      'gi',
    ),
    type: always('MEDICAL_ID'),
    accepts: ordinaryId,
  },
  {
    cue: /\b(?:member(?:ship)?|subscriber|policy|group)\s+(?:number|no\.?|#|id)\b/gi,
    type: accountOr('MEDICAL_ID', healthContext),
    accepts: ordinaryId,
  },
  {
    cue: /\b(?:customer|client|loyalty|rewards?|frequent\s+flyer|subscription)\s+(?:number|no\.?|#|id)\b/gi,
    type: always('ACCOUNT_NUMBER'),
    accepts: ordinaryId,
  },
  {
    cue: /\baccount\s+(?:number|no\.?|#|id)\b/gi,
    type: accountOr('BANK_ACCOUNT', bankContext),
    accepts: ordinaryId,
  },
  {
    cue: new RegExp(
      String.raw`\b(?:(?:aba\s+)?routing${numberWord}|aba|sort\s+code|bsb|(?:bank|checking|chequing|savings|deposit)\s+account${numberWord})\b`,
      'gi',
    ),
    type: always('BANK_ACCOUNT'),
    accepts: (value) => value.digits >= 6 && value.compact.length <= 20,
  },
  {
    cue: /\b(?:zip(?:\s+code)?|postcode|postal\s+code)\b/gi,
    type: always('POSTAL_ADDRESS'),
    accepts: (value) =>
      /^\d{5}(?:\d{4})?$/.test(value.compact) ||
      /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/i.test(value.compact),
  },
];

/** Words people put between a cue and its value: "my passport number is, um, it's …". */
const fillerPattern =
  /^(?:[\s:#=,-]|['’]s\b|\b(?:is|was|are|were|it|it's|it’s|its|that's|thats|the|my|number|no|num|id|of|be|should|would|reads|um|uh|er|erm|ah|like|so|okay|ok|yeah|yes|sure|actually|just|i|think|believe|as|ending|in|now|still|then)\b)+/i;

/**
 * "my member number at the co-op is …", "my passport number on the travel form, …": up to four
 * words between the cue and the verb or pause that introduces the value.
 */
const interposedPhrasePattern =
  /^(?:\s+[A-Za-z'’-]+){1,4}?(?=,|\s+(?:is|was|are|were|reads|says|it['’]s|it\s+is)\b)/i;

/** "FR 5501823, sorry, it is 17AB55018": a speaker correcting the value just given. */
const correctionPattern =
  /^[\s,.;-]*(?:sorry|i\s+mean|no\s+wait|wait|correction|actually)[\s,.]+(?:(?:it['’]s|it\s+is|that['’]s|that\s+is)\s+)?/i;

const chunkPattern = /^([ -]?)([A-Za-z0-9]+)/;

/** A letters-only group belongs to an identifier when it is a spelled letter or a short prefix. */
const isIdentifierLetters = (chunk: string) =>
  chunk.length === 1 || (chunk.length <= 4 && chunk === chunk.toUpperCase());

function readIdentifier(text: string, from: number): IdentifierValue | undefined {
  const chunks: { start: number; end: number; text: string }[] = [];
  let cursor = from;
  for (;;) {
    const match = chunkPattern.exec(text.slice(cursor, cursor + 40));
    if (match === null || (chunks.length === 0 && match[1] !== '')) break;
    const chunk = match[2]!;
    if (!/\d/.test(chunk) && !isIdentifierLetters(chunk)) break;
    const start = cursor + match[1]!.length;
    chunks.push({ start, end: start + chunk.length, text: chunk });
    cursor = start + chunk.length;
  }
  // Trailing letters are the next words ("… 4412 I think"), not part of the value.
  while (chunks.length > 0 && !/\d/.test(chunks.at(-1)!.text)) chunks.pop();
  if (chunks.length === 0) return undefined;
  const compact = chunks.map((chunk) => chunk.text).join('');
  return {
    start: chunks[0]!.start,
    end: chunks.at(-1)!.end,
    compact,
    digits: compact.replace(/\D/g, '').length,
  };
}

function sentenceAround(text: string, index: number): string {
  const start = Math.max(text.lastIndexOf('.', index), text.lastIndexOf('\n', index)) + 1;
  const endMatch = /[.!?\n]\s/.exec(text.slice(index));
  return text.slice(start, endMatch === null ? text.length : index + endMatch.index);
}

/** The value after a cue or a correction: past any interposed phrase and filler words. */
function valueAfter(text: string, from: number): IdentifierValue | undefined {
  let cursor = from;
  cursor += interposedPhrasePattern.exec(text.slice(cursor, cursor + 60))?.[0].length ?? 0;
  cursor += fillerPattern.exec(text.slice(cursor, cursor + 80))?.[0].length ?? 0;
  return readIdentifier(text, cursor);
}

export function detectCuedIdentifiers(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const { cue, type, accepts } of identifierCues) {
    for (const match of text.matchAll(cue)) {
      const cueType = type(sentenceAround(text, match.index));
      let value = valueAfter(text, match.index + match[0].length);
      while (value !== undefined && accepts(value, text.slice(0, value.start))) {
        found.push({ type: cueType, start: value.start, end: value.end });
        const correction = correctionPattern.exec(text.slice(value.end, value.end + 40));
        value =
          correction === null ? undefined : valueAfter(text, value.end + correction[0].length);
      }
    }
  }
  return found;
}
