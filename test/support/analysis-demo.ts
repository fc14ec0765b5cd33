/**
 * A planned demo interview as the analysis stage would read it, without audio: the turn log
 * through the transcript and responses stages (`assembleTranscript`, `extractResponses`), the
 * logged offsets standing in for the audio's alignment.
 */
import type { AnalysisInput } from '../../lib/analysis';
import type { DemoInterviewPlan } from '../../lib/demo/demo-interview';
import { blueprintSchema } from '../../lib/domain/blueprint';
import type { FinalSessionStatus } from '../../lib/domain/run';
import { extractResponses } from '../../lib/responses/extract-responses';
import { assembleTranscript, type StoredTurn } from '../../lib/transcript/assemble-transcript';

export function demoAnalysisInput(plan: DemoInterviewPlan): AnalysisInput {
  const { manifest } = plan;
  const runId = manifest.id;
  const blueprint = blueprintSchema.parse(manifest.blueprint);
  const startedAt = new Date(manifest.started_at);
  // As the database stores the turn log: seq from 0 in file order.
  const turns: StoredTurn[] = plan.turns.map((turn, seq) => ({
    seq,
    role: turn.role,
    content: turn.content,
    occurredAt: new Date(turn.timestamp),
    durationMs: turn.duration_ms,
    sessionId: turn.session_id ?? null,
    nodeId: turn.node_id ?? null,
    questionKey: turn.question_key ?? null,
    entryType: turn.entry_type,
    confidence: turn.confidence ?? null,
  }));
  const alignment = turns.map((turn) => {
    const start = turn.occurredAt.getTime() - startedAt.getTime();
    return { seq: turn.seq, start_ms: start, end_ms: start + turn.durationMs };
  });
  const transcript = assembleTranscript({
    runId,
    startedAt,
    turns,
    alignment,
    blueprint,
    audioDurationMs: plan.durationMs,
  });
  const sessionStatus: FinalSessionStatus = manifest.status;
  return {
    runId,
    interviewType: blueprint.interview_type ?? null,
    blueprint,
    transcript,
    responses: extractResponses({ runId, blueprint, entries: transcript.entries, sessionStatus }),
    audio: null,
    sessionStatus,
    participantNames: manifest.participant.name ? [manifest.participant.name] : [],
  };
}
