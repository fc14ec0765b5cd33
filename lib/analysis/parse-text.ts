/**
 * English text through wink-nlp, sentence by sentence: the sentence exactly as written (so that
 * quotes are exact spans) and its tokens with part of speech, lemma and wink's negation
 * scope. Sentiment is scored afterwards, for all sentences of an interview at once (see
 * sentence-sentiment).
 */
import type { PartOfSpeech } from 'wink-nlp';
import { english } from './english';

export interface Token {
  value: string;
  lemma: string;
  pos: PartOfSpeech;
  stopWord: boolean;
  /** Within the scope of a negation ("not", "never", "n't" …), as wink marks it. */
  negated: boolean;
  /** Whether whitespace precedes the token: "on-call" is three tokens without any. */
  spaced: boolean;
}

export interface Sentence {
  /** An exact slice of the parsed text, so that it can be quoted. */
  text: string;
  tokens: Token[];
}

export function parseText(text: string): Sentence[] {
  const { nlp, its } = english();
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out(its.value);
  const spaces = tokens.out(its.precedingSpaces);
  const parts = tokens.out(its.pos) as PartOfSpeech[];
  const lemmas = tokens.out(its.lemma);
  const stopWords = tokens.out(its.stopWordFlag) as boolean[];
  const negations = tokens.out(its.negationFlag) as boolean[];

  // wink keeps every token's value and the spaces before it, so offsets follow by adding them
  // up; the search guards against a token whose value is not the raw text.
  const starts: number[] = [];
  const ends: number[] = [];
  let cursor = 0;
  values.forEach((value, index) => {
    const expected = cursor + (spaces[index]?.length ?? 0);
    const found = text.startsWith(value, expected) ? expected : text.indexOf(value, cursor);
    const start = found === -1 ? expected : found;
    starts.push(start);
    cursor = found === -1 ? expected : start + value.length;
    ends.push(cursor);
  });

  const spans = doc.sentences().out(its.span) as [number, number][];
  return spans.map(([first, last]): Sentence => {
    const start = starts[first] ?? 0;
    return {
      text: text.slice(start, ends[last] ?? start),
      tokens: values.slice(first, last + 1).map((value, offset) => {
        const index = first + offset;
        return {
          value,
          lemma: lemmas[index] ?? value.toLowerCase(),
          pos: parts[index] ?? 'X',
          stopWord: stopWords[index] ?? false,
          negated: negations[index] ?? false,
          spaced: (spaces[index]?.length ?? 0) > 0 || offset === 0,
        };
      }),
    };
  });
}
