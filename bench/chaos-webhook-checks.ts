/**
 * Did the customer hear about every run, once per event? From the receiver's side: every expected
 * event (`run.ended` and `run.analyzed` per run) arrived verified at least once, each under a single
 * `webhook-id` (a retry reuses it; a second id would be a second message), `run.ended` first, and no
 * request failed its signature. Deliveries of an id already received are retries the contract
 * allows (an answer lost to the outage, a worker killed before recording it); they are counted.
 */
import type { DemoDelivery } from '../client/demo-receiver';
import type { Pool } from '../db/pool';

export interface WebhookChecks {
  expectedEvents: number;
  /** Expected events received verified at least once. */
  deliveredEvents: number;
  /** Requests whose signature or timestamp did not verify. */
  unverified: number;
  /** Events received under more than one `webhook-id` (ids beyond the first). */
  idConflicts: number;
  /** Verified deliveries of a `webhook-id` already received. */
  redeliveries: number;
  /** Runs whose `run.analyzed` arrived before their `run.ended`. */
  outOfOrder: number;
  /** Messages the database does not record as delivered. */
  undeliveredMessages: number;
  /** Attempts recorded as failed (the receiver was down): the outages reached the deliveries. */
  failedAttempts: number;
}

const expectedTypes = ['run.ended', 'run.analyzed'] as const;

/** Attempts recorded as failed so far (on any connection: the chaos run's own is never cut). */
export async function failedWebhookAttempts(
  db: Pick<Pool, 'query'>,
  organizationId: string,
): Promise<number> {
  const { rows } = await db.query<{ failed: number }>(
    `select count(*)::int as failed from webhook_attempts
     where organization_id = $1::text and outcome = 'failed'`,
    [organizationId],
  );
  return rows[0]!.failed;
}

async function messageCounts(
  db: Pool,
  organizationId: string,
): Promise<{ undelivered: number; failedAttempts: number }> {
  const { rows } = await db.query<{ undelivered: number; failedAttempts: number }>(
    `select
       (select count(*) from webhook_messages
         where organization_id = $1::text and state <> 'delivered')::int as undelivered,
       (select count(*) from webhook_attempts
         where organization_id = $1::text and outcome = 'failed')::int as "failedAttempts"`,
    [organizationId],
  );
  return rows[0]!;
}

export async function checkWebhooks(
  db: Pool,
  organizationId: string,
  runIds: string[],
  deliveries: readonly DemoDelivery[],
): Promise<WebhookChecks> {
  const verified = deliveries.filter((delivery) => delivery.verified);
  const idsByEvent = new Map<string, Set<string>>();
  const firstArrival = new Map<string, number>();
  verified.forEach((delivery, index) => {
    const event = `${delivery.eventType}:${delivery.runId}`;
    idsByEvent.set(event, (idsByEvent.get(event) ?? new Set()).add(delivery.webhookId));
    if (!firstArrival.has(event)) firstArrival.set(event, index);
  });
  const expected = runIds.flatMap((runId) => expectedTypes.map((type) => `${type}:${runId}`));
  const { undelivered, failedAttempts } = await messageCounts(db, organizationId);
  return {
    expectedEvents: expected.length,
    deliveredEvents: expected.filter((event) => idsByEvent.has(event)).length,
    unverified: deliveries.length - verified.length,
    idConflicts: [...idsByEvent.values()].reduce((sum, ids) => sum + ids.size - 1, 0),
    redeliveries: verified.length - new Set(verified.map((delivery) => delivery.webhookId)).size,
    outOfOrder: runIds.filter(
      (runId) =>
        (firstArrival.get(`run.analyzed:${runId}`) ?? Infinity) <
        (firstArrival.get(`run.ended:${runId}`) ?? Infinity),
    ).length,
    undeliveredMessages: undelivered,
    failedAttempts,
  };
}

/**
 * Waits until every expected event has arrived and no message is still pending (a retry due), or
 * the timeout passes; the checks then report whatever is missing.
 */
export async function waitForWebhooks(
  db: Pool,
  organizationId: string,
  runIds: string[],
  deliveries: readonly DemoDelivery[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const checks = await checkWebhooks(db, organizationId, runIds, deliveries);
    const { rows } = await db.query<{ pending: number }>(
      `select count(*)::int as pending from webhook_messages
       where organization_id = $1::text and state = 'pending'`,
      [organizationId],
    );
    if (checks.deliveredEvents === checks.expectedEvents && rows[0]!.pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
