/**
 * The local analyzer's summary: one framing sentence built from the metrics, then the three to
 * five most central participant sentences (see sentence-centrality), verbatim and in the order
 * they were said, skipping any that repeats one already chosen.
 */
import { countWords } from './count-words';
import type { SentenceRef } from './parsed-answers';
import type { AnalysisResults, SentimentLabel } from './schema';
import type { SentenceSimilarity } from './sentence-centrality';

const MIN_SENTENCES = 3;
const MAX_SENTENCES = 5;
/** One summary sentence per ten said, within the bounds above. */
const SENTENCES_PER_PICK = 10;
const MIN_WORDS = 6;
const MAX_WORDS = 60;
/** Cosine similarity above which a sentence says again what a chosen one said. */
const REDUNDANT = 0.5;

export interface SummaryFacts {
  answered: number;
  questions: number;
  durationS: number;
  /** Null when sentiment was not analyzed. */
  sentiment: SentimentLabel | null;
}

function framing(facts: SummaryFacts): string {
  const minutes = Math.round(facts.durationS / 60);
  const length = minutes < 1 ? 'under a minute' : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const tone = facts.sentiment === null ? '' : `; the overall tone was ${facts.sentiment}`;
  return (
    `The participant answered ${facts.answered} of ${facts.questions} question` +
    `${facts.questions === 1 ? '' : 's'} in ${length}${tone}.`
  );
}

export function localSummary(
  refs: readonly SentenceRef[],
  similarity: SentenceSimilarity,
  facts: SummaryFacts,
): AnalysisResults['summary'] {
  const candidates = refs
    .map((ref, index) => ({ ref, index }))
    .filter(({ ref }) => ref.words >= MIN_WORDS && ref.words <= MAX_WORDS)
    .sort(
      (a, b) =>
        similarity.centrality[b.index]! - similarity.centrality[a.index]! ||
        a.ref.position - b.ref.position,
    );
  const wanted = Math.min(
    MAX_SENTENCES,
    Math.max(MIN_SENTENCES, Math.round(refs.length / SENTENCES_PER_PICK)),
  );
  const chosen: typeof candidates = [];
  for (const candidate of candidates) {
    if (chosen.length === wanted) break;
    if (chosen.some(({ index }) => similarity.similarity(index, candidate.index) > REDUNDANT)) {
      continue;
    }
    chosen.push(candidate);
  }
  const points = chosen
    .sort((a, b) => a.ref.position - b.ref.position)
    .map(({ ref }) => ref.sentence.text.trim());
  const content = [framing(facts), ...(points.length > 0 ? ['In their words:', ...points] : [])]
    .join(' ')
    .replace(/\s+/g, ' ');
  return { content, word_count: countWords(content) };
}
