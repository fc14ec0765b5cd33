/**
 * Lays a demo script onto the recording's clock and derives everything that depends on time: the
 * turn log, the run manifest and the expected facts. Each utterance starts its planned gap after
 * everything said before it has ended, so the gaps hold whatever the real durations turn out to be.
 */
import type { Turn } from '../domain/turn';
import { demoTrackFormats } from './demo-audio-format';
import type {
  DemoExpectations,
  DemoInterviewScript,
  TimedDemoInterview,
  TimedUtterance,
} from './demo-interview';
import { spokenEmail, spokenPhone } from './spoken-form';
import type { RunManifestInput } from '../domain/run';

export function layOutTimeline(
  script: DemoInterviewScript,
  durationsMs: readonly number[],
): TimedUtterance[] {
  if (durationsMs.length !== script.utterances.length) {
    throw new Error('one duration per utterance is needed to lay out the timeline');
  }
  let spokenUntil = 0;
  return script.utterances.map((utterance, index) => {
    const startMs = Math.max(0, spokenUntil + utterance.gapBeforeMs);
    const endMs = startMs + Math.round(durationsMs[index]!);
    spokenUntil = Math.max(spokenUntil, endMs);
    return { ...utterance, startMs, endMs };
  });
}

function offsetIso(startedAt: string, offsetMs: number): string {
  return new Date(Date.parse(startedAt) + offsetMs).toISOString();
}

function turnLog(script: DemoInterviewScript, timeline: TimedUtterance[]): Turn[] {
  return timeline.map((utterance) => ({
    role: utterance.role,
    content: utterance.text,
    timestamp: offsetIso(script.startedAt, utterance.startMs + utterance.loggedSkewMs),
    duration_ms: utterance.endMs - utterance.startMs,
    session_id: `${script.runId}-session`,
    ...(utterance.nodeId ? { node_id: utterance.nodeId, question_key: utterance.questionKey } : {}),
    entry_type: utterance.entryType,
    ...(utterance.confidence === undefined ? {} : { confidence: utterance.confidence }),
  }));
}

function manifest(script: DemoInterviewScript, durationMs: number): RunManifestInput {
  const { participant } = script;
  return {
    format_version: 1,
    id: script.runId,
    organization_id: script.organizationId,
    status: script.status,
    consent_status: 'granted',
    started_at: script.startedAt,
    completed_at: offsetIso(script.startedAt, durationMs),
    metadata: { source: 'epilogue-demo', template: script.templateId },
    blueprint: script.blueprint,
    participant: {
      external_id: participant.externalId,
      name: participant.name,
      email: participant.email,
      phone: participant.phone,
      metadata: { locale: 'en-US' },
    },
    audio:
      script.audioLayout === 'mixed'
        ? { layout: 'mixed', tracks: { mixed: demoTrackFormats.mixed.file } }
        : {
            layout: 'two_track',
            tracks: {
              agent: demoTrackFormats.agent.file,
              participant: demoTrackFormats.participant.file,
            },
          },
  };
}

function expectations(script: DemoInterviewScript, timeline: TimedUtterance[]): DemoExpectations {
  const { participant } = script;
  const talkOver = script.talkOverIndex === null ? undefined : timeline[script.talkOverIndex];
  const interrupted =
    script.talkOverIndex === null ? undefined : timeline[script.talkOverIndex - 1];
  const drifted = script.clockDriftIndex === null ? undefined : timeline[script.clockDriftIndex];
  return {
    talkOver:
      talkOver && interrupted
        ? {
            turnIndex: script.talkOverIndex!,
            nodeId: talkOver.nodeId!,
            startMs: talkOver.startMs,
            endMs: interrupted.endMs,
          }
        : null,
    unansweredNodeId: script.unansweredNodeId,
    abandoned: script.status === 'abandoned',
    dropOffNodeId: script.dropOffNodeId,
    clockDrift: drifted
      ? {
          turnIndex: script.clockDriftIndex!,
          loggedOffsetMs: drifted.startMs + drifted.loggedSkewMs,
          trueOffsetMs: drifted.startMs,
        }
      : null,
    pii: {
      name: participant.name,
      email: participant.email,
      phone: participant.phone,
      spokenName: participant.name,
      spokenEmail: spokenEmail(participant.email),
      spokenPhone: spokenPhone(participant.phone),
    },
    sentimentByQuestion: script.sentimentByQuestion,
    themes: script.themes,
  };
}

/** The interview on the clock, given how long each utterance takes (in script order). */
export function timeDemoInterview(
  script: DemoInterviewScript,
  durationsMs: readonly number[],
): TimedDemoInterview {
  const timeline = layOutTimeline(script, durationsMs);
  const durationMs = Math.max(...timeline.map((utterance) => utterance.endMs)) + script.tailMs;
  return {
    timeline,
    durationMs,
    manifest: manifest(script, durationMs),
    turns: turnLog(script, timeline),
    expected: expectations(script, timeline),
  };
}
