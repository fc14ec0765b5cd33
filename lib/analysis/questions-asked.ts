/**
 * What the agent had just asked when the participant spoke, as far as it changes how an answer
 * reads:
 * - a question about what they would change, improve or wish for: the qualities they then name
 *   are what they miss ("a reliable integration"), not praise;
 * - a yes/no question with an opinion in it: "Yes" to "Would you recommend it?" is praise, "No"
 *   to "Is anything hard to use?" too (see sentence-sentiment).
 */
import type { AnalysisInput } from './input';
import { parseText } from './parse-text';
import { scoreSentences } from './sentence-sentiment';

export interface QuestionAsked {
  wish: boolean;
  /** 1 when the question leans positive ("recommend", "confident"), -1 negative ("hard"). */
  polarity: -1 | 0 | 1;
}

const wishQuestion =
  /\b(?:change|wish|improve|different|missing|would make|could make|would need|would help)\b/i;
/** A question needs about one plain opinion word to lean either way. */
const LEANING = 0.2;

export const nothingAsked: QuestionAsked = { wish: false, polarity: 0 };

/** A reply particle among an answer's first words: only then does the question's lean matter. */
const replyParticle =
  /^\W*(?:[\w']+\W+){0,6}?(?:yes|yeah|yep|definitely|absolutely|no|nope|not)\b/i;

function questionLean(text: string): QuestionAsked['polarity'] {
  const sentences = parseText(text);
  const questions = sentences.filter((sentence) => sentence.text.trim().endsWith('?'));
  const asked = questions.length > 0 ? questions : sentences;
  const lean = scoreSentences(asked.map((sentence) => ({ sentence }))).reduce(
    (sum, score) => sum + score,
    0,
  );
  return lean >= LEANING ? 1 : lean <= -LEANING ? -1 : 0;
}

/** For every participant entry, what the agent said last before it. */
export function questionsAsked(input: AnalysisInput): Map<string, QuestionAsked> {
  const asked = new Map<string, QuestionAsked>();
  const leans = new Map<string, QuestionAsked['polarity']>();
  let last: string | null = null;
  for (const entry of input.transcript.entries) {
    if (entry.role === 'agent') {
      last = entry.content;
      continue;
    }
    if (last === null) continue;
    let polarity: QuestionAsked['polarity'] = 0;
    if (replyParticle.test(entry.content)) {
      polarity = leans.get(last) ?? questionLean(last);
      leans.set(last, polarity);
    }
    asked.set(entry.id, { wish: wishQuestion.test(last), polarity });
  }
  return asked;
}
