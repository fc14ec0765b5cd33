/**
 * The local analyzer's summary, extractive: a framing sentence built from the metrics and the
 * overall tone, one naming the main themes, then three to five of the participant's own sentences,
 * verbatim, quoted and in the order they were said. A sentence is chosen for how strongly it
 * states an opinion, how central it is to what the participant kept saying (see
 * sentence-centrality) and whether it speaks of a main theme; at most one per question, none that
 * repeats one already chosen, and, when the tone is mixed, both sides. Greetings, asides with
 * contact details and fragments of a few words are never chosen.
 */
import { countWords } from './count-words';
import type { SentenceRef } from './parsed-answers';
import type { AnalysisResults, SentimentLabel, Theme } from './schema';
import type { SentenceSimilarity } from './sentence-centrality';

const MIN_SENTENCES = 3;
const MAX_SENTENCES = 5;
/** One summary sentence per ten said, within the bounds above. */
const SENTENCES_PER_PICK = 10;
const MIN_WORDS = 6;
const MAX_WORDS = 60;
/** Cosine similarity above which a sentence says again what a chosen one said. */
const REDUNDANT = 0.5;
const NAMED_THEMES = 3;
/** Centrality and a main theme each count half as much as the strength of an opinion. */
const CENTRALITY_WEIGHT = 0.5;
const THEME_WEIGHT = 0.5;
/** A sentence below this strength states no opinion either way. */
const OPINION = 0.2;

export interface SummaryFacts {
  answered: number;
  questions: number;
  durationS: number;
  /** Null when sentiment was not analyzed. */
  sentiment: SentimentLabel | null;
  themes: readonly Theme[];
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

/** "navigation", "navigation and performance", "navigation, performance and notifications". */
function listed(labels: readonly string[]): string {
  return labels.length <= 1
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

function themeSentence(themes: readonly Theme[]): string | null {
  const labels = themes.slice(0, NAMED_THEMES).map((theme) => theme.label);
  return labels.length === 0 ? null : `They spoke most about ${listed(labels)}.`;
}

interface Pick {
  ref: SentenceRef;
  index: number;
  score: number;
}

const polarity = (ref: SentenceRef): number =>
  ref.sentiment >= OPINION ? 1 : ref.sentiment <= -OPINION ? -1 : 0;

export function localSummary(
  refs: readonly SentenceRef[],
  similarity: SentenceSimilarity,
  facts: SummaryFacts,
): AnalysisResults['summary'] {
  const topCentrality = Math.max(0, ...similarity.centrality) || 1;
  const themeSentences = new Set(
    facts.themes
      .slice(0, NAMED_THEMES)
      .flatMap((theme) => theme.evidence.map((item) => `${item.entry_id}\n${item.quote}`)),
  );
  const candidates: Pick[] = refs
    .map((ref, index) => ({
      ref,
      index,
      score:
        Math.abs(ref.sentiment) +
        (CENTRALITY_WEIGHT * similarity.centrality[index]!) / topCentrality +
        (themeSentences.has(`${ref.entryId}\n${ref.sentence.text}`) ? THEME_WEIGHT : 0),
    }))
    .filter(
      ({ ref }) =>
        !ref.personal &&
        ref.questionKey !== null &&
        ref.words >= MIN_WORDS &&
        ref.words <= MAX_WORDS,
    )
    .sort((a, b) => b.score - a.score || a.ref.position - b.ref.position);
  const wanted = Math.min(
    MAX_SENTENCES,
    Math.max(MIN_SENTENCES, Math.round(refs.length / SENTENCES_PER_PICK)),
  );

  const chosen: Pick[] = [];
  const fits = (candidate: Pick, among: readonly Pick[]) =>
    !among.some(
      (pick) =>
        pick.ref.questionKey === candidate.ref.questionKey ||
        similarity.similarity(pick.index, candidate.index) > REDUNDANT,
    );
  for (const candidate of candidates) {
    if (chosen.length === wanted) break;
    if (fits(candidate, chosen)) chosen.push(candidate);
  }
  // A mixed interview shows both sides: the best sentence of a missing side takes the place of
  // the weakest pick that the other side can spare.
  if (facts.sentiment === 'mixed') {
    for (const side of [1, -1]) {
      if (chosen.some((pick) => polarity(pick.ref) === side)) continue;
      const spare =
        chosen.length < wanted
          ? chosen.length
          : chosen.findLastIndex(
              (pick, index) =>
                polarity(pick.ref) !== -side ||
                chosen.some((other, at) => at !== index && polarity(other.ref) === -side),
            );
      if (spare < 0) continue;
      const others = chosen.filter((_, index) => index !== spare);
      const best = candidates.find((pick) => polarity(pick.ref) === side && fits(pick, others));
      if (best) chosen.splice(spare, 1, best);
    }
  }

  const points = chosen
    .sort((a, b) => a.ref.position - b.ref.position)
    .map(({ ref }) => `“${ref.sentence.text.trim()}”`);
  const themes = facts.sentiment === null ? null : themeSentence(facts.themes);
  const content = [
    framing(facts),
    ...(themes ? [themes] : []),
    ...(points.length > 0 ? ['In their words:', ...points] : []),
  ]
    .join(' ')
    .replace(/\s+/g, ' ');
  return { content, word_count: countWords(content) };
}
