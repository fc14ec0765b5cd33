/**
 * An export request that has ended without a file to give: expired (its file is deleted) or
 * failed (with the build's failure type). The worker and the client refuse it the same way.
 */
import type { ExportRequestRow } from '../../db/participant-exports';
import { EpilogueError } from '../errors';
import { FailureType, type FailureTypeName } from '../failure-types';

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
