import { afterEach, describe, expect, it } from 'vitest';
import {
  type DemoReceiver,
  describeDemoDelivery,
  startDemoReceiver,
} from '../client/demo-receiver';
import { deliverWebhook } from '../lib/webhooks/deliver-webhook';
import { generateWebhookSecret } from '../lib/webhooks/secrets';
import { signMessage } from '../lib/webhooks/sign-message';

let receiver: DemoReceiver | undefined;
afterEach(async () => {
  await receiver?.stop();
  receiver = undefined;
});

function send(url: string, secret: string, id: string, body: object) {
  const text = JSON.stringify(body);
  return deliverWebhook({
    url,
    body: text,
    secrets: [secret],
    headers: signMessage({ id, timestamp: new Date(), body: text }, [secret]),
    allowedHosts: ['127.0.0.1'],
  });
}

describe('demo webhook receiver', () => {
  it('verifies signatures, records what arrived and prints it without the body', async () => {
    const secret = generateWebhookSecret();
    const printed: string[] = [];
    receiver = await startDemoReceiver({
      secret,
      onDelivery: (delivery) => printed.push(describeDemoDelivery(delivery)),
    });
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks$/);
    const event = {
      type: 'run.ended',
      id: 'msg_1',
      data: { run_id: 'run_42', participant: 'Ada' },
    };

    expect(await send(receiver.url, secret, 'msg_1', event)).toMatchObject({
      outcome: 'delivered',
      statusCode: 204,
    });
    expect(await send(receiver.url, secret, 'msg_1', event)).toMatchObject({
      outcome: 'delivered',
    });
    expect(await send(receiver.url, generateWebhookSecret(), 'msg_2', event)).toMatchObject({
      outcome: 'failed',
      statusCode: 400,
    });

    expect(receiver.received).toEqual([
      expect.objectContaining({
        webhookId: 'msg_1',
        eventType: 'run.ended',
        runId: 'run_42',
        verified: true,
        duplicate: false,
      }),
      expect.objectContaining({ webhookId: 'msg_1', verified: true, duplicate: true }),
      expect.objectContaining({ webhookId: 'msg_2', verified: false, eventType: null }),
    ]);
    expect(printed).toEqual([
      'webhook run.ended for run_42 (webhook-id msg_1)',
      'webhook run.ended for run_42 (webhook-id msg_1, again)',
      'webhook rejected: signature did not verify (webhook-id msg_2)',
    ]);
    expect(printed.join('\n')).not.toContain('Ada');
  });
});
