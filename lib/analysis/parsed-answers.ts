/**
 * Answers parsed once for the local analyzer: every participant entry through wink-nlp, its
 * sentences kept with the entry id and question they belong to, so that sentiment, themes,
 * quotes and the summary all cite the same verbatim sentences.
 */
import type { Answer } from './answers';
import { countWords } from './count-words';
import { parseText, type Sentence } from './parse-text';

export interface SentenceRef {
  entryId: string;
  questionKey: string | null;
  /** Order of the sentence in the interview. */
  position: number;
  words: number;
  sentence: Sentence;
}

export interface ParsedAnswer {
  questionKey: string | null;
  words: number;
  sentences: SentenceRef[];
}

export function parseAnswers(answers: readonly Answer[]): ParsedAnswer[] {
  let position = 0;
  return answers.map((answer) => {
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
        });
      }
    }
    return {
      questionKey: answer.questionKey,
      words: answer.entries.reduce((sum, entry) => sum + countWords(entry.content), 0),
      sentences,
    };
  });
}
