import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionsClient } from '../client/sessions-client';
import { WebhooksClient } from '../client/webhooks-client';
import { getSession } from '../db/sessions';
import { getWebhookEndpoint } from '../db/webhook-endpoints';
import { verifyAuditChain } from '../lib/privacy/audit-chain';
import { subjectHash } from '../lib/privacy/subject-hash';
import { startTestStack, type TestStack } from './support/test-stack';
import { testConfig } from './support/test-worker';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const organizationId = 'org_admin_audit';
let stack: TestStack;
let receiver: WebhookReceiver;
let webhooks: WebhooksClient;

beforeAll(async () => {
  stack = await startTestStack({ webhooks: { allowedHosts: '127.0.0.1', retrySchedule: '0,1s' } });
  // The receiver is gone for good: its first answer disables the endpoint that calls it.
  receiver = await startWebhookReceiver((_request, response) => {
    response.writeHead(410).end();
  });
  webhooks = new WebhooksClient(stack.database.pool, {
    ...testConfig(stack.temporal, stack.database.url, stack.deps.dataDir),
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  });
});

afterAll(async () => {
  await webhooks?.close();
  await receiver?.close();
  await stack?.stop();
});

async function auditEntries() {
  const { rows } = await stack.database.pool.query<{
    actor: string;
    action: string;
    subjectHash: string | null;
    details: Record<string, unknown>;
  }>(
    `select actor, action, subject_hash as "subjectHash", details from audit_log
     where organization_id = $1::text order by seq`,
    [organizationId],
  );
  return rows;
}

describe('audit of administrators’ actions', () => {
  it('records every change to a webhook endpoint, by operators and by delivery, without its URL', async () => {
    const url = `${receiver.url}?token=customer-secret-token`;
    const { endpoint } = await webhooks.addEndpoint({ organizationId, url });
    await webhooks.rotateSecret(organizationId, endpoint.id);
    await webhooks.disableEndpoint(organizationId, endpoint.id);
    await webhooks.enableEndpoint(organizationId, endpoint.id);
    await webhooks.sendTest(organizationId, endpoint.id);
    await expect
      .poll(
        async () =>
          (await getWebhookEndpoint(stack.database.pool, organizationId, endpoint.id))?.enabled,
        {
          timeout: 30_000,
        },
      )
      .toBe(false);

    const entries = await auditEntries();
    expect(entries.map((entry) => [entry.actor, entry.action])).toEqual([
      ['operator', 'webhook.endpoint_added'],
      ['operator', 'webhook.secret_rotated'],
      ['operator', 'webhook.endpoint_disabled'],
      ['operator', 'webhook.endpoint_enabled'],
      ['webhooks', 'webhook.endpoint_disabled'],
    ]);
    for (const entry of entries) expect(entry.details).toMatchObject({ endpoint_id: endpoint.id });
    expect(entries[4]!.details).toMatchObject({ reason: 'gone' });
    expect(JSON.stringify(entries)).not.toContain('customer-secret-token');
  });

  it('records an administrator pausing and ending a session, naming its run by keyed hash', async () => {
    const sessions = new SessionsClient({
      temporal: stack.temporal.client,
      db: stack.database.pool,
      taskQueue: stack.temporal.taskQueue,
    });
    const sessionId = `ses_${randomUUID().slice(0, 8)}`;
    const runId = `run_${randomUUID().slice(0, 8)}`;
    await sessions.start({ sessionId, organizationId, runId });
    await expect
      .poll(() => getSession(stack.database.pool, organizationId, sessionId), { timeout: 30_000 })
      .toBeDefined();
    // A participant's own pause is not an administrator's action: it is not audited.
    await sessions.pause({ sessionId, organizationId, by: 'participant', reason: 'break' });
    await sessions.resume({ sessionId, organizationId });
    await sessions.pause({ sessionId, organizationId, by: 'admin', reason: 'technical_issue' });
    await sessions.end({ sessionId, organizationId, reason: 'operator_request' });

    const runHash = await subjectHash(stack.database.pool, organizationId, { runId });
    const sessionEntries = (await auditEntries()).filter((entry) =>
      entry.action.startsWith('session.'),
    );
    expect(sessionEntries).toEqual([
      {
        actor: 'operator',
        action: 'session.admin_paused',
        subjectHash: runHash,
        details: { reason: 'technical_issue' },
      },
      {
        actor: 'operator',
        action: 'session.admin_ended',
        subjectHash: runHash,
        details: { reason: 'operator_request' },
      },
    ]);
    expect(JSON.stringify(sessionEntries)).not.toContain(runId);
    expect((await verifyAuditChain(stack.database.pool, { organizationId })).ok).toBe(true);
  });
});
