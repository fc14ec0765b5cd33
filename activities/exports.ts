/**
 * Access export activities: build a participant's ZIP and store it, and delete it when it expires.
 * Both are safe to retry. The export's times are fixed by the first attempt, and the ZIP is
 * deterministic, so a retry rebuilds the same bytes under the same content-addressed key; the key
 * is recorded before the file is stored and the export becomes `ready` only while it still holds
 * that key, so neither a retry nor two attempts at once leave a second blob behind. The audit
 * entries are written in the same transactions as the changes they record. Nothing returned or
 * logged holds personal data: the participant is a keyed hash, their runs are counted.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { loadParticipantData } from '../db/participant-data';
import {
  fixExportTimes,
  getExportRequest,
  lockExportRequest,
  markExportExpired,
  markExportFailed,
  markExportReady,
  recordExportFile,
  type ExportRequestRow,
} from '../db/participant-exports';
import { inTransaction } from '../db/pool';
import { appendAudit } from '../db/audit-log';
import { EpilogueError } from '../lib/errors';
import { exportContents } from '../lib/exports/export-contents';
import { writeExportZip } from '../lib/exports/write-export-zip';
import { FailureType } from '../lib/failure-types';
import {
  refuseClosedExport,
  type StoredExport,
  storedExportOf,
} from '../lib/exports/stored-export';
import { contentKey } from '../lib/storage/blob-store';
import { sha256File } from '../lib/storage/sha256-file';
import { withWorkDir } from '../lib/storage/work-dir';
import { withProgress } from '../lib/temporal/activity-progress';
import type { ActivityDependencies } from './dependencies';

export interface ExportRef {
  organizationId: string;
  requestId: string;
}

/** A stored export, as the workflow and the client see it: ids, sizes, times and counts. */
export interface ParticipantExportReady extends StoredExport {
  /** The activity's time (ISO 8601): the workflow sleeps from here until `expiresAt`. */
  now: string;
}

export interface ExportExpiryResult {
  /** The file is gone (or the export was erased): the workflow is done. */
  done: boolean;
  /** How much longer to sleep when the expiry is not due yet by the database's record. */
  remainingMs: number;
}

const EXPORT_ACTOR = 'export';

function readyExport(row: ExportRequestRow, now: Date): ParticipantExportReady {
  return { ...storedExportOf(row), now: now.toISOString() };
}

/** The export as another attempt left it: ready, or the typed failure that ends the request. */
function settledExport(
  row: ExportRequestRow | undefined,
  ref: ExportRef,
  now: Date,
): ParticipantExportReady {
  if (!row) {
    throw new EpilogueError(`no export request ${ref.requestId}`, FailureType.ExportNotFound);
  }
  if (row.status === 'ready') return readyExport(row, now);
  refuseClosedExport(row);
  // Still `requested`: another attempt is between its steps; this attempt is retried.
  throw new Error(`export ${ref.requestId} is being built by another attempt`);
}

export const createExportActivities = ({ db, storage, clock }: ActivityDependencies) => ({
  /**
   * Builds the participant's ZIP (their runs in this organization only) and stores it; returns
   * the stored export. An export already built is returned as it is.
   */
  buildParticipantExport: async (ref: ExportRef): Promise<ParticipantExportReady> =>
    // Heartbeats from the start: reading a large participant's rows takes a while too.
    withProgress('export', async (progress) => {
      const now = clock.now();
      const request = await fixExportTimes(db, ref.organizationId, ref.requestId, now);
      if (request?.status !== 'requested' || request.participantExternalId === null) {
        return settledExport(request, ref, now);
      }
      const externalId = request.participantExternalId;
      const data = await inTransaction(db, async (client) => {
        await client.query('set transaction isolation level repeatable read, read only');
        return loadParticipantData(client, ref.organizationId, externalId);
      });
      if (data.runs.length === 0) {
        await markExportFailed(
          db,
          ref.organizationId,
          ref.requestId,
          FailureType.ParticipantNotFound,
        );
        throw new EpilogueError(
          `export ${ref.requestId}: the participant has no run in organization ${ref.organizationId}`,
          FailureType.ParticipantNotFound,
        );
      }
      const contents = exportContents(data);

      return withWorkDir(async (dir) => {
        const file = path.join(dir, 'export.zip');
        let done = 0;
        await writeExportZip(file, {
          requestId: ref.requestId,
          organizationId: ref.organizationId,
          createdAt: request.createdAt!,
          expiresAt: request.expiresAt!,
          contents,
          audioPath: (blobKey) => storage.localPath(blobKey),
          onAudioFile: () => progress.report((done += 1) / (contents.audio.length + 1)),
        });
        const sha256 = await sha256File(file);
        const byteSize = (await fs.stat(file)).size;
        const blobKey = contentKey(ref.organizationId, sha256, 'zip');

        const recorded = await inTransaction(db, async (client) => {
          const locked = await lockExportRequest(client, ref.organizationId, ref.requestId);
          if (locked?.status !== 'requested') return undefined;
          await recordExportFile(client, ref.organizationId, ref.requestId, {
            blobKey,
            sha256,
            byteSize,
            counts: contents.counts,
          });
          return { previousKey: locked.blobKey === blobKey ? null : locked.blobKey };
        });
        if (!recorded) {
          const current = await getExportRequest(db, ref.organizationId, ref.requestId);
          return settledExport(current, ref, now);
        }

        await storage.putFile(ref.organizationId, file, 'zip');
        const ready = await inTransaction(db, async (client) => {
          if (!(await markExportReady(client, ref.organizationId, ref.requestId, blobKey))) {
            return false;
          }
          await appendAudit(client, {
            organizationId: ref.organizationId,
            actor: EXPORT_ACTOR,
            action: 'privacy.export_created',
            subject: { participantExternalId: externalId },
            details: {
              request_id: ref.requestId,
              sha256,
              bytes: byteSize,
              counts: contents.counts,
              expires_at: request.expiresAt!.toISOString(),
            },
            at: now,
          });
          return true;
        });
        const current = await getExportRequest(db, ref.organizationId, ref.requestId);
        if (!ready) {
          // Another attempt recorded its own file meanwhile: this attempt's blob is nobody's.
          if (current?.blobKey !== blobKey) await storage.delete(blobKey);
          return settledExport(current, ref, now);
        }
        // An earlier attempt stored a file and died before finishing; its blob is nobody's either.
        if (recorded.previousKey) await storage.delete(recorded.previousKey);
        Context.current().log.info('access export stored', {
          requestId: ref.requestId,
          bytes: byteSize,
          ...contents.counts,
        });
        return readyExport(current!, now);
      });
    }),

  /**
   * Deletes the export's file once its expiry has come (by the database's record) and marks the
   * export expired, with its audit entry; the file goes after the commit, so a retry finds the
   * key again. Not yet due: says how much longer to wait.
   */
  expireParticipantExport: async (ref: ExportRef): Promise<ExportExpiryResult> => {
    const now = clock.now();
    const outcome = await inTransaction(db, async (client) => {
      const row = await lockExportRequest(client, ref.organizationId, ref.requestId);
      if (row?.status === 'ready') {
        const remainingMs = row.expiresAt!.getTime() - now.getTime();
        if (remainingMs > 0) return { remainingMs, blobKey: null };
        await markExportExpired(client, ref.organizationId, ref.requestId, now);
        await appendAudit(client, {
          organizationId: ref.organizationId,
          actor: EXPORT_ACTOR,
          action: 'privacy.export_expired',
          ...(row.participantExternalId === null
            ? {}
            : { subject: { participantExternalId: row.participantExternalId } }),
          details: {
            request_id: ref.requestId,
            sha256: row.sha256,
            expires_at: row.expiresAt!.toISOString(),
          },
          at: now,
        });
      }
      const expired = row?.status === 'ready' || row?.status === 'expired';
      return { remainingMs: 0, blobKey: expired ? row.blobKey : null };
    });
    if (outcome.remainingMs > 0) return { done: false, remainingMs: outcome.remainingMs };
    if (outcome.blobKey) await storage.delete(outcome.blobKey);
    return { done: true, remainingMs: 0 };
  },
});
