/**
 * Interview-type data of the local analyzer. For a hiring interview: a scorecard row per
 * objective citing the answer's entries. Rating a candidate takes judgement the local analyzer
 * does not have, so `rating` stays null and the rationale says so; the Anthropic provider rates.
 */
import type { Answer } from './answers';
import { countWords } from './count-words';
import type { AnalysisInput } from './input';
import type { AnalysisSpecific } from './schema';
import { HIRING_INTERVIEW_TYPE, scorecardObjectives } from './scorecard-objectives';

export function localSpecific(
  input: AnalysisInput,
  answers: readonly Answer[],
): AnalysisSpecific | null {
  if (input.interviewType !== HIRING_INTERVIEW_TYPE) return null;
  const answerOf = new Map(answers.map((answer) => [answer.questionKey, answer]));
  return {
    interview_type: HIRING_INTERVIEW_TYPE,
    scorecard: scorecardObjectives(input.blueprint).map(({ nodeId, questionKey, objective }) => {
      const entries = answerOf.get(questionKey)?.entries ?? [];
      const words = entries.reduce((sum, entry) => sum + countWords(entry.content), 0);
      return {
        objective,
        node_id: nodeId,
        evidence_entry_ids: entries.map((entry) => entry.id),
        rating: null,
        rationale:
          entries.length === 0
            ? 'Not answered.'
            : `Answered in ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} ` +
              `(${words} words); not rated by the local analyzer.`,
      };
    }),
  };
}
