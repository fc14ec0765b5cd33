/**
 * Answers parsed once for the local analyzer: every participant entry through wink-nlp, its
 * sentences kept with the entry id and question they belong to, their sentiment, and whether they
 * give personal data, so that sentiment, themes, quotes and the summary all work from the same
 * verbatim sentences.
 */
import type { Answer } from './answers';
import { countWords } from './count-words';
import { parseText, type Sentence } from './parse-text';
import type { PersonalData } from './personal-data';
import { nothingAsked, type QuestionAsked } from './questions-asked';
import { scoreSentences } from './sentence-sentiment';

/** How far into an entry a reply particle may come: after an opener like "Good question." */
const OPENING_SENTENCES = 2;
/** An opener is a few words at most. */
const FILLER_WORDS = 4;

export interface SentenceRef {
  entryId: string;
  questionKey: string | null;
  /** Order of the sentence in the interview. */
  position: number;
  words: number;
  sentence: Sentence;
  /** -1..1, see sentence-sentiment. */
  sentiment: number;
  /** Gives the participant's name or contact details: never quoted, summarized or a theme. */
  personal: boolean;
}

export interface ParsedAnswer {
  questionKey: string | null;
  words: number;
  sentences: SentenceRef[];
}

export function parseAnswers(
  answers: readonly Answer[],
  personal: PersonalData,
  /** What the agent had just asked, by participant entry id (see questions-asked). */
  asked: ReadonlyMap<string, QuestionAsked> = new Map(),
): ParsedAnswer[] {
  let position = 0;
  const parsed = answers.map((answer) => {
    const sentences: SentenceRef[] = [];
    for (const entry of answer.entries) {
      for (const sentence of parseText(entry.content)) {
        const words = countWords(sentence.text);
        if (words === 0) continue;
        sentences.push({
          entryId: entry.id,
          questionKey: answer.questionKey,
          position: position++,
          words,
          sentence,
          sentiment: 0,
          personal: personal.identifies(sentence.text),
        });
      }
    }
    return {
      questionKey: answer.questionKey,
      words: answer.entries.reduce((sum, entry) => sum + countWords(entry.content), 0),
      sentences,
    };
  });
  const refs = parsed.flatMap((answer) => answer.sentences);
  // A reply particle opens the answer, perhaps after a filler ("Hmm, let me think. Yes, …").
  const opening = new Map<string, number>();
  const scores = scoreSentences(
    refs.map((ref) => {
      const question = asked.get(ref.entryId) ?? nothingAsked;
      const fillersBefore = opening.get(ref.entryId) ?? 0;
      const opensAnswer = fillersBefore >= 0 && fillersBefore < OPENING_SENTENCES;
      opening.set(ref.entryId, opensAnswer && ref.words <= FILLER_WORDS ? fillersBefore + 1 : -1);
      return {
        sentence: ref.sentence,
        wish: question.wish,
        replyTo: opensAnswer ? question.polarity : 0,
      };
    }),
  );
  refs.forEach((ref, index) => (ref.sentiment = scores[index] ?? 0));
  return parsed;
}
