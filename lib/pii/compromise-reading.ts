/**
 * What compromise's English model reads in a text: every term with its tags (FirstName,
 * LastName, Adjective, Place …) and offsets, and the people it recognizes. compromise keeps the
 * original text in its terms but does not hand out offsets cheaply (its offset output is
 * quadratic in the text length), so offsets are recomputed by walking the terms in order.
 */
import nlp from 'compromise';
import type { TextSpan } from './pii-entity';

export interface ReadTerm extends TextSpan {
  text: string;
  tags: ReadonlySet<string>;
  /** The first term of its sentence, where capitalization says nothing about names. */
  opensSentence: boolean;
}

export interface CompromiseReading {
  terms: ReadTerm[];
  /** Each person compromise recognizes, as the run of terms it covers. */
  people: ReadTerm[][];
  /** The term that starts exactly at `start`, if any. */
  termAt(start: number): ReadTerm | undefined;
}

export function readWithCompromise(text: string): CompromiseReading {
  const document = nlp(text);
  const terms: ReadTerm[] = [];
  const termsById = new Map<string, ReadTerm>();
  let cursor = 0;
  for (const sentence of document.docs) {
    sentence.forEach((term, index) => {
      // Contractions add implicit terms with no text of their own ("I'm" → "I" "am").
      const start = term.text === '' ? -1 : text.indexOf(term.text, cursor);
      if (start < 0) return;
      cursor = start + term.text.length;
      const read = {
        start,
        end: cursor,
        text: term.text,
        tags: term.tags ?? new Set<string>(),
        opensSentence: index === 0,
      };
      terms.push(read);
      if (term.id !== undefined) termsById.set(term.id, read);
    });
  }
  const people = document
    .people()
    .docs.map((person) =>
      person.flatMap((term) => (term.id === undefined ? [] : (termsById.get(term.id) ?? []))),
    )
    .filter((person) => person.length > 0);
  const termsByStart = new Map(terms.map((term) => [term.start, term]));
  return { terms, people, termAt: (start) => termsByStart.get(start) };
}

/**
 * The tags compromise gives each word on its own, lower-cased: what the word usually is, apart
 * from the sentence it is in. All words are read in one pass (one per sentence), since each call
 * to compromise costs about a millisecond however short the text.
 */
export function usualTags(words: readonly string[]): Map<string, ReadonlySet<string>> {
  const unique = [...new Set(words.map((word) => word.toLowerCase()))];
  const tags = new Map<string, ReadonlySet<string>>();
  if (unique.length === 0) return tags;
  for (const sentence of nlp(unique.join('. ')).docs) {
    for (const term of sentence) tags.set(term.text.toLowerCase(), term.tags ?? new Set<string>());
  }
  return tags;
}
