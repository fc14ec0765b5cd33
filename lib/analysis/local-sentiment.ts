/**
 * Per-question and overall sentiment of the local analyzer: each answer from its sentences
 * (weighted by words), the interview from its answers to questions (see classifyOverall: each
 * answer one voice in whether it is mixed, otherwise weighted by words, so that a long complaint
 * outweighs a short "Sure."). Greetings and goodbyes outside any
 * question are courtesy, not opinion, and count only when the participant answered no question at
 * all; sentences that give a name or contact details say nothing of the participant's views and
 * do not count.
 */
import { classifyOverall, classifySentiment } from './classify-sentiment';
import type { ParsedAnswer } from './parsed-answers';
import type { AnalysisResults } from './schema';

/**
 * An answer often opens with its verdict in a word or two ("Exhausting.", "Very easy."); a
 * sentence that holds an opinion weighs at least as much as a sentence of this many words.
 */
const VERDICT_WORDS = 8;
const OPINION = 0.1;

export function localSentiment(answers: readonly ParsedAnswer[]): AnalysisResults['sentiment'] {
  const scored = answers.map((answer) => {
    const sentences = answer.sentences.filter((ref) => !ref.personal);
    return {
      questionKey: answer.questionKey,
      words: sentences.reduce((sum, ref) => sum + ref.words, 0),
      ...classifySentiment(
        sentences.map((ref) => ({
          score: ref.sentiment,
          weight:
            Math.abs(ref.sentiment) >= OPINION ? Math.max(ref.words, VERDICT_WORDS) : ref.words,
        })),
      ),
    };
  });
  const toQuestions = scored.filter((answer) => answer.questionKey !== null);
  const overall = classifyOverall(
    (toQuestions.length > 0 ? toQuestions : scored).map((answer) => ({
      ...answer,
      weight: answer.words,
    })),
  );
  return {
    overall: overall.sentiment,
    score: overall.score,
    by_question: toQuestions.map(({ questionKey, sentiment, score }) => ({
      question_key: questionKey!,
      sentiment,
      score,
    })),
  };
}
