/**
 * What a planned demo interview is: a script decided by the seed alone (who says what, after how
 * much silence), and the timed interview derived from it once utterance durations are known:
 * estimated when planning, measured from synthesized speech when writing the bundle.
 */
import type { RunManifestInput } from '../domain/run';
import type { entryTypes, Role, Turn } from '../domain/turn';
import type { DemoParticipant } from './demo-participants';
import type { SpeechVoice } from './demo-voices';
import type { InterviewTemplate, Sentiment } from './interview-template';

export type EntryType = (typeof entryTypes)[number];

export interface ScriptedUtterance {
  role: Role;
  text: string;
  voice: SpeechVoice;
  entryType: EntryType;
  nodeId?: string;
  questionKey?: string;
  /** Silence after everything said before ends; negative when this starts while someone talks. */
  gapBeforeMs: number;
  /** From the word count and speaking rate; the bundle writer uses the synthesized duration. */
  estimatedDurationMs: number;
  /** Added to the true start in the turn log; nonzero only for the deliberate clock error. */
  loggedSkewMs: number;
  /** The live transcriber's confidence, for participant turns. */
  confidence?: number;
}

export interface TimedUtterance extends ScriptedUtterance {
  /** Milliseconds from the start of the recording (the run's `started_at`). */
  startMs: number;
  endMs: number;
}

export type DemoRunStatus = 'completed' | 'abandoned';
export type DemoAudioLayout = 'two_track' | 'mixed';

/** The participant's personal data, written and as said aloud in the recording. */
export interface DemoPii {
  name: string;
  email: string;
  phone: string;
  spokenName: string;
  spokenEmail: string;
  spokenPhone: string;
}

/** The facts a correct pipeline must find in this interview; offsets in ms from the recording start. */
export interface DemoExpectations {
  /** The participant starts answering before the agent has finished the question. */
  talkOver: { turnIndex: number; nodeId: string; startMs: number; endMs: number } | null;
  /** Asked, met with silence, and skipped: no participant turn at this node. */
  unansweredNodeId: string | null;
  abandoned: boolean;
  /** Where an abandoned participant stopped, mid-answer. */
  dropOffNodeId: string | null;
  /** The turn whose logged timestamp is earlier than its speech in the audio. */
  clockDrift: { turnIndex: number; loggedOffsetMs: number; trueOffsetMs: number } | null;
  pii: DemoPii;
  /** The mood of each answered question's answer, by question key. */
  sentimentByQuestion: Record<string, Sentiment>;
  themes: string[];
}

export interface DemoInterviewScript {
  /** Position in the planned set, from 0; some features belong to a given index. */
  index: number;
  runId: string;
  organizationId: string;
  templateId: InterviewTemplate['id'];
  /** ISO 8601; the recording starts here. */
  startedAt: string;
  status: DemoRunStatus;
  audioLayout: DemoAudioLayout;
  blueprint: RunManifestInput['blueprint'];
  participant: DemoParticipant;
  utterances: ScriptedUtterance[];
  /** Index in `utterances` (and so in the turn log) of the participant turn that talks over. */
  talkOverIndex: number | null;
  clockDriftIndex: number | null;
  unansweredNodeId: string | null;
  dropOffNodeId: string | null;
  sentimentByQuestion: Record<string, Sentiment>;
  themes: string[];
  /** Room tone after the last word before the recording stops; none when the participant dropped. */
  tailMs: number;
  /** Seeds the background noise on the participant's side. */
  noiseSeed: number;
}

export interface TimedDemoInterview {
  /** One entry per utterance, in order; each becomes one line of `turns.jsonl`. */
  timeline: TimedUtterance[];
  /** Length of the recording. */
  durationMs: number;
  manifest: RunManifestInput;
  turns: Turn[];
  expected: DemoExpectations;
}

export type DemoInterviewPlan = DemoInterviewScript & TimedDemoInterview;
