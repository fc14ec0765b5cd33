/**
 * The participant's answers, question by question. The responses stage already placed each
 * answering entry on a blueprint node; entries it left out (too short to count as an answer, or
 * between questions) keep the question the turn log gave them, if any.
 */
import type { TranscriptEntry } from '../domain/transcript';
import type { AnalysisInput } from './input';

export interface Answer {
  /** Null for what the participant said outside any question (greetings, asides). */
  questionKey: string | null;
  entries: TranscriptEntry[];
}

/** The question key of every participant entry, by entry id. */
export function questionKeysByEntry(input: AnalysisInput): Map<string, string | null> {
  const fromResponses = new Map<string, string>();
  for (const item of input.responses.items) {
    for (const id of item.answer?.transcript_entry_ids ?? [])
      fromResponses.set(id, item.question_key);
  }
  const nodes = input.blueprint.graph.nodes;
  const keys = new Map<string, string | null>();
  for (const entry of input.transcript.entries) {
    if (entry.role !== 'participant') continue;
    const nodeKey = entry.node_id ? (nodes[entry.node_id]?.key ?? null) : null;
    keys.set(entry.id, fromResponses.get(entry.id) ?? entry.question_key ?? nodeKey);
  }
  return keys;
}

/** Answers in the order the interview reached them; one per question key. */
export function groupAnswers(input: AnalysisInput): Answer[] {
  const keys = questionKeysByEntry(input);
  const answers = new Map<string | null, Answer>();
  for (const entry of input.transcript.entries) {
    if (entry.role !== 'participant' || entry.content.trim() === '') continue;
    const questionKey = keys.get(entry.id) ?? null;
    let answer = answers.get(questionKey);
    if (!answer) {
      answer = { questionKey, entries: [] };
      answers.set(questionKey, answer);
    }
    answer.entries.push(entry);
  }
  return [...answers.values()];
}
