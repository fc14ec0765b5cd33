/**
 * An export request's file as the worker and the client both report it, from its row: refused
 * when the request has ended without one (expired: the file is deleted; failed: with the build's
 * failure type), otherwise its ids, size, checksum, times and counts.
 */
import type { ExportCounts, ExportRequestRow } from '../../db/participant-exports';
import { EpilogueError } from '../errors';
import { FailureType, type FailureTypeName } from '../failure-types';

export interface StoredExport {
  requestId: string;
  blobKey: string;
  sha256: string;
  bytes: number;
  createdAt: string;
  expiresAt: string;
  counts: ExportCounts;
}

export function refuseClosedExport(row: ExportRequestRow): void {
  if (row.status === 'expired') {
    throw new EpilogueError(
      `export ${row.requestId} expired at ${row.expiresAt?.toISOString()}; request a new one`,
      FailureType.ExportExpired,
    );
  }
  if (row.status === 'failed') {
    throw new EpilogueError(
      `export ${row.requestId} failed`,
      (row.failureType ?? FailureType.ParticipantNotFound) as FailureTypeName,
    );
  }
}

/** The file of a request whose status is `ready`: every field of it is set then. */
export function storedExportOf(row: ExportRequestRow): StoredExport {
  return {
    requestId: row.requestId,
    blobKey: row.blobKey!,
    sha256: row.sha256!,
    bytes: row.byteSize!,
    createdAt: row.createdAt!.toISOString(),
    expiresAt: row.expiresAt!.toISOString(),
    counts: row.counts,
  };
}
