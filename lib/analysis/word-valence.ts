/**
 * The valence wink-nlp's sentiment lexicon (AFINN-based, -1..1) gives a word on its own. wink
 * scores sentences, not words; reading each new word as a one-word sentence recovers its entry,
 * so that the local analyzer can apply its own rules of context (see sentence-sentiment). Words
 * are read in one document per batch and remembered for the life of the process.
 */
import { english } from './english';

const known = new Map<string, number>();
/** About the spoken vocabulary of many interviews; past it the memory starts afresh. */
const MAX_KNOWN = 50_000;

/** Blank lines separate the words: wink never joins sentences across them. */
function readValences(words: readonly string[]): number[] {
  const { nlp, its } = english();
  const scores = nlp.readDoc(words.join('\n\n')).sentences().out(its.sentiment) as number[];
  if (scores.length === words.length) return scores;
  return words.map((word) => nlp.readDoc(word).out(its.sentiment) as number);
}

/** wink's valence of every word (lower case), each new one read once. */
export function wordValences(words: Iterable<string>): Map<string, number> {
  const wanted = [...new Set(words)].filter((word) => /\p{L}/u.test(word));
  let unknown = wanted.filter((word) => !known.has(word));
  if (known.size + unknown.length > MAX_KNOWN) {
    known.clear();
    unknown = wanted;
  }
  const scores = unknown.length > 0 ? readValences(unknown) : [];
  unknown.forEach((word, index) => known.set(word, scores[index] ?? 0));
  return known;
}
