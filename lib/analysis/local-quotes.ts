/**
 * Notable quotes of the local analyzer: whole participant sentences, verbatim, that say something
 * strongly (sentiment magnitude, see sentence-sentiment) or centrally (see sentence-centrality),
 * at most one per question so that the quotes cover the interview, in the order they were said.
 * Sentences that give the participant's name or contact details are never quoted, nor greetings
 * and goodbyes outside any question.
 */
import type { SentenceRef } from './parsed-answers';
import type { Quote } from './schema';
import type { SentenceSimilarity } from './sentence-centrality';

const MAX_QUOTES = 5;
const MIN_WORDS = 6;
const MAX_WORDS = 40;
/** Centrality counts half as much as sentiment: a quote should first of all be telling. */
const CENTRALITY_WEIGHT = 0.5;

export function localQuotes(refs: readonly SentenceRef[], similarity: SentenceSimilarity): Quote[] {
  const topCentrality = Math.max(0, ...similarity.centrality) || 1;
  // Answers to questions, when there are any: greetings ("Hi, I'm …") and goodbyes are no quotes.
  const answering = refs.some((ref) => ref.questionKey !== null);
  const ranked = refs
    .map((ref, index) => ({
      ref,
      score:
        Math.abs(ref.sentiment) +
        (CENTRALITY_WEIGHT * similarity.centrality[index]!) / topCentrality,
    }))
    .filter(
      ({ ref, score }) =>
        !ref.personal &&
        (!answering || ref.questionKey !== null) &&
        ref.words >= MIN_WORDS &&
        ref.words <= MAX_WORDS &&
        score > 0,
    )
    .sort((a, b) => b.score - a.score || a.ref.position - b.ref.position);
  const questionsQuoted = new Set<string | null>();
  const chosen: SentenceRef[] = [];
  for (const { ref } of ranked) {
    if (chosen.length === MAX_QUOTES) break;
    if (questionsQuoted.has(ref.questionKey)) continue;
    questionsQuoted.add(ref.questionKey);
    chosen.push(ref);
  }
  return chosen
    .sort((a, b) => a.position - b.position)
    .map((ref) => ({
      entry_id: ref.entryId,
      text: ref.sentence.text,
      question_key: ref.questionKey,
    }));
}
