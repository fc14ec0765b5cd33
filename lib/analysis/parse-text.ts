/**
 * English text through wink-nlp, sentence by sentence: the sentence exactly as written (so that
 * quotes are exact spans), its tokens with part of speech and lemma, and wink's lexicon sentiment
 * (-1..1, negation-aware).
 */
import type { PartOfSpeech } from 'wink-nlp';
import { english } from './english';

export interface Token {
  value: string;
  lemma: string;
  pos: PartOfSpeech;
  stopWord: boolean;
}

export interface Sentence {
  /** An exact slice of the parsed text, so that it can be quoted. */
  text: string;
  sentiment: number;
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
  const sentiments = doc.sentences().out(its.sentiment) as number[];
  return spans.map(([first, last], index): Sentence => {
    const start = starts[first] ?? 0;
    return {
      text: text.slice(start, ends[last] ?? start),
      sentiment: sentiments[index] ?? 0,
      tokens: values.slice(first, last + 1).map((value, offset) => ({
        value,
        lemma: lemmas[first + offset] ?? value.toLowerCase(),
        pos: parts[first + offset] ?? 'X',
        stopWord: stopWords[first + offset] ?? false,
      })),
    };
  });
}
