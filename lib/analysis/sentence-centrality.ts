/**
 * How central each participant sentence is to the interview: the mean cosine similarity of its
 * BM25-weighted content lemmas (wink-nlp's vectorizer) to every other sentence. Sentences that
 * restate what the participant kept saying rank high; asides rank low.
 */
import bm25Vectorizer from 'wink-nlp/utilities/bm25-vectorizer';
import { english } from './english';
import type { SentenceRef } from './parsed-answers';

export interface SentenceSimilarity {
  /** 0..1 per sentence, in the order given. */
  centrality: number[];
  similarity(a: number, b: number): number;
}

/** Unit-length sparse vectors, so that a cosine is a dot product over the shorter one. */
function unitVectors(bows: readonly Record<string, number>[]): Map<string, number>[] {
  return bows.map((bow) => {
    const norm = Math.sqrt(Object.values(bow).reduce((sum, weight) => sum + weight * weight, 0));
    return new Map(norm === 0 ? [] : Object.entries(bow).map(([term, w]) => [term, w / norm]));
  });
}

export function sentenceCentrality(refs: readonly SentenceRef[]): SentenceSimilarity {
  if (refs.length === 0) return { centrality: [], similarity: () => 0 };
  const vectorizer = bm25Vectorizer();
  for (const ref of refs) {
    vectorizer.learn(
      ref.sentence.tokens
        .filter((token) => !token.stopWord && /\p{L}/u.test(token.value))
        .map((token) => token.lemma.toLowerCase()),
    );
  }
  const vectors = unitVectors(vectorizer.out(english().its.docBOWArray));
  const similarity = (a: number, b: number) => {
    const [short, long] =
      vectors[a]!.size <= vectors[b]!.size
        ? [vectors[a]!, vectors[b]!]
        : [vectors[b]!, vectors[a]!];
    let dot = 0;
    for (const [term, weight] of short) dot += weight * (long.get(term) ?? 0);
    return dot;
  };
  const sums: number[] = refs.map(() => 0);
  for (let a = 0; a < refs.length; a += 1) {
    for (let b = a + 1; b < refs.length; b += 1) {
      const value = similarity(a, b);
      sums[a] = sums[a]! + value;
      sums[b] = sums[b]! + value;
    }
  }
  const others = Math.max(1, refs.length - 1);
  return { centrality: sums.map((sum) => sum / others), similarity };
}
