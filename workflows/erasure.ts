/**
 * `erasure:<requestId>` — erases a participant's data (or one run's) in one organization, as the
 * request in erasure_requests describes it: lists the subject's runs, erases them in batches
 * (workflows first, so nothing writes behind the deletion, then rows, then files), sweeps what
 * Temporal still holds, then signs the receipt, audits and tells the customer with a
 * `participant.erased` event that holds the subject's keyed hash and counts.
 *
 * Its input and history hold the organization and request ids only: the subject's id stays in
 * PostgreSQL, read by the activities. Everything lives there too (which runs are erased, counts),
 * so a retried activity, a restarted worker or a repeated request ends in the same state and the
 * same counts. A legal hold refuses the request with `LegalHold`; asking again after it is
 * released resumes it.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  continueAsNew,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ErasureRef, ErasureSummary } from '../activities/erasure';
import { FailureType } from '../lib/failure-types';
import { webhookEventTypes } from '../lib/webhooks/event-payload';
import { emitWebhookEvent } from './webhook-event';

/** Database steps: quick, retried on transient errors for as long as it takes. */
const quickDbOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

/** A batch talks to Temporal for each of its runs' workflows and heartbeats as it goes. */
const batchOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
} as const;

const { beginErasure, collectErasureRuns, finishErasure, refuseErasure } =
  proxyActivities<Activities>(quickDbOptions);
const { eraseRunBatch, sweepErasureWorkflows } = proxyActivities<Activities>(batchOptions);

/** Runs per batch: a few hundred statements and Temporal calls, well inside the heartbeat. */
const RUNS_PER_BATCH = 50;

export type ErasureInput = ErasureRef;

/** The typed failure that refuses a request, or undefined for any other failure. */
function refusalOf(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return cause instanceof ApplicationFailure &&
    (cause.type === FailureType.LegalHold || cause.type === FailureType.RunNotFound)
    ? cause
    : undefined;
}

export async function erasure(input: ErasureInput): Promise<ErasureSummary> {
  const { completed } = await beginErasure(input);
  if (!completed) {
    try {
      while ((await collectErasureRuns(input)).pending > 0) {
        while ((await eraseRunBatch({ ...input, limit: RUNS_PER_BATCH })).remaining > 0) {
          // Progress is in PostgreSQL: a new execution picks up where this one stops.
          if (workflowInfo().continueAsNewSuggested) return continueAsNew<typeof erasure>(input);
        }
      }
      await sweepErasureWorkflows(input);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await refuseErasure({ ...input, type: refusal.type! });
      throw ApplicationFailure.nonRetryable(refusal.message, refusal.type);
    }
  }
  const summary = await finishErasure(input);
  await emitWebhookEvent({
    organizationId: input.organizationId,
    eventType: webhookEventTypes.participantErased,
    eventKey: `${webhookEventTypes.participantErased}:${input.requestId}`,
    occurredAt: summary.finishedAt,
    data: {
      request_id: summary.requestId,
      scope: summary.scope,
      subject_hash: summary.subjectHash,
      counts: summary.counts,
      erased_at: summary.finishedAt,
    },
  });
  return summary;
}
