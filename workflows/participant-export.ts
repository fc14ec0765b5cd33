/**
 * `export:<requestId>` — one access export: builds the participant's ZIP (their runs in the
 * organization, as JSON, CSV and audio, with a checksummed manifest), stores it, emits
 * `export.ready`, then sleeps until the export expires and deletes the file. The caller waits on
 * the `ready` update, which answers once the file is stored (at once afterwards), or fails with the
 * build's typed failure.
 *
 * The participant is named only in the request's row in PostgreSQL: this workflow's input, history,
 * id and search attributes hold the organization and request ids, blob keys, sizes and counts. Its
 * clock comes from the activities (a workflow has no wall clock), so the expiry recorded in the
 * database is the one honoured.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ExportRef, ParticipantExportReady } from '../activities/exports';
import { webhookEventTypes } from '../lib/webhooks/event-payload';
import { emitWebhookEvent } from './webhook-event';

/** Reading a participant's rows and streaming their audio into a ZIP: minutes for a large export. */
const buildOptions = {
  startToCloseTimeout: '1 hour',
  // The build heartbeats every 5 s: a minute of silence means a dead worker, retried elsewhere.
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
} as const;

/** Deleting one file and updating one row; retried on transient errors for as long as it takes. */
const quickDbOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

const { buildParticipantExport } = proxyActivities<Activities>(buildOptions);
const { expireParticipantExport } = proxyActivities<Activities>(quickDbOptions);

export type ParticipantExportInput = ExportRef;

export interface ParticipantExportOutcome {
  requestId: string;
  status: 'expired';
}

/** Waits until the export is stored and returns it; fails with the build's typed failure. */
export const exportReadyUpdate = defineUpdate<ParticipantExportReady>('ready');

/** A timer is never shorter than this, so an expiry in the past still sleeps (and replays) the same. */
const MIN_SLEEP_MS = 1000;

export async function participantExport(
  input: ParticipantExportInput,
): Promise<ParticipantExportOutcome> {
  let ready: ParticipantExportReady | undefined;
  let failure: ApplicationFailure | undefined;
  setHandler(exportReadyUpdate, async () => {
    await condition(() => ready !== undefined || failure !== undefined);
    if (failure) throw failure;
    return ready!;
  });

  try {
    ready = await buildParticipantExport(input);
  } catch (error) {
    // A typed failure of the build (ParticipantNotFound, ExportExpired, ...) ends the request: the
    // waiting callers get it, then the workflow fails with it.
    if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) {
      throw error;
    }
    failure = error.cause;
    await condition(allHandlersFinished);
    throw error;
  }

  await emitWebhookEvent({
    organizationId: input.organizationId,
    eventType: webhookEventTypes.exportReady,
    eventKey: `export.ready:${input.requestId}`,
    data: {
      request_id: input.requestId,
      bytes: ready.bytes,
      sha256: ready.sha256,
      counts: ready.counts,
      expires_at: ready.expiresAt,
    },
  });

  let waitMs = Date.parse(ready.expiresAt) - Date.parse(ready.now);
  for (;;) {
    await sleep(Math.max(MIN_SLEEP_MS, waitMs));
    const expiry = await expireParticipantExport(input);
    if (expiry.done) break;
    waitMs = expiry.remainingMs;
  }
  await condition(allHandlersFinished);
  return { requestId: input.requestId, status: 'expired' };
}
