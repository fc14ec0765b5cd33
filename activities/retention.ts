/**
 * Retention activities: plan a run's deadlines, set its legal hold, delete a kind of its data when
 * its period ends, and find the runs a retention workflow must be (re)started for. Each is safe to
 * retry: plans are recomputed from the database, a deletion re-checks that it is due and not done
 * under row locks and records itself in the same transaction, and blob files go only after their
 * rows, through notes that a retry finds again. Nothing returned or logged holds personal data.
 */
import { Context } from '@temporalio/activity';
import { inTransaction } from '../db/pool';
import {
  recordRetentionPlan,
  retentionRunIds,
  runsNeedingRetention,
  markRetentionActionDone,
  type RetentionRunRef,
} from '../db/retention';
import { appendAudit } from '../db/audit-log';
import { changeRunLegalHold } from '../lib/retention/change-run-legal-hold';
import { pendingBlobDeletions } from '../db/retention-blob-deletions';
import { deleteRunData, type DeletionCounts } from '../db/retention-deletions';
import { deleteUnreferencedBlobs } from '../lib/retention/delete-unreferenced-blobs';
import {
  loadRetention,
  lockRetention,
  retentionGate,
  type GateOutcome,
  type RetentionRef,
} from '../lib/retention/load-retention';
import type { RetentionPlan } from '../lib/retention/plan-retention';
import type { DeletionAction, RetentionAction } from '../lib/retention/retention-actions';
import type { ActivityDependencies } from './dependencies';

export interface RetentionPlanInput extends RetentionRef {
  /** Actions that failed and wait until the given time (ISO 8601) before they are tried again. */
  deferred?: Partial<Record<RetentionAction, string>>;
}

export interface RetentionPlanResult {
  /** False once the run is gone: the workflow is done. */
  found: boolean;
  /** The activity's time (ISO 8601): workflows take "now" from here, never from a clock. */
  now: string;
  plan: RetentionPlan | null;
  /** How long to sleep before planning again (0 when an action is due). */
  sleepMs: number;
}

export interface RetentionActionResult {
  /** `applied`, or why nothing was done (the workflow plans again). */
  outcome: GateOutcome | 'applied';
  /** When the action was done (ISO 8601). */
  at: string;
  counts: DeletionCounts;
}

/** Blob notes older than this belong to an action that crashed; the reconciler finishes them. */
const STALE_BLOB_NOTE_MS = 3_600_000;

const auditActions: Record<DeletionAction, string> = {
  delete_run: 'retention.run_deleted',
  delete_audio: 'retention.audio_deleted',
  delete_transcript: 'retention.transcript_deleted',
  delete_turn_log: 'retention.turn_log_deleted',
  delete_analytics: 'retention.analytics_deleted',
};

export const createRetentionActivities = ({ db, storage, clock }: ActivityDependencies) => ({
  /** The run's plan now, recorded with the time the workflow will plan again. */
  planRetention: async (input: RetentionPlanInput): Promise<RetentionPlanResult> => {
    const now = clock.now();
    const loaded = await loadRetention(db, input, now, input.deferred);
    if (!loaded) return { found: false, now: now.toISOString(), plan: null, sleepMs: 0 };
    await recordRetentionPlan(db, input.organizationId, input.runId, {
      plannedAt: now,
      nextWakeAt: new Date(loaded.plan.wakeAt),
    });
    return {
      found: true,
      now: now.toISOString(),
      plan: loaded.plan,
      sleepMs: Math.max(0, Date.parse(loaded.plan.wakeAt) - now.getTime()),
    };
  },

  /** Sets or releases the run's own legal hold (the organization's is a setting); audited when it changes. */
  setRetentionHold: async (input: RetentionRef & { on: boolean }): Promise<void> => {
    await changeRunLegalHold(db, input, { on: input.on, actor: 'retention', at: clock.now() });
  },

  /**
   * Deletes one kind of the run's data (or the run) if it is due, not held and not done; in one
   * transaction with its record and audit entry. Audio files are deleted after the commit.
   */
  applyRetentionDeletion: async (
    input: RetentionRef & { action: DeletionAction },
  ): Promise<RetentionActionResult> => {
    const at = clock.now();
    const result = await inTransaction(db, async (client) => {
      await lockRetention(client, input);
      const gate = await retentionGate(client, input, input.action, at);
      if (gate.outcome !== 'ready') return { outcome: gate.outcome, counts: {} };
      const counts = await deleteRunData(client, input.organizationId, input.runId, input.action);
      if (input.action !== 'delete_run') {
        await markRetentionActionDone(client, input.organizationId, input.runId, input.action, at);
      }
      const planned = gate.loaded!.plan.actions.find((action) => action.action === input.action);
      await appendAudit(client, {
        organizationId: input.organizationId,
        actor: 'retention',
        action: auditActions[input.action],
        subject: { runId: input.runId },
        details: { due_at: planned?.dueAt, counts },
        at,
      });
      return { outcome: 'applied' as const, counts };
    });
    await deleteUnreferencedBlobs(db, storage, await pendingBlobDeletions(db, input));
    if (result.outcome === 'applied') {
      Context.current().log.info('retention action applied', {
        runId: input.runId,
        action: input.action,
        ...result.counts,
      });
    }
    return { ...result, at: at.toISOString() };
  },

  /** Final runs without a live retention workflow, after `afterRunId` (keyset paging). */
  findRunsNeedingRetention: async (input: {
    afterRunId: string;
    limit: number;
    graceMs: number;
  }): Promise<RetentionRunRef[]> => runsNeedingRetention(db, { ...input, now: clock.now() }),

  /** The organization's runs that have had a retention workflow, for a policy rollout. */
  listRetentionRuns: async (input: {
    organizationId: string;
    afterRunId: string;
    limit: number;
  }): Promise<string[]> => retentionRunIds(db, input.organizationId, input),

  /** Finishes blob deletions an interrupted action left behind; returns files removed. */
  sweepRetentionBlobs: async (input: { limit: number }): Promise<number> => {
    const olderThan = new Date(clock.now().getTime() - STALE_BLOB_NOTE_MS);
    return deleteUnreferencedBlobs(
      db,
      storage,
      await pendingBlobDeletions(db, { olderThan, limit: input.limit }),
    );
  },
});
