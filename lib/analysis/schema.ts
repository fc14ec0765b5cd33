/**
 * The analysis of one run (Debriefer `analysis.results`, seeds/003, with seed 004's `specific`
 * and the session metrics of seeds/001 and 002). Both providers produce it and both are checked
 * against it: the Anthropic provider's tool input is validated with `modelAnalysisSchema`, a part
 * of this very schema, and every finished result with `analysisResultsSchema`.
 */
import { z } from 'zod';

export const sentimentLabels = ['positive', 'neutral', 'negative', 'mixed'] as const;
export type SentimentLabel = (typeof sentimentLabels)[number];

const entryId = z.string().min(1).max(200).describe('The `id` of a transcript entry.');
const sentimentLabel = z.enum(sentimentLabels);
const sentimentScore = z.number().min(-1).max(1).describe('-1 (negative) to 1 (positive).');
const verbatim = z
  .string()
  .min(1)
  .max(2000)
  .describe('Copied exactly from the cited entry; anything else is discarded.');

export const summarySchema = z.object({
  content: z.string().min(1).max(5000).describe('A neutral summary of what the participant said.'),
  word_count: z.number().int().min(0),
});

export const evidenceSchema = z.object({ entry_id: entryId, quote: verbatim });

export const themeSchema = z.object({
  label: z.string().min(1).max(100).describe('Two or three words, lower case.'),
  salience: z.number().min(0).max(1).describe('1 for the most prominent theme.'),
  /** Passages supporting the theme; `evidence` lists at most five of them. */
  evidence_count: z.number().int().min(0),
  evidence: z.array(evidenceSchema).max(5),
});

export const questionSentimentSchema = z.object({
  question_key: z.string().min(1).max(100),
  sentiment: sentimentLabel,
  score: sentimentScore,
});

export const sentimentSchema = z.object({
  overall: sentimentLabel,
  score: sentimentScore,
  by_question: z.array(questionSentimentSchema).max(500),
});

export const quoteSchema = z.object({
  entry_id: entryId,
  text: verbatim,
  question_key: z.string().min(1).max(100).nullable(),
});

/** One blueprint objective of a hiring interview, as seed 004's interview-type `specific` data. */
export const scorecardItemSchema = z.object({
  objective: z.string().min(1).max(5000),
  node_id: z.string().min(1).max(100),
  evidence_entry_ids: z.array(entryId).max(50),
  rating: z
    .number()
    .int()
    .min(1)
    .max(5)
    .nullable()
    .describe('1 (no evidence of the objective) to 5 (strong evidence); null when not rated.'),
  rationale: z.string().min(1).max(2000),
});

export const hiringSpecificSchema = z.object({
  interview_type: z.literal('hiring'),
  scorecard: z.array(scorecardItemSchema).max(500),
});

export const specificSchema = z.discriminatedUnion('interview_type', [hiringSpecificSchema]);
export type AnalysisSpecific = z.infer<typeof specificSchema>;

/** Computed in code from the transcript, the responses and the audio; never by a model. */
export const metricsSchema = z.object({
  duration_s: z.number().min(0),
  word_count: z.number().int().min(0),
  turn_count: z.number().int().min(0),
  participant_word_count: z.number().int().min(0),
  response_rate: z.number().min(0).max(1),
  average_answer_words: z.number().min(0),
  response_latency_ms: z.object({ median: z.number().min(0), p90: z.number().min(0) }).nullable(),
  talk_ratio: z.number().min(0).max(1),
  talk_over_count: z.number().int().min(0),
  engagement_score: z.number().int().min(0).max(100),
  drop_off: z.object({ node_id: z.string(), question_key: z.string().nullable() }).nullable(),
});
export type AnalysisMetrics = z.infer<typeof metricsSchema>;

export const analysisProviders = ['local', 'anthropic'] as const;
export type AnalysisProvider = (typeof analysisProviders)[number];

/** What the analysis stands on, so a reader can judge it and a re-analysis can be compared. */
export const provenanceSchema = z.object({
  provider: z.enum(analysisProviders),
  model: z.string().nullable(),
  version: z.string(),
  /** Quotes and theme evidence that were not verbatim in the cited entry, and were removed. */
  dropped_quotes: z.number().int().min(0),
  /** Model calls that each saw a part of the transcript (1 when it fitted in one). */
  chunks: z.number().int().min(0),
  /** Parts left out because the provider cannot do them for this transcript's language. */
  skipped: z.array(z.enum(['sentiment', 'themes'])),
});

/** The part of the results a language model writes: the Anthropic tool's input schema. */
export const modelAnalysisSchema = z.object({
  summary: summarySchema,
  themes: z.object({ items: z.array(themeSchema).max(20) }),
  sentiment: sentimentSchema,
  quotes: z.array(quoteSchema).max(10),
  specific: specificSchema
    .nullable()
    .describe('Interview-type data: a hiring scorecard for `hiring` interviews, otherwise null.'),
});
export type ModelAnalysis = z.infer<typeof modelAnalysisSchema>;

export const analysisResultsSchema = modelAnalysisSchema.extend({
  metrics: metricsSchema,
  provenance: provenanceSchema,
});
export type AnalysisResults = z.infer<typeof analysisResultsSchema>;
export type Theme = z.infer<typeof themeSchema>;
export type Quote = z.infer<typeof quoteSchema>;
export type QuestionSentiment = z.infer<typeof questionSentimentSchema>;
