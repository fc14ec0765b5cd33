/**
 * The participant's own name, which the run record gives: the full name in any case ("grace
 * hopper" from speech recognition), each part alone when capitalized ("Grace", "Hopper"; in lower
 * case "grace" is too often a word), and each part spelled out letter by letter ("h o p p e r",
 * "H-O-P-P-E-R"), which is how people make sure a name is written right. Accents are optional,
 * since speech recognition often drops them ("Lucia Fernandez").
 */
import type { PiiEntity } from './pii-entity';

const notLetterBefore = String.raw`(?<![\p{L}\p{N}])`;
const notLetterAfter = String.raw`(?![\p{L}\p{N}])`;

const withoutAccents = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '');

/** Escapes the characters that are syntax in a `u` regular expression (where `\-` is an error). */
const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A name part as a pattern in which each accented letter may also be written without accent. */
function accentOptional(part: string): string {
  return Array.from(part, (letter) => {
    const plain = withoutAccents(letter);
    return plain === letter
      ? escapeRegExp(letter)
      : `(?:${escapeRegExp(letter)}|${escapeRegExp(plain)})`;
  }).join('');
}

function spans(text: string, pattern: string, accept: (match: string) => boolean): PiiEntity[] {
  return Array.from(text.matchAll(new RegExp(notLetterBefore + pattern + notLetterAfter, 'giu')))
    .filter((match) => accept(match[0]))
    .map((match) => ({
      type: 'PERSON_NAME',
      start: match.index,
      end: match.index + match[0].length,
    }));
}

export function detectKnownNames(text: string, knownNames: readonly string[]): PiiEntity[] {
  return knownNames.flatMap((name) => {
    const parts = name
      .trim()
      .split(/\s+/)
      .filter((part) => part.length >= 2);
    const full =
      parts.length >= 2
        ? spans(text, parts.map(accentOptional).join(String.raw`[\s-]+`), () => true)
        : [];
    // Particles ("de", "van") are names only together with the rest.
    const distinctive = parts.filter((part) => part.length > 3 || /^\p{Lu}/u.test(part));
    const alone = distinctive.flatMap((part) =>
      spans(text, accentOptional(part), (match) => /^\p{Lu}/u.test(match)),
    );
    const spelled = parts.flatMap((part) => {
      const letters = Array.from(withoutAccents(part).replace(/[^\p{L}]/gu, ''));
      return letters.length >= 3
        ? spans(text, letters.map(escapeRegExp).join(String.raw`[\s.-]+`), () => true)
        : [];
    });
    return [...full, ...alone, ...spelled];
  });
}
