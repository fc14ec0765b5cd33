/**
 * Everything the analysis stage reads about one run. The activity loads it by run id; nothing
 * here is fetched by the analyzers themselves, so they stay free of I/O (the Anthropic client
 * aside).
 */
import type { Blueprint } from '../domain/blueprint';
import type { Responses } from '../domain/responses';
import type { FinalSessionStatus } from '../domain/run';
import type { Transcript } from '../domain/transcript';

/** Measured on the audio by the audio stage; more exact than the turn log's timestamps. */
export interface AudioSignals {
  /** Moments where both speakers talked at once. */
  talkOverCount: number;
  /** From the end of each agent question to the start of the participant's answer. */
  responseLatenciesMs: number[];
  /** Total speech of each side, silence excluded. */
  speechMs: { agent: number; participant: number };
}

export interface AnalysisInput {
  runId: string;
  /** The blueprint's `interview_type` (`hiring`, `research`, ...), which selects `specific`. */
  interviewType: string | null;
  blueprint: Blueprint;
  transcript: Transcript;
  responses: Responses;
  /** Null when the run has no audio or the audio stage did not measure it. */
  audio: AudioSignals | null;
  sessionStatus: FinalSessionStatus;
  /**
   * The participant's own name(s) from the run record (`participant.name`). The local analyzer
   * never makes a theme of them, nor quotes or summarizes a sentence that contains them;
   * people the participant names are found without it.
   */
  participantNames?: string[];
}
