/**
 * Access exports for compliance staff and the platform. `requestExport` records the request (the
 * participant is named in PostgreSQL only), starts `export:<requestId>` and waits until the ZIP
 * is stored. The same request id is the same request: asked again, it returns the same export, or
 * the same typed failure, and never builds a second ZIP.
 */
import { randomUUID } from 'node:crypto';
import {
  ApplicationFailure,
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { countParticipantRuns } from '../db/participant-data';
import {
  getExportRequest,
  insertExportRequest,
  type ExportCounts,
  type ExportRequestRow,
} from '../db/participant-exports';
import type { Pool } from '../db/pool';
import { periodMs } from '../lib/domain/retention-period';
import { EpilogueError } from '../lib/errors';
import { FailureType, type FailureTypeName } from '../lib/failure-types';
import {
  refuseClosedExport,
  type StoredExport,
  storedExportOf,
} from '../lib/exports/stored-export';
import { exportWorkflowId, PLATFORM_ID_PATTERN, searchAttributes, workflowTypes } from '../lib/ids';
import { subjectHash } from '../lib/privacy/subject-hash';
import type { BlobStore } from '../lib/storage/blob-store';
import { exportReadyUpdate, type ParticipantExportInput } from '../workflows/participant-export';

export interface ExportRequest {
  organizationId: string;
  participantExternalId: string;
  /** Names the request: the same id never exports twice. A new id when absent. */
  requestId?: string;
}

export interface ExportResult {
  requestId: string;
  workflowId: string;
  blobKey: string;
  /** The ZIP in the blob store, on local disk. */
  file: string;
  bytes: number;
  sha256: string;
  createdAt: string;
  expiresAt: string;
  counts: ExportCounts;
}

export interface ExportClientDependencies {
  db: Pool;
  storage: BlobStore;
  /** Connected on first use: a request answered from its row needs no Temporal. */
  temporal: () => Promise<Client>;
  taskQueue: string;
  /** How long a new export is kept (`EPILOGUE_EXPORT_TTL`: `7d`, `12h`, ...). */
  ttl: string;
}

/** Temporal runs an update once per id: every caller of one export waits on the same update. */
const READY_UPDATE_ID = 'ready';

export class ExportClient {
  private readonly ttlMs: number;

  constructor(private readonly deps: ExportClientDependencies) {
    const ttlMs = periodMs(deps.ttl);
    if (ttlMs === null || ttlMs <= 0) {
      throw new EpilogueError('the export TTL must be a positive duration', 'UsageError');
    }
    this.ttlMs = ttlMs;
  }

  /** Exports the participant's data in the organization; ParticipantNotFound when there is none. */
  async requestExport(request: ExportRequest): Promise<ExportResult> {
    const { organizationId, participantExternalId } = request;
    const requestId = request.requestId ?? randomUUID();
    if (!PLATFORM_ID_PATTERN.test(organizationId)) {
      throw new EpilogueError('organization id must be a platform id', 'UsageError');
    }
    if (!PLATFORM_ID_PATTERN.test(requestId)) {
      throw new EpilogueError(
        'request id must be 1-64 letters, digits, dashes or underscores',
        'UsageError',
      );
    }
    if (participantExternalId.length === 0) {
      throw new EpilogueError('participant external id must not be empty', 'UsageError');
    }
    // The message names neither the participant nor whether they exist elsewhere.
    if ((await countParticipantRuns(this.deps.db, organizationId, participantExternalId)) === 0) {
      throw new EpilogueError(
        `no run of this participant in organization ${organizationId}`,
        FailureType.ParticipantNotFound,
      );
    }
    const hash = await subjectHash(this.deps.db, organizationId, { participantExternalId });
    const row = await insertExportRequest(this.deps.db, {
      requestId,
      organizationId,
      subjectHash: hash,
      participantExternalId,
      ttlMs: this.ttlMs,
    });
    if (row?.subjectHash !== hash) {
      throw new EpilogueError(
        `request id ${requestId} was already used for another export`,
        FailureType.ExportRequestConflict,
      );
    }
    if (row.status !== 'requested') return this.settled(row);
    return this.startAndWait({ organizationId, requestId });
  }

  private async startAndWait(input: ParticipantExportInput): Promise<ExportResult> {
    const client = await this.deps.temporal();
    const workflowId = exportWorkflowId(input.requestId);
    try {
      await client.workflow.start(workflowTypes.participantExport, {
        workflowId,
        taskQueue: this.deps.taskQueue,
        args: [input],
        // One workflow per request; a duplicate request waits on the one already started.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: searchAttributes.organizationId, value: input.organizationId },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    try {
      const ready = await client.workflow
        .getHandle(workflowId)
        .executeUpdate(exportReadyUpdate, { updateId: READY_UPDATE_ID });
      return this.result(ready);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        throw new EpilogueError(error.cause.message, error.cause.type as FailureTypeName, {
          cause: error,
        });
      }
      // The workflow closed before the update reached it (it expired, or failed): its row says how.
      if (error instanceof WorkflowNotFoundError) {
        const row = await getExportRequest(this.deps.db, input.organizationId, input.requestId);
        if (row && row.status !== 'requested') return this.settled(row);
      }
      throw error;
    }
  }

  private async settled(row: ExportRequestRow): Promise<ExportResult> {
    refuseClosedExport(row);
    return this.result(storedExportOf(row));
  }

  private async result(ready: StoredExport): Promise<ExportResult> {
    return {
      requestId: ready.requestId,
      workflowId: exportWorkflowId(ready.requestId),
      blobKey: ready.blobKey,
      file: await this.deps.storage.localPath(ready.blobKey),
      bytes: ready.bytes,
      sha256: ready.sha256,
      createdAt: ready.createdAt,
      expiresAt: ready.expiresAt,
      counts: ready.counts,
    };
  }
}
