/**
 * Sentiment labels from sentence scores (-1..1, see sentence-sentiment).
 * - An answer's word-weighted mean decides; when the mean is not clear either way, an answer that
 *   holds clearly positive and clearly negative sentences, the smaller side at least a third of
 *   them (by words), is `mixed`.
 * - The interview is read from its answers' labels, as a reader would: `mixed` when positive and
 *   negative answers both occur and the fewer are at least a third of them, otherwise the side
 *   with more words of answers; neutral answers do not water an opinion down.
 */
import type { SentimentLabel } from './schema';

/**
 * A mean of ±0.15 is an opinion: one plain opinion among a few descriptive sentences; a lukewarm
 * "it's fine" stays below it.
 */
const POLAR_THRESHOLD = 0.15;
const MIXED_MINORITY_SHARE = 1 / 3;

export interface ScoredPart {
  score: number;
  weight: number;
}

const roundScore = (score: number): number => Math.round(score * 1000) / 1000;

const labelOfScore = (score: number): SentimentLabel =>
  score >= POLAR_THRESHOLD ? 'positive' : score <= -POLAR_THRESHOLD ? 'negative' : 'neutral';

const meanScore = (parts: readonly ScoredPart[], total: number): number =>
  roundScore(parts.reduce((sum, part) => sum + part.score * part.weight, 0) / total);

const isMixed = (positive: number, negative: number): boolean =>
  positive > 0 &&
  negative > 0 &&
  Math.min(positive, negative) / (positive + negative) >= MIXED_MINORITY_SHARE;

export function classifySentiment(parts: readonly ScoredPart[]): {
  sentiment: SentimentLabel;
  score: number;
} {
  const total = parts.reduce((sum, part) => sum + part.weight, 0);
  if (total === 0) return { sentiment: 'neutral', score: 0 };
  const score = meanScore(parts, total);
  const weightWhere = (test: (score: number) => boolean) =>
    parts.filter((part) => test(part.score)).reduce((sum, part) => sum + part.weight, 0);
  const positive = weightWhere((value) => value >= POLAR_THRESHOLD);
  const negative = weightWhere((value) => value <= -POLAR_THRESHOLD);
  const label = labelOfScore(score);
  return { sentiment: label === 'neutral' && isMixed(positive, negative) ? 'mixed' : label, score };
}

export interface LabelledPart extends ScoredPart {
  sentiment: SentimentLabel;
}

/**
 * The interview from its answers. Each answer is one voice in whether the interview is `mixed`
 * (a mixed answer half a voice to each side); otherwise the side with more words of answers wins,
 * and the score is the word-weighted mean.
 */
export function classifyOverall(answers: readonly LabelledPart[]): {
  sentiment: SentimentLabel;
  score: number;
} {
  const total = answers.reduce((sum, answer) => sum + answer.weight, 0);
  if (total === 0) return { sentiment: 'neutral', score: 0 };
  const side = (label: SentimentLabel, weightOf: (answer: LabelledPart) => number) =>
    answers.reduce(
      (sum, answer) =>
        sum +
        (answer.sentiment === label
          ? weightOf(answer)
          : answer.sentiment === 'mixed'
            ? weightOf(answer) / 2
            : 0),
      0,
    );
  const voices = (answer: LabelledPart) => (answer.weight > 0 ? 1 : 0);
  const words = (answer: LabelledPart) => answer.weight;
  const [positive, negative] = [side('positive', words), side('negative', words)];
  const sentiment: SentimentLabel = isMixed(side('positive', voices), side('negative', voices))
    ? 'mixed'
    : positive > negative
      ? 'positive'
      : negative > positive
        ? 'negative'
        : 'neutral';
  return { sentiment, score: meanScore(answers, total) };
}
