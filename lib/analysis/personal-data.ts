/**
 * Personal data the local analyzer keeps out of its themes, quotes and summary: the participant's
 * own name (from the run record), contact details they give (an email or phone number, typed or
 * spoken: "maria dot chen at example dot com"), and people compromise recognizes by name. The
 * detectors are the PII stage's (lib/pii); the slow one, compromise's NER, only reads the few
 * sentences of theme candidates that may be names.
 */
import nlp from 'compromise';
import { detectEmails } from '../pii/emails';
import { detectKnownNames } from '../pii/known-names';
import { detectPhoneNumbers } from '../pii/phone-numbers';
import { normalizeSpokenForms } from '../pii/spoken-forms';

/** A spoken or typed address: "@", or "at" somewhere before "dot" or a dotted domain. */
const emailCue = /@|\bat\b.*(\bdot\b|\.\p{L})/iu;
const digitWord = /\b(?:\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)\b/gi;
/** Seven digits or more, as digits or words: the shortest phone number worth checking. */
const PHONE_DIGITS = 7;

const personTags = new Set(['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName']);

/** compromise's lexicon: a word's usual tag (or tags), without reading any text. */
let lexicon: Record<string, string | string[]> | null = null;

function usualTagsOf(word: string): string[] {
  lexicon ??= (
    nlp.world() as unknown as { model: { one: { lexicon: Record<string, string | string[]> } } }
  ).model.one.lexicon;
  const tags = lexicon[word];
  return tags === undefined ? [] : Array.isArray(tags) ? tags : [tags];
}

export interface PersonalData {
  /** The participant's name, word by word in lower case. */
  nameWords: ReadonlySet<string>;
  /** Whether a sentence gives the participant's name or contact details. */
  identifies(text: string): boolean;
}

export function personalData(participantNames: readonly string[]): PersonalData {
  const nameWords = new Set(
    participantNames.flatMap((name) =>
      name
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((word) => word.length >= 2),
    ),
  );
  return {
    nameWords,
    identifies(text) {
      if (detectKnownNames(text, participantNames).length > 0) return true;
      const email = emailCue.test(text);
      const phone = (text.match(digitWord)?.length ?? 0) >= PHONE_DIGITS;
      if (!email && !phone) return false;
      const written = normalizeSpokenForms(text).text;
      return (
        (email && detectEmails(written).length > 0) ||
        (phone && detectPhoneNumbers(written).length > 0)
      );
    },
  };
}

/** Whether compromise's lexicon knows a (lower-case) word as a name: "maria", "chen", "mark". */
export const isNameLike = (word: string): boolean =>
  usualTagsOf(word).some((tag) => personTags.has(tag));

/** The words of the people compromise recognizes in these sentences, in lower case. */
export function peopleIn(sentences: readonly string[]): Set<string> {
  if (sentences.length === 0) return new Set();
  const people = nlp(sentences.join('\n')).people().out('array') as string[];
  return new Set(
    people.flatMap((person) =>
      person
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((word) => word !== ''),
    ),
  );
}
