/**
 * Reads what the analysis of one run needs from PostgreSQL, in the run's organization only: the
 * direct analysis and the batch submission build their requests from the same input.
 */
import { getDiarization } from '../../db/diarizations';
import { getOrganization } from '../../db/organizations';
import type { Queryable } from '../../db/queryable';
import { getResponses } from '../../db/responses';
import { getParticipantName, getRun } from '../../db/runs';
import { getTranscript } from '../../db/transcripts';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';
import type { AnalysisInput } from './input';

export interface LoadedAnalysisInput {
  input: AnalysisInput;
  /** The organization's `settings.analysis.provider`, unchecked. */
  organizationProvider: unknown;
}

export async function loadAnalysisInput(
  db: Queryable,
  ref: { organizationId: string; runId: string },
): Promise<LoadedAnalysisInput> {
  const [run, organization, transcript, responses, diarization, participantName] =
    await Promise.all([
      getRun(db, ref.organizationId, ref.runId),
      getOrganization(db, ref.organizationId),
      getTranscript(db, ref.organizationId, ref.runId),
      getResponses(db, ref.organizationId, ref.runId),
      getDiarization(db, ref.organizationId, ref.runId),
      getParticipantName(db, ref.organizationId, ref.runId),
    ]);
  if (!run) throw new EpilogueError(`run ${ref.runId} not found`, FailureType.RunNotFound);
  if (!transcript || !responses) {
    throw new EpilogueError(
      `run ${ref.runId} has no transcript and responses yet: it must be processed before its analysis`,
      FailureType.RunNotProcessed,
    );
  }
  return {
    organizationProvider: (organization?.settings['analysis'] as { provider?: unknown } | undefined)
      ?.provider,
    input: {
      runId: ref.runId,
      interviewType: run.blueprint.interview_type ?? null,
      blueprint: run.blueprint,
      transcript,
      responses,
      audio:
        diarization && run.audioLayout !== 'none'
          ? {
              talkOverCount: diarization.overlaps.length,
              // A participant who starts before the question ends (talk-over) answered at once:
              // the metric counts that as zero, the talk-over itself is counted apart.
              responseLatenciesMs: diarization.latencies.map((latency) =>
                Math.max(0, latency.latency_ms),
              ),
              speechMs: diarization.speech_ms,
            }
          : null,
      sessionStatus: run.sessionStatus,
      // So the participant's own name never becomes a theme or a quote's subject.
      participantNames: participantName ? [participantName] : [],
    },
  };
}
