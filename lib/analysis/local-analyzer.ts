/**
 * The `local` provider: no network, no key, deterministic. English NLP with wink-nlp (see the
 * local-* modules); for a transcript in another language it keeps the summary, quotes and
 * metrics, and leaves sentiment and themes out (marked in `provenance.skipped`) rather than
 * reading another language with an English lexicon.
 */
import { groupAnswers } from './answers';
import { finishResults } from './finish-results';
import type { AnalysisInput } from './input';
import { localQuotes } from './local-quotes';
import { localSentiment } from './local-sentiment';
import { localSpecific } from './local-specific';
import { localSummary } from './local-summary';
import { localThemes } from './local-themes';
import type { AnalysisOutcome } from './outcome';
import { parseAnswers } from './parsed-answers';
import { personalData } from './personal-data';
import { questionsAsked } from './questions-asked';
import type { ModelAnalysis } from './schema';
import { sentenceCentrality } from './sentence-centrality';

export const LOCAL_ANALYZER_VERSION = 'local-2';

export function analyzeLocally(input: AnalysisInput): AnalysisOutcome {
  const answers = groupAnswers(input);
  const personal = personalData(input.participantNames ?? []);
  const parsed = parseAnswers(answers, personal, questionsAsked(input));
  const refs = parsed.flatMap((answer) => answer.sentences);
  const similarity = sentenceCentrality(refs);
  // A null language means too little text to tell; English is the likely case then.
  const english = input.transcript.language === null || input.transcript.language === 'en';
  const sentiment: ModelAnalysis['sentiment'] = english
    ? localSentiment(parsed)
    : { overall: 'neutral', score: 0, by_question: [] };
  const nodes = Object.values(input.blueprint.graph.nodes);

  const themes = english ? localThemes(parsed, personal) : [];

  const analysis: ModelAnalysis = {
    summary: localSummary(refs, similarity, {
      answered: input.responses.items.filter((item) => item.answered).length,
      questions: nodes.filter((node) => node.type === 'question').length,
      durationS: input.transcript.duration_s,
      sentiment: english ? sentiment.overall : null,
      themes,
    }),
    themes: { items: themes },
    sentiment,
    quotes: localQuotes(refs, similarity),
    specific: localSpecific(input, answers),
  };
  const { results, droppedQuotes } = finishResults(input, answers, analysis, {
    provider: 'local',
    model: null,
    version: LOCAL_ANALYZER_VERSION,
    chunks: 0,
    skipped: english ? [] : ['sentiment', 'themes'],
  });
  return {
    provider: 'local',
    model: null,
    version: LOCAL_ANALYZER_VERSION,
    results,
    usage: null,
    costUsd: null,
    droppedQuotes,
  };
}
