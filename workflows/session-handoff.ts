/**
 * What happens once a session has ended: the row records how, the customer hears of an abandoned
 * or expired session (`session.expired`, then `session.abandoned` when a pause ran out), the run
 * takes the outcome as its status, and `pipeline:<runId>` starts — completed runs are processed in
 * full, the others as partial runs. A run the platform has not ingested yet waits for its bundle:
 * the ingest starts the pipeline. A restart ends the session as `restarted` and starts the next
 * session of the same run instead; the run is handed over when that one ends.
 */
import {
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import type { SessionChange } from '../db/sessions';
import type { EndedSessionStatus } from '../lib/domain/session-status';
import { pipelineWorkflowId, searchAttributes, sessionWorkflowId, workflowTypes } from '../lib/ids';
import type { SessionMemory } from '../lib/sessions/session-memory';
import type { SessionIdentity } from '../lib/sessions/session-state';
import { abandonExpired } from '../lib/sessions/session-transitions';
import { sessionAbandonedEvent, sessionExpiredEvent } from '../lib/sessions/session-webhooks';
import type { interviewPipeline, PipelineInput } from './interview-pipeline';
import type { interviewSession, RestartResult, SessionStart } from './session';
import { emitWebhookEvent } from './webhook-event';

/** A few small queries each: quick, retried on transient errors for as long as it takes. */
const quickDbOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

const { recordSessionChange, finishSession } = proxyActivities<Activities>(quickDbOptions);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The session's row as the workflow knows it. */
export function sessionChange(identity: SessionIdentity, memory: SessionMemory): SessionChange {
  return {
    organizationId: identity.organizationId,
    sessionId: identity.sessionId,
    status: memory.status,
    pausesUsed: memory.pausesUsed,
    pausedAt: iso(memory.pause?.atMs ?? null),
    lastHeartbeatAt: iso(memory.lastHeartbeatAtMs)!,
    endedAt: iso(memory.endedAtMs),
    endReason: memory.endReason,
    restartedAs: memory.restartedAs,
  };
}

export interface EndedSession {
  identity: SessionIdentity;
  memory: SessionMemory;
  nowMs: number;
  maxDurationMinutes: number | undefined;
  /** Shows the session's status in its `SessionStatus` search attribute. */
  showStatus: () => void;
}

/** Returns the next session when this one was restarted. */
export async function handOffEndedSession(ended: EndedSession): Promise<RestartResult | undefined> {
  const { identity, memory, nowMs } = ended;
  if (memory.status === 'expired' && memory.endReason === 'pause_expired') {
    ended.showStatus();
    await recordSessionChange({
      ...sessionChange(identity, memory),
      expiredAt: iso(memory.endedAtMs),
    });
    await emitWebhookEvent(sessionExpiredEvent(identity, memory, nowMs));
    // Seeds 001 and 002: a paused session that expires is abandoned.
    abandonExpired(memory);
  }
  ended.showStatus();
  const status = memory.status as EndedSessionStatus;
  const { run } = await finishSession({
    ...sessionChange(identity, memory),
    runId: identity.runId,
    status,
  });
  if (status === 'abandoned')
    await emitWebhookEvent(sessionAbandonedEvent(identity, memory, nowMs));
  if (status === 'expired') await emitWebhookEvent(sessionExpiredEvent(identity, memory, nowMs));
  if (status === 'restarted') return startNextSession(ended, memory.restartedAs!);
  if (run !== 'not_ingested') await startPipeline(identity);
  return undefined;
}

/** `pipeline:<runId>`, started once: a pipeline the ingest already started is left alone. */
async function startPipeline(identity: SessionIdentity): Promise<void> {
  const input: PipelineInput = { runId: identity.runId, organizationId: identity.organizationId };
  try {
    await startChild<typeof interviewPipeline>(workflowTypes.interviewPipeline, {
      workflowId: pipelineWorkflowId(identity.runId),
      args: [input],
      // The pipeline outlives the session workflow, which is done once it has handed over.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      cancellationType: ChildWorkflowCancellationType.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributes.organizationId, value: identity.organizationId },
        { key: searchAttributes.runId, value: identity.runId },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** The next session of the same run, live from now; it reads the organization's rules afresh. */
async function startNextSession(ended: EndedSession, sessionId: string): Promise<RestartResult> {
  const { identity } = ended;
  const workflowId = sessionWorkflowId(sessionId);
  const input: SessionStart = {
    sessionId,
    organizationId: identity.organizationId,
    runId: identity.runId,
    startedAt: iso(ended.nowMs)!,
    restartedFrom: identity.sessionId,
    ...(ended.maxDurationMinutes === undefined
      ? {}
      : { maxDurationMinutes: ended.maxDurationMinutes }),
  };
  try {
    await startChild<typeof interviewSession>(workflowTypes.interviewSession, {
      workflowId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      cancellationType: ChildWorkflowCancellationType.ABANDON,
      // A session id is used once, even after its session ended.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributes.organizationId, value: identity.organizationId },
        { key: searchAttributes.runId, value: identity.runId },
        { key: searchAttributes.sessionStatus, value: 'active' },
      ],
    });
  } catch (error) {
    // The platform's first event for the new session started it already.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { sessionId, workflowId };
}
