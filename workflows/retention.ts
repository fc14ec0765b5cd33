/**
 * `retention:<runId>` — keeps the organization's data promises for one run: sleeps until each
 * deadline of its policy (the run's `completed_at` plus the period), then deletes that kind of data
 * or redacts the personal data, tells the customer (`run.audio_deleted`, `run.pii_redacted`,
 * `run.data_deleted`) and plans again. It lives as long as the run does.
 *
 * The plan comes from an activity, which knows the time and reads the policy, holds and what is
 * done from PostgreSQL; every action re-checks it there before acting. So a worker down at a
 * deadline acts when it is back (the timer has fired), a policy lengthened while the workflow
 * sleeps is honoured at the deadline, and a signal only makes things happen sooner: `policyChanged`
 * (a shortened policy, a released organization hold) and `legalHold` re-plan at once. Sleeps are
 * capped at 30 days and the workflow continues as new every few rounds, so years-long waits keep a
 * history of a few dozen events. History holds ids, action names and times only.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowCancellationType,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import type { RetentionActionResult, RetentionPlanResult } from '../activities/retention';
import type { RetentionRef } from '../lib/retention/load-retention';
import type { PlannedAction, RetentionPlan } from '../lib/retention/plan-retention';
import type { RetentionAction } from '../lib/retention/retention-actions';
import { webhookEventTypes } from '../lib/webhooks/event-payload';
import { mediaTaskQueue, retentionWorkflowId, searchAttributes, workflowTypes } from '../lib/ids';
import { emitWebhookEvent } from './webhook-event';

/** Database steps: quick, retried on transient errors for as long as it takes. */
const quickDbOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

/** Deleting a run's rows and files: a bigger transaction, same patience. */
const deletionOptions = {
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;

const { planRetention, setRetentionHold } = proxyActivities<Activities>(quickDbOptions);
const { applyRetentionDeletion } = proxyActivities<Activities>(deletionOptions);

/** Redaction runs ffmpeg: on the media queue, like the pipeline's audio stages. */
const mediaOptions = () =>
  ({
    taskQueue: mediaTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '2 hours',
    // ffmpeg progress heartbeats every 5 s: 30 s of silence means a dead worker.
    heartbeatTimeout: '30 seconds',
    // A file that keeps failing will not heal soon: the action is deferred (ACTION_RETRY_DELAY_MS).
    retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 5 },
  }) as const;

export const policyChangedSignal = defineSignal('policyChanged');
export interface LegalHoldInput {
  on: boolean;
}
export const legalHoldSignal = defineSignal<[LegalHoldInput]>('legalHold');

export interface RetentionSchedule {
  runId: string;
  /** When the plan below was made (ISO 8601); null before the first plan. */
  plannedAt: string | null;
  heldBy: RetentionPlan['heldBy'];
  actions: PlannedAction[];
  /** When the workflow plans again (ISO 8601). */
  nextWakeAt: string | null;
  /** The last failure (a typed failure without personal data), until the next success. */
  lastError: { action: RetentionAction | 'plan'; type: string; message: string } | null;
}
/** The upcoming (and done) actions with their times. */
export const scheduleQuery = defineQuery<RetentionSchedule>('schedule');

export interface RetentionInput extends RetentionRef {
  /** Failed actions and when they are tried again (carried across continue-as-new). */
  deferred?: Partial<Record<RetentionAction, string>>;
  /** A legal hold signalled just before continue-as-new, not yet recorded. */
  pendingHold?: boolean;
}

export interface RetentionOutcome {
  runId: string;
  /** The run no longer exists: its metadata period ended, or it was erased. */
  outcome: 'run_deleted';
}

/** A failed action waits this long before it is tried again; the other deadlines go on. */
const ACTION_RETRY_DELAY_MS = 6 * 3_600_000;
/** A run whose pipeline is still writing is looked at again after this. */
const BUSY_RETRY_MS = 5 * 60_000;
/** A policy that fails validation is re-read after this (or at once on `policyChanged`). */
const INVALID_POLICY_RETRY_MS = 3_600_000;
/** Rounds (plan, then act or sleep) per execution before continuing as new. */
const ROUNDS_PER_EXECUTION = 5;

const dataTypeOf: Record<Exclude<RetentionAction, 'redact_pii'>, string> = {
  delete_run: 'run',
  delete_audio: 'audio',
  delete_transcript: 'transcript',
  delete_turn_log: 'turn_log',
  delete_analytics: 'analytics',
};

function failureOf(error: ActivityFailure): { type: string; message: string } {
  const cause = error.cause;
  return cause instanceof ApplicationFailure
    ? { type: cause.type ?? 'Error', message: cause.message }
    : { type: 'Error', message: cause?.message ?? error.message };
}

export async function retention(input: RetentionInput): Promise<RetentionOutcome> {
  const ref: RetentionRef = { organizationId: input.organizationId, runId: input.runId };
  const deferred = { ...input.deferred };
  let replan = false;
  let holdRequest = input.pendingHold;
  let schedule: RetentionSchedule = {
    runId: input.runId,
    plannedAt: null,
    heldBy: null,
    actions: [],
    nextWakeAt: null,
    lastError: null,
  };
  setHandler(policyChangedSignal, () => {
    replan = true;
  });
  setHandler(legalHoldSignal, ({ on }) => {
    holdRequest = on;
    replan = true;
  });
  setHandler(scheduleQuery, () => schedule);
  const wake = async (ms: number) => {
    await condition(() => replan, Math.max(1000, ms));
  };

  for (let round = 0; round < ROUNDS_PER_EXECUTION; round += 1) {
    if (workflowInfo().continueAsNewSuggested) break;
    if (holdRequest !== undefined) {
      const on = holdRequest;
      holdRequest = undefined;
      try {
        await setRetentionHold({ ...ref, on });
      } catch (error) {
        // RunNotFound: the run was deleted meanwhile, which the plan below finds out.
        if (!(error instanceof ActivityFailure)) throw error;
      }
    }
    replan = false;

    let planned: RetentionPlanResult;
    try {
      planned = await planRetention({ ...ref, deferred });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      schedule = { ...schedule, lastError: { action: 'plan', ...failureOf(error) } };
      await wake(INVALID_POLICY_RETRY_MS);
      continue;
    }
    if (!planned.found || !planned.plan) {
      schedule = { ...schedule, actions: [], nextWakeAt: null };
      return { runId: input.runId, outcome: 'run_deleted' };
    }
    const plan = planned.plan;
    for (const [action, until] of Object.entries(deferred)) {
      if (Date.parse(until) <= Date.parse(planned.now)) delete deferred[action as RetentionAction];
    }
    schedule = {
      runId: input.runId,
      plannedAt: planned.now,
      heldBy: plan.heldBy,
      actions: plan.actions,
      nextWakeAt: plan.wakeAt,
      lastError: schedule.lastError,
    };
    if (plan.due === null) {
      await wake(planned.sleepMs);
      continue;
    }

    let result: RetentionActionResult;
    try {
      result =
        plan.due === 'redact_pii'
          ? await proxyActivities<Activities>(mediaOptions()).redactRunPii(ref)
          : await applyRetentionDeletion({ ...ref, action: plan.due });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      deferred[plan.due] = new Date(Date.parse(planned.now) + ACTION_RETRY_DELAY_MS).toISOString();
      schedule = { ...schedule, lastError: { action: plan.due, ...failureOf(error) } };
      continue;
    }
    if (result.outcome === 'applied') {
      schedule = { ...schedule, lastError: null };
      await announce(ref, plan.due, result);
    } else if (result.outcome === 'busy') {
      await wake(BUSY_RETRY_MS);
    }
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof retention>({ ...ref, deferred, pendingHold: holdRequest });
}

/** Tells the customer what retention did; counts and ids only. */
async function announce(
  ref: RetentionRef,
  action: RetentionAction,
  result: RetentionActionResult,
): Promise<void> {
  const base = { organizationId: ref.organizationId, runId: ref.runId, occurredAt: result.at };
  const total = Object.values(result.counts).reduce((sum, count) => sum + count, 0);
  if (action === 'redact_pii') {
    await emitWebhookEvent({
      ...base,
      eventType: webhookEventTypes.runPiiRedacted,
      eventKey: `run.pii_redacted:${ref.runId}`,
      data: { run_id: ref.runId, redacted_at: result.at, counts: result.counts },
    });
  } else if (action === 'delete_audio') {
    if (total === 0) return;
    await emitWebhookEvent({
      ...base,
      eventType: webhookEventTypes.runAudioDeleted,
      eventKey: `run.audio_deleted:${ref.runId}`,
      data: { run_id: ref.runId, deleted_at: result.at, files: result.counts['audio_files'] },
    });
  } else if (total > 0) {
    const dataType = dataTypeOf[action];
    await emitWebhookEvent({
      ...base,
      eventType: webhookEventTypes.runDataDeleted,
      eventKey: `run.data_deleted:${ref.runId}:${dataType}`,
      data: {
        run_id: ref.runId,
        data_type: dataType,
        deleted_at: result.at,
        counts: result.counts,
      },
    });
  }
}

/**
 * Starts `retention:<runId>` as a child that outlives its parent (the pipeline, the reconciler).
 * Already running is success. Returns whether this call started it.
 */
export async function startRetention(ref: RetentionRef): Promise<boolean> {
  try {
    await startChild<typeof retention>(workflowTypes.retention, {
      workflowId: retentionWorkflowId(ref.runId),
      args: [{ organizationId: ref.organizationId, runId: ref.runId }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      cancellationType: ChildWorkflowCancellationType.ABANDON,
      typedSearchAttributes: [
        { key: searchAttributes.organizationId, value: ref.organizationId },
        { key: searchAttributes.runId, value: ref.runId },
      ],
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
