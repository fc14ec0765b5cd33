/**
 * The session metrics of seeds/001 and 002, computed in code for both providers so that the same
 * run always gets the same numbers (a model never writes them). Definitions, with the engagement
 * formula, are in docs/analysis.md; audio measurements are preferred to the turn log's timing
 * when the audio stage provides them.
 */
import type { TranscriptEntry } from '../domain/transcript';
import type { Answer } from './answers';
import { countWords } from './count-words';
import type { AnalysisInput } from './input';
import type { AnalysisMetrics, SentimentLabel } from './schema';

/** Words of a full spoken answer; longer ones count no more toward engagement. */
const FULL_ANSWER_WORDS = 40;
/** Participant share of the talking at which an interview counts as fully two-way. */
const FULL_TALK_RATIO = 0.6;
const ENGAGEMENT_WEIGHTS = { responseRate: 0.4, depth: 0.3, talk: 0.2, expressiveness: 0.1 };

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of a sorted, non-empty list. */
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;

/** Consecutive entries of one speaker are one turn. */
function countTurns(entries: readonly TranscriptEntry[]): number {
  return entries.filter((entry, index) => index === 0 || entries[index - 1]!.role !== entry.role)
    .length;
}

/** From the end of an agent entry to the start of the participant entry right after it. */
function transcriptLatencies(entries: readonly TranscriptEntry[]): number[] {
  const latencies: number[] = [];
  entries.forEach((entry, index) => {
    const previous = entries[index - 1];
    // An agent entry without a duration has no known end, so no latency can be measured from it.
    if (entry.role !== 'participant' || previous?.role !== 'agent' || previous.duration_ms === 0) {
      return;
    }
    latencies.push(Math.max(0, entry.offset_ms - (previous.offset_ms + previous.duration_ms)));
  });
  return latencies;
}

/** Entries that start before the other speaker's latest entry has ended. */
function transcriptTalkOvers(entries: readonly TranscriptEntry[]): number {
  const lastEnd = { agent: -Infinity, participant: -Infinity };
  let count = 0;
  for (const entry of entries) {
    const other = entry.role === 'agent' ? 'participant' : 'agent';
    if (entry.offset_ms < lastEnd[other]) count += 1;
    lastEnd[entry.role] = Math.max(lastEnd[entry.role], entry.offset_ms + entry.duration_ms);
  }
  return count;
}

/** Participant share of speech: audio, else turn durations, else words. */
function talkRatio(input: AnalysisInput, participantWords: number, totalWords: number): number {
  const share = (participant: number, agent: number) =>
    participant + agent === 0 ? null : participant / (participant + agent);
  const speechOf = (role: TranscriptEntry['role']) =>
    input.transcript.entries
      .filter((entry) => entry.role === role)
      .reduce((sum, entry) => sum + entry.duration_ms, 0);
  return (
    (input.audio && share(input.audio.speechMs.participant, input.audio.speechMs.agent)) ??
    share(speechOf('participant'), speechOf('agent')) ??
    share(participantWords, totalWords - participantWords) ??
    0
  );
}

function dropOff(input: AnalysisInput): AnalysisMetrics['drop_off'] {
  if (input.sessionStatus === 'completed') return null;
  const nodeId =
    input.responses.drop_off_node_id ??
    input.responses.path_taken.at(-1) ??
    input.transcript.entries.findLast((entry) => entry.node_id !== null)?.node_id ??
    null;
  if (nodeId === null) return null;
  return { node_id: nodeId, question_key: input.blueprint.graph.nodes[nodeId]?.key ?? null };
}

export function sessionMetrics(
  input: AnalysisInput,
  answers: readonly Answer[],
  answerSentiments: readonly SentimentLabel[],
): AnalysisMetrics {
  const entries = input.transcript.entries;
  const wordCount = entries.reduce((sum, entry) => sum + countWords(entry.content), 0);
  const participantWords = entries
    .filter((entry) => entry.role === 'participant')
    .reduce((sum, entry) => sum + countWords(entry.content), 0);

  const questions = Object.values(input.blueprint.graph.nodes).filter(
    (node) => node.type === 'question',
  ).length;
  const answeredItems = input.responses.items.filter((item) => item.answered);
  const responseRate = questions === 0 ? 0 : Math.min(1, answeredItems.length / questions);
  const answeredKeys = new Set(answeredItems.map((item) => item.question_key));
  const answerWords = answers
    .filter((answer) => answer.questionKey !== null && answeredKeys.has(answer.questionKey))
    .flatMap((answer) => answer.entries)
    .reduce((sum, entry) => sum + countWords(entry.content), 0);
  const averageAnswerWords = answeredItems.length === 0 ? 0 : answerWords / answeredItems.length;

  const latencies = [
    ...(input.audio?.responseLatenciesMs.length
      ? input.audio.responseLatenciesMs
      : transcriptLatencies(entries)),
  ].sort((a, b) => a - b);
  const ratio = talkRatio(input, participantWords, wordCount);

  const expressiveness =
    answerSentiments.length === 0
      ? 0
      : answerSentiments.filter((label) => label !== 'neutral').length / answerSentiments.length;
  const engagement =
    ENGAGEMENT_WEIGHTS.responseRate * responseRate +
    ENGAGEMENT_WEIGHTS.depth * Math.min(1, averageAnswerWords / FULL_ANSWER_WORDS) +
    ENGAGEMENT_WEIGHTS.talk * Math.min(1, ratio / FULL_TALK_RATIO) +
    ENGAGEMENT_WEIGHTS.expressiveness * expressiveness;

  return {
    duration_s: input.transcript.duration_s,
    word_count: wordCount,
    turn_count: countTurns(entries),
    participant_word_count: participantWords,
    response_rate: round(responseRate, 3),
    average_answer_words: round(averageAnswerWords, 1),
    response_latency_ms:
      latencies.length === 0
        ? null
        : {
            median: Math.round(percentile(latencies, 0.5)),
            p90: Math.round(percentile(latencies, 0.9)),
          },
    talk_ratio: round(ratio, 3),
    talk_over_count: input.audio?.talkOverCount ?? transcriptTalkOvers(entries),
    engagement_score: Math.round(100 * engagement),
    drop_off: dropOff(input),
  };
}
