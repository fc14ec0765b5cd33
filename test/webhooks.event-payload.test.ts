import { describe, expect, it } from 'vitest';
import {
  buildEventPayload,
  isWebhookEventType,
  webhookEventTypes,
} from '../lib/webhooks/event-payload';
import { webhookMessageId } from '../lib/webhooks/message-id';

describe('webhook event payload', () => {
  it('wraps event data in a versioned envelope with an ISO timestamp', () => {
    const payload = buildEventPayload({
      type: webhookEventTypes.runEnded,
      id: 'msg_0123',
      timestamp: new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 6)),
      data: { runId: 'run_1', status: 'completed' },
    });
    expect(JSON.parse(JSON.stringify(payload))).toEqual({
      type: 'run.ended',
      id: 'msg_0123',
      timestamp: '2030-01-02T03:04:05.006Z',
      version: 1,
      data: { runId: 'run_1', status: 'completed' },
    });
  });

  it('names the event types customers subscribe to', () => {
    expect(Object.values(webhookEventTypes)).toEqual(
      expect.arrayContaining(['run.ended', 'run.analyzed', 'endpoint.disabled', 'webhook.test']),
    );
    expect(isWebhookEventType('run.analyzed')).toBe(true);
    expect(isWebhookEventType('run.deleted')).toBe(false);
    expect(isWebhookEventType('toString')).toBe(false);
  });
});

describe('webhook message ids', () => {
  const parts = { organizationId: 'org_1', eventKey: 'run.ended:run_1', endpointId: 'ep_1' };

  it('derives the same id for the same event and endpoint, so a duplicate enqueue is the same message', () => {
    const id = webhookMessageId(parts);
    expect(id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(webhookMessageId({ ...parts })).toBe(id);
  });

  it('derives different ids for another organization, event or endpoint', () => {
    const ids = new Set([
      webhookMessageId(parts),
      webhookMessageId({ ...parts, organizationId: 'org_2' }),
      webhookMessageId({ ...parts, eventKey: 'run.analyzed:run_1' }),
      webhookMessageId({ ...parts, endpointId: 'ep_2' }),
    ]);
    expect(ids.size).toBe(4);
  });

  it('cannot be made to collide by moving a separator between the parts', () => {
    expect(webhookMessageId({ organizationId: 'a:b', eventKey: 'c', endpointId: 'd' })).not.toBe(
      webhookMessageId({ organizationId: 'a', eventKey: 'b:c', endpointId: 'd' }),
    );
  });
});
