/**
 * Sentiment labels from wink-nlp scores (-1..1). A whole answer or interview is `mixed` when it
 * holds clearly positive and clearly negative parts and the smaller side is at least a third of
 * them; otherwise its word-weighted mean decides.
 */
import type { SentimentLabel } from './schema';

/** wink scores a plainly worded opinion at ±0.3 or more; ±0.2 keeps "fine, I guess" neutral. */
const POLAR_THRESHOLD = 0.2;
const MIXED_MINORITY_SHARE = 1 / 3;

export interface ScoredPart {
  score: number;
  weight: number;
}

const roundScore = (score: number): number => Math.round(score * 1000) / 1000;

const labelOfScore = (score: number): SentimentLabel =>
  score >= POLAR_THRESHOLD ? 'positive' : score <= -POLAR_THRESHOLD ? 'negative' : 'neutral';

export function classifySentiment(parts: readonly ScoredPart[]): {
  sentiment: SentimentLabel;
  score: number;
} {
  const total = parts.reduce((sum, part) => sum + part.weight, 0);
  if (total === 0) return { sentiment: 'neutral', score: 0 };
  const score = roundScore(parts.reduce((sum, part) => sum + part.score * part.weight, 0) / total);
  const weightWhere = (test: (score: number) => boolean) =>
    parts.filter((part) => test(part.score)).reduce((sum, part) => sum + part.weight, 0);
  const positive = weightWhere((value) => value >= POLAR_THRESHOLD);
  const negative = weightWhere((value) => value <= -POLAR_THRESHOLD);
  const mixed =
    positive > 0 &&
    negative > 0 &&
    Math.min(positive, negative) / (positive + negative) >= MIXED_MINORITY_SHARE;
  return { sentiment: mixed ? 'mixed' : labelOfScore(score), score };
}
