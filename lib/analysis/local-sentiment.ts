/**
 * Per-question and overall sentiment of the local analyzer: each answer from its sentences
 * (weighted by words), the interview from its answers (weighted by words), so a long complaint
 * outweighs a polite closing line.
 */
import { classifySentiment } from './classify-sentiment';
import type { ParsedAnswer } from './parsed-answers';
import type { AnalysisResults } from './schema';

export function localSentiment(answers: readonly ParsedAnswer[]): AnalysisResults['sentiment'] {
  const scored = answers.map((answer) => ({
    answer,
    ...classifySentiment(
      answer.sentences.map((ref) => ({ score: ref.sentence.sentiment, weight: ref.words })),
    ),
  }));
  const overall = classifySentiment(
    scored.map(({ answer, score }) => ({ score, weight: answer.words })),
  );
  return {
    overall: overall.sentiment,
    score: overall.score,
    by_question: scored
      .filter(({ answer }) => answer.questionKey !== null)
      .map(({ answer, sentiment, score }) => ({
        question_key: answer.questionKey!,
        sentiment,
        score,
      })),
  };
}
