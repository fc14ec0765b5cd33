/**
 * The last step of both providers: ground the quotes and evidence in the transcript, put the
 * deterministic metrics in, count the summary's words, and check the whole against the schema.
 */
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';
import type { Answer } from './answers';
import { countWords } from './count-words';
import type { AnalysisInput } from './input';
import {
  analysisResultsSchema,
  type AnalysisResults,
  type ModelAnalysis,
  type AnalysisProvider,
} from './schema';
import { sessionMetrics } from './session-metrics';
import { verifyGrounding } from './verify-grounding';

export interface ResultProvenance {
  provider: AnalysisProvider;
  model: string | null;
  version: string;
  chunks: number;
  skipped: AnalysisResults['provenance']['skipped'];
}

export function finishResults(
  input: AnalysisInput,
  answers: readonly Answer[],
  analysis: ModelAnalysis,
  provenance: ResultProvenance,
): { results: AnalysisResults; droppedQuotes: number } {
  const grounded = verifyGrounding(analysis, input);
  const candidate = {
    ...grounded.analysis,
    summary: {
      content: grounded.analysis.summary.content,
      word_count: countWords(grounded.analysis.summary.content),
    },
    metrics: sessionMetrics(
      input,
      answers,
      grounded.analysis.sentiment.by_question.map((question) => question.sentiment),
    ),
    provenance: { ...provenance, dropped_quotes: grounded.droppedQuotes },
  };
  const parsed = analysisResultsSchema.safeParse(candidate);
  if (!parsed.success) {
    // Paths only: the values may be personal data.
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    throw new EpilogueError(
      `analysis results fail the schema at ${[...new Set(paths)].slice(0, 5).join(', ')}`,
      FailureType.AnalysisOutputInvalid,
    );
  }
  return { results: parsed.data, droppedQuotes: grounded.droppedQuotes };
}
