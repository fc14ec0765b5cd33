/**
 * Erasure activities (`erasure:<requestId>`, docs/privacy.md): list the subject's runs in the
 * organization, erase them a batch at a time (their workflows, rows and files, and the access
 * exports that copied them), sweep what Temporal still holds, then sign the receipt and audit.
 *
 * The request lives in PostgreSQL (erasure_requests): the workflow passes only the organization
 * and request ids, and the subject's id is read here and never returned, logged or put in a
 * failure message, so neither the history nor the logs hold it. Every step is safe to retry:
 * runs are listed once, a batch counts what it deletes in the transaction that deletes it, each
 * workflow execution is recorded before it is deleted and counted once, files go after their
 * rows through notes a retry finds again, and a completed request returns its stored receipt.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import {
  collectErasureRuns,
  deleteRunRows,
  erasureRunPage,
  forgetErasureRuns,
  erasureHold,
  markRunsErased,
  pendingErasureRuns,
  recordedRunWorkflows,
  recordedWorkflowCount,
  recordRunWorkflows,
  runWorkflowKeys,
  type WorkflowExecutionRef,
} from '../db/erasure-runs';
import {
  addErasureCounts,
  completeErasureRequest,
  getErasureRequest,
  markErasureStarted,
  refuseErasureRequest,
  type ErasureRequestRow,
} from '../db/erasure-requests';
import { appendAudit } from '../db/audit-log';
import { referencedBlobKeys } from '../db/audio-assets';
import { inTransaction } from '../db/pool';
import type { Queryable } from '../db/queryable';
import { enqueueBlobDeletions, pendingBlobDeletions } from '../db/retention-blob-deletions';
import { deleteSubjectExports, subjectExports } from '../db/subject-exports';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import { exportWorkflowId } from '../lib/ids';
import { signErasureReceipt, type ErasureReceipt } from '../lib/privacy/erasure-receipt';
import { organizationSigner } from '../lib/privacy/organization-signer';
import type { PrivacySubject } from '../lib/privacy/subject-hash';
import {
  eraseExecutions,
  executionsNotYetDeleted,
  findExecutionsByWorkflowId,
  findRetentionRollouts,
  findRunWorkflows,
  type FoundExecution,
} from '../lib/privacy/run-workflows';
import { deleteUnreferencedBlobs } from '../lib/retention/delete-unreferenced-blobs';
import type { ActivityDependencies } from './dependencies';

export interface ErasureRef {
  organizationId: string;
  requestId: string;
}

export interface ErasureSummary {
  requestId: string;
  scope: ErasureRequestRow['scope'];
  subjectHash: string;
  counts: ErasureReceipt['counts'];
  /** ISO 8601. */
  finishedAt: string;
}

/** Runs whose workflows the final sweep looks for again in one visibility query. */
const SWEEP_PAGE = 100;
/**
 * How long one sweep attempt waits for the server to finish deleting histories: it deletes a
 * closed execution some time after it accepts the request (about 30 s on the dev server).
 */
const DELETION_WAIT_MS = 90_000;
const DELETION_POLL_MS = 500;

const subjectOf = (request: ErasureRequestRow): PrivacySubject =>
  request.scope === 'participant'
    ? { participantExternalId: request.subject! }
    : { runId: request.subject! };

/** The worker's own Temporal client: erasing histories needs the service, not just a workflow. */
const temporalClient = (): Client => Context.current().client;

export const createErasureActivities = ({
  db,
  storage,
  clock,
  sealingKeys,
}: ActivityDependencies) => {
  const pendingRequest = async (
    client: Queryable,
    ref: ErasureRef,
    options: { forUpdate?: boolean } = {},
  ): Promise<ErasureRequestRow> => {
    const request = await getErasureRequest(client, ref.organizationId, ref.requestId, options);
    if (!request) {
      throw new EpilogueError('no such erasure request in this organization', 'UsageError');
    }
    if (request.state === 'refused') {
      throw new EpilogueError(
        'this erasure request was refused; asking again makes it pending',
        request.refusal === FailureType.RunNotFound
          ? FailureType.RunNotFound
          : FailureType.LegalHold,
      );
    }
    return request;
  };

  const heldError = (by: 'run' | 'organization') =>
    new EpilogueError(
      by === 'run'
        ? 'a legal hold on one of the subject’s runs blocks erasure'
        : 'a legal hold on the organization blocks erasure',
      FailureType.LegalHold,
    );

  /** Deletes the files noted for these runs once nothing references them. */
  const deleteNotedBlobs = async (organizationId: string, runIds: string[]) => {
    for (const runId of runIds) {
      await deleteUnreferencedBlobs(
        db,
        storage,
        await pendingBlobDeletions(db, { organizationId, runId }),
      );
    }
  };

  /**
   * Deletes executions (the server terminates running ones), recording them first under the run
   * they concern; returns the fan-outs left running for the sweep.
   */
  const eraseFound = async (ref: ErasureRef, found: FoundExecution[], fallbackRunId: string) => {
    const byRun = new Map<string, WorkflowExecutionRef[]>();
    for (const execution of found) {
      const runId = execution.concerns ?? fallbackRunId;
      byRun.set(runId, [...(byRun.get(runId) ?? []), execution]);
    }
    for (const [runId, executions] of byRun) await recordRunWorkflows(db, ref, runId, executions);
    const context = Context.current();
    return eraseExecutions(temporalClient(), found, { onProgress: () => context.heartbeat() });
  };

  return {
    /** Marks the request started; `completed` when it is already done (a repeated workflow). */
    beginErasure: async (ref: ErasureRef): Promise<{ completed: boolean }> => {
      const request = await pendingRequest(db, ref);
      if (request.state === 'completed') return { completed: true };
      await markErasureStarted(db, ref.organizationId, ref.requestId, clock.now());
      return { completed: false };
    },

    /**
     * Lists the subject's runs not listed yet (runs ingested meanwhile too) and checks legal holds
     * on all that are still to erase. Returns how many are. RunNotFound when a run scope names no
     * run of this organization; LegalHold when a hold covers any of them.
     */
    collectErasureRuns: async (ref: ErasureRef): Promise<{ pending: number }> =>
      inTransaction(db, async (client) => {
        const request = await pendingRequest(client, ref, { forUpdate: true });
        if (request.state === 'completed') return { pending: 0 };
        const pending = await collectErasureRuns(client, ref, request.scope, request.subject!);
        const listed = await erasureRunPage(client, ref, { afterRunId: '', limit: 1 });
        if (request.scope === 'run' && listed.length === 0) {
          throw new EpilogueError('no such run in this organization', FailureType.RunNotFound);
        }
        const held = await erasureHold(
          client,
          ref.organizationId,
          await pendingErasureRuns(client, ref, pending),
        );
        if (held) throw heldError(held);
        return { pending };
      }),

    /**
     * Erases the next `limit` runs: deletes their workflows (running ones terminated) and their
     * access exports' workflows, then their rows and exports (re-checking holds under lock) with
     * the counts, then their files. Returns how many runs are left.
     */
    eraseRunBatch: async (ref: ErasureRef & { limit: number }): Promise<{ remaining: number }> => {
      const runIds = await pendingErasureRuns(db, ref, ref.limit);
      if (runIds.length === 0) return { remaining: 0 };
      // Checked before anything is erased, and again under lock before the rows go.
      const heldNow = await erasureHold(db, ref.organizationId, runIds);
      if (heldNow) throw heldError(heldNow);
      const temporal = temporalClient();
      const keys = await runWorkflowKeys(db, ref.organizationId, runIds);
      await eraseFound(ref, await findRunWorkflows(temporal, ref.organizationId, keys), runIds[0]!);

      // Access exports copied the runs: their workflows stop first, so no ZIP is written after.
      const exports = await subjectExports(db, ref.organizationId, runIds);
      await eraseFound(
        ref,
        await findExecutionsByWorkflowId(
          temporal,
          exports.map((row) => exportWorkflowId(row.requestId)),
        ),
        runIds[0]!,
      );

      await inTransaction(db, async (client) => {
        const held = await erasureHold(client, ref.organizationId, runIds);
        if (held) throw heldError(held);
        const deleted = await deleteRunRows(client, ref.organizationId, runIds);
        const exportRows = await deleteSubjectExports(
          client,
          ref.organizationId,
          exports.map((row) => row.requestId),
        );
        const unlinked = new Set<string>();
        for (const [runId, blobKeys] of deleted.blobKeys) {
          await enqueueBlobDeletions(client, ref.organizationId, runId, blobKeys);
          for (const key of blobKeys) unlinked.add(key);
        }
        // Export files have no audio row: noted under the batch's first run, deleted with its files.
        await enqueueBlobDeletions(client, ref.organizationId, runIds[0]!, exportRows.blobKeys);
        for (const key of exportRows.blobKeys) unlinked.add(key);
        const stillUsed = await referencedBlobKeys(client, ref.organizationId, [...unlinked]);
        await addErasureCounts(client, ref.organizationId, ref.requestId, {
          ...Object.fromEntries(
            Object.entries(deleted.counts).map(([table, count]) => [`rows.${table}`, count]),
          ),
          'rows.participant_exports': exportRows.count,
          blobs: [...unlinked].filter((key) => !stillUsed.has(key)).length,
        });
        await markRunsErased(client, ref, runIds, clock.now());
      });
      await deleteNotedBlobs(ref.organizationId, runIds);
      const remaining = await pendingErasureRuns(db, ref, 1);
      return { remaining: remaining.length };
    },

    /**
     * Looks once more for workflows of every erased run (one started meanwhile by a reconciler,
     * say) and for the organization's retention rollouts, erases them (a rollout or reconciler
     * pass still running is waited for: the activity fails and is retried), finishes noted file
     * deletions, and waits until the server has deleted every recorded history.
     */
    sweepErasureWorkflows: async (ref: ErasureRef): Promise<void> => {
      const temporal = temporalClient();
      const context = Context.current();
      let stillRunning = 0;
      let afterRunId = '';
      for (;;) {
        const runIds = await erasureRunPage(db, ref, { afterRunId, limit: SWEEP_PAGE });
        if (runIds.length === 0) break;
        const recorded = await recordedRunWorkflows(db, ref, runIds);
        const found = await findRunWorkflows(
          temporal,
          ref.organizationId,
          runIds.map((runId) => ({ runId, sessionIds: [], messageIds: [], eventKeys: [] })),
        );
        stillRunning += (await eraseFound(ref, found, runIds[0]!)).leftRunning.length;
        // Recorded executions again: fan-outs left running before, and any delete the server
        // dropped, are asked for once more.
        const again = await eraseExecutions(temporal, recorded, {
          onProgress: () => context.heartbeat(),
        });
        stillRunning += again.leftRunning.length;
        await deleteNotedBlobs(ref.organizationId, runIds);
        afterRunId = runIds[runIds.length - 1]!;
      }
      const [firstRun] = await erasureRunPage(db, ref, { afterRunId: '', limit: 1 });
      if (firstRun !== undefined) {
        const rollouts = await findRetentionRollouts(temporal, ref.organizationId);
        stillRunning += (await eraseFound(ref, rollouts, firstRun)).leftRunning.length;
      }
      if (stillRunning > 0) {
        // Retryable: they finish within moments (they only signal or start workflows).
        throw new Error(
          `${stillRunning} retention rollouts or reconciler passes are still running`,
        );
      }

      const deadline = Date.now() + DELETION_WAIT_MS;
      afterRunId = '';
      for (;;) {
        const runIds = await erasureRunPage(db, ref, { afterRunId, limit: SWEEP_PAGE });
        if (runIds.length === 0) return;
        const recorded = await recordedRunWorkflows(db, ref, runIds);
        let remaining = await executionsNotYetDeleted(temporal, recorded);
        while (remaining.length > 0 && Date.now() < deadline) {
          context.heartbeat();
          await new Promise((resolve) => setTimeout(resolve, DELETION_POLL_MS));
          remaining = await executionsNotYetDeleted(temporal, remaining);
        }
        if (remaining.length > 0) {
          // Retryable: the next attempt asks again and waits once more.
          throw new Error(`${remaining.length} workflow histories are still being deleted`);
        }
        afterRunId = runIds[runIds.length - 1]!;
      }
    },

    /**
     * Completes the request: audits it, signs its receipt with the organization's key, stores
     * both and forgets the subject's id and its runs' ids. A completed request returns the same
     * summary again.
     */
    finishErasure: async (ref: ErasureRef): Promise<ErasureSummary> => {
      if (!sealingKeys) {
        throw new EpilogueError(
          'signing a receipt needs the payload keys (EPILOGUE_PAYLOAD_KEYS) in the worker',
          'ConfigError',
        );
      }
      const receipt = await inTransaction(db, async (client) => {
        const request = await pendingRequest(client, ref, { forUpdate: true });
        if (request.state === 'completed') return request.receipt!;
        const finishedAt = clock.now();
        const rows = Object.fromEntries(
          Object.entries(request.counts)
            .filter(([key]) => key.startsWith('rows.'))
            .map(([key, count]) => [key.slice('rows.'.length), count]),
        );
        const counts: ErasureReceipt['counts'] = {
          runs: rows['runs'] ?? 0,
          rows,
          blobs: request.counts['blobs'] ?? 0,
          workflow_histories:
            (request.counts['workflow_histories'] ?? 0) +
            (await recordedWorkflowCount(client, ref)),
        };
        const auditSeq = await appendAudit(client, {
          organizationId: ref.organizationId,
          actor: 'erasure',
          action: 'privacy.erasure_completed',
          subject: subjectOf(request),
          details: { request_id: ref.requestId, scope: request.scope, counts },
          at: finishedAt,
        });
        const signed = signErasureReceipt(
          {
            type: 'epilogue.erasure_receipt',
            version: 1,
            request_id: ref.requestId,
            organization_id: ref.organizationId,
            scope: { kind: request.scope, subject_hash: request.subjectHash },
            counts,
            requested_at: request.requestedAt.toISOString(),
            started_at: (request.startedAt ?? finishedAt).toISOString(),
            finished_at: finishedAt.toISOString(),
            audit_seq: auditSeq,
          },
          await organizationSigner(client, ref.organizationId, sealingKeys),
        );
        await completeErasureRequest(client, ref.organizationId, ref.requestId, {
          finishedAt,
          receipt: signed,
        });
        await forgetErasureRuns(client, ref);
        return signed;
      });
      return {
        requestId: receipt.request_id,
        scope: receipt.scope.kind,
        subjectHash: receipt.scope.subject_hash,
        counts: receipt.counts,
        finishedAt: receipt.finished_at,
      };
    },

    /**
     * Refuses the request (a legal hold, or a run scope naming no run of the organization): audits
     * the refusal, keeps the counts of anything erased before a hold was set, and forgets the
     * subject's id and the runs' ids. Asking again after the hold is released resumes it.
     */
    refuseErasure: async (ref: ErasureRef & { type: string }): Promise<void> => {
      await inTransaction(db, async (client) => {
        const request = await getErasureRequest(client, ref.organizationId, ref.requestId, {
          forUpdate: true,
        });
        if (request?.state !== 'pending') return;
        const at = clock.now();
        await addErasureCounts(client, ref.organizationId, ref.requestId, {
          workflow_histories: await recordedWorkflowCount(client, ref),
        });
        await appendAudit(client, {
          organizationId: ref.organizationId,
          actor: 'erasure',
          action: 'privacy.erasure_refused',
          subject: subjectOf(request),
          details: { request_id: ref.requestId, scope: request.scope, reason: ref.type },
          at,
        });
        await refuseErasureRequest(client, ref.organizationId, ref.requestId, {
          type: ref.type,
          at,
        });
        await forgetErasureRuns(client, ref);
      });
    },
  };
};
