/**
 * Person names from three sources: the participant's own name from the run record, the people
 * compromise's English model recognizes, and names that context introduces ("my name is …").
 * Capitalization alone never makes a name.
 */
import { readWithCompromise, type CompromiseReading, type ReadTerm } from './compromise-reading';
import { detectKnownNames } from './known-names';
import { detectCuedNames, relationships } from './name-cues';
import type { PiiEntity } from './pii-entity';

const relationshipWord = new RegExp(`^(?:${relationships})$`, 'i');

/** compromise includes "Dr." and "sister" in the person; the name is what follows. */
const isTitle = (term: ReadTerm) => term.tags.has('Honorific') || relationshipWord.test(term.text);

/**
 * A lone word is weak evidence where its capital means something else: opening a sentence
 * ("Chase sent us…", "April was…") or naming the noun after it ("my Sydney number").
 */
function isWeakLoneWord(reading: CompromiseReading, term: ReadTerm): boolean {
  const next = reading.termAt(term.end + 1);
  const modifiesNoun =
    next !== undefined &&
    /^\p{Ll}/u.test(next.text) &&
    next.tags.has('Noun') &&
    !next.tags.has('Pronoun') &&
    !next.tags.has('Verb');
  return term.opensSentence || modifiesNoun;
}

/** Companies named after people are where someone works: "at Morgan Stanley". */
const companyContext = /\bat\s+$/i;

function recognizedPeople(text: string, reading: CompromiseReading): PiiEntity[] {
  return reading.people.flatMap((person) => {
    const nameStart = person.findIndex((term) => !isTitle(term));
    if (nameStart < 0) return [];
    const first = person[nameStart]!;
    const last = person.at(-1)!;
    if (first === last && isWeakLoneWord(reading, first)) return [];
    if (companyContext.test(text.slice(Math.max(0, first.start - 4), first.start))) return [];
    return [{ type: 'PERSON_NAME' as const, start: first.start, end: last.end }];
  });
}

export function detectPersonNames(text: string, knownNames: readonly string[]): PiiEntity[] {
  const reading = readWithCompromise(text);
  return [
    ...detectKnownNames(text, knownNames),
    ...recognizedPeople(text, reading),
    ...detectCuedNames(text, reading),
  ];
}
