/**
 * Sets or releases one run's legal hold and audits the change, in one transaction. The workflow
 * (on a `legalHold` signal) and the CLI both come here; setting a hold that is already set writes
 * nothing, so the two never audit the same change twice.
 */
import { inTransaction, type Pool } from '../../db/pool';
import { setRunLegalHold } from '../../db/retention';
import { appendAudit } from '../../db/audit-log';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';
import type { RetentionRef } from './load-retention';

/** Returns whether the hold changed; RunNotFound when there is no such run. */
export async function changeRunLegalHold(
  db: Pool,
  ref: RetentionRef,
  change: { on: boolean; actor: string; at: Date },
): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const outcome = await setRunLegalHold(client, ref.organizationId, ref.runId, change.on);
    if (outcome === 'not_found') {
      throw new EpilogueError(`run ${ref.runId} not found`, FailureType.RunNotFound);
    }
    if (outcome === 'unchanged') return false;
    await appendAudit(client, {
      organizationId: ref.organizationId,
      actor: change.actor,
      action: change.on ? 'retention.legal_hold_set' : 'retention.legal_hold_released',
      subject: { runId: ref.runId },
      details: { scope: 'run' },
      at: change.at,
    });
    return true;
  });
}
