/**
 * Builds an AnalysisInput from a short script of turns, the way the transcript and responses
 * stages would: entry ids `<runId>-e<n>`, offsets in order, each participant turn answering the
 * question the agent last asked.
 */
import { blueprintSchema } from '../../lib/domain/blueprint';
import type { ResponseItem } from '../../lib/domain/responses';
import type { FinalSessionStatus } from '../../lib/domain/run';
import type { TranscriptEntry } from '../../lib/domain/transcript';
import type { AnalysisInput, AudioSignals } from '../../lib/analysis';

export interface ScriptQuestion {
  key: string;
  text: string;
  objective?: string;
}

export interface ScriptTurn {
  role: 'agent' | 'participant';
  text: string;
  /** The question this agent turn asks; participant turns answer the last one asked. */
  asks?: string;
  /** Silence before the turn; 1 s unless given. */
  gapMs?: number;
  /** 0 marks a turn-log entry without a duration. */
  durationMs?: number;
}

export interface Script {
  runId?: string;
  questions: ScriptQuestion[];
  turns: ScriptTurn[];
  interviewType?: string;
  sessionStatus?: FinalSessionStatus;
  audio?: AudioSignals;
  language?: string | null;
}

const wordsOf = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));

export function scriptedInput(script: Script): AnalysisInput {
  const runId = script.runId ?? 'run_test';
  const blueprint = blueprintSchema.parse({
    id: 'bp_test',
    interview_type: script.interviewType,
    graph: {
      entry_node: `n_${script.questions[0]!.key}`,
      nodes: Object.fromEntries(
        script.questions.map((question) => [
          `n_${question.key}`,
          { key: question.key, text: question.text, objective: question.objective },
        ]),
      ),
      edges: script.questions.slice(1).map((question, index) => ({
        from: `n_${script.questions[index]!.key}`,
        to: `n_${question.key}`,
      })),
    },
  });

  const started = Date.parse('2026-03-02T10:00:00Z');
  let offset = 0;
  let asked: string | null = null;
  const entries: TranscriptEntry[] = script.turns.map((turn, index) => {
    if (turn.asks) asked = turn.asks;
    offset += turn.gapMs ?? 1000;
    // About 150 spoken words a minute.
    const duration = turn.durationMs ?? Math.max(500, wordsOf(turn.text).length * 400);
    const entry: TranscriptEntry = {
      id: `${runId}-e${index + 1}`,
      role: turn.role,
      content: turn.text,
      timestamp: new Date(started + offset).toISOString(),
      offset_ms: offset,
      duration_ms: duration,
      session_id: 'ses_1',
      node_id: asked ? `n_${asked}` : null,
      question_key: asked,
      entry_type: 'utterance',
      confidence: 0.95,
    };
    offset += duration;
    return entry;
  });

  const items: ResponseItem[] = script.questions.map((question) => {
    const answers = entries.filter(
      (entry) => entry.role === 'participant' && entry.question_key === question.key,
    );
    const verbatim = answers.map((entry) => entry.content).join(' ');
    const answered = wordsOf(verbatim).length >= 2;
    return {
      node_id: `n_${question.key}`,
      question_key: question.key,
      question_text: question.text,
      node_type: 'question',
      required: false,
      answered,
      answer: answered
        ? { summary: verbatim, verbatim, transcript_entry_ids: answers.map((entry) => entry.id) }
        : null,
      follow_ups_asked: 0,
      probing_complete: true,
    };
  });
  const pathTaken = [
    ...new Set(entries.flatMap((entry) => (entry.node_id ? [entry.node_id] : []))),
  ];
  const sessionStatus = script.sessionStatus ?? 'completed';
  const answeredCount = items.filter((item) => item.answered).length;

  return {
    runId,
    interviewType: script.interviewType ?? null,
    blueprint,
    transcript: {
      run_id: runId,
      entries,
      word_count: entries.reduce((sum, entry) => sum + wordsOf(entry.content).length, 0),
      duration_s: Math.round(offset / 1000),
      language: script.language === undefined ? 'en' : script.language,
      corrections: [],
    },
    responses: {
      run_id: runId,
      items,
      path_taken: pathTaken,
      completion_rate: answeredCount / items.length,
      required_unanswered: [],
      drop_off_node_id: sessionStatus === 'completed' ? null : (pathTaken.at(-1) ?? null),
    },
    audio: script.audio ?? null,
    sessionStatus,
  };
}
