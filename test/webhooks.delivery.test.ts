import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverWebhook, type WebhookDelivery } from '../lib/webhooks/deliver-webhook';
import { generateWebhookSecret } from '../lib/webhooks/secrets';
import { signMessage } from '../lib/webhooks/sign-message';
import { watchConnections } from './support/webhook-connections';
import { startTlsReceiver } from './support/webhook-tls-receiver';
import {
  type ReceiverHandler,
  startWebhookReceiver,
  type WebhookReceiver,
} from './support/webhook-receiver';

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(handler: ReceiverHandler): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(handler);
  receivers.push(started);
  return started;
}

function signedDelivery(url: string, secrets = [generateWebhookSecret()]): WebhookDelivery {
  const body = JSON.stringify({ type: 'run.ended', id: 'msg_1', data: { runId: 'run_1' } });
  return {
    url,
    body,
    secrets,
    headers: signMessage({ id: 'msg_1', timestamp: new Date(), body }, secrets),
    allowedHosts: ['127.0.0.1'],
  };
}

const status =
  (code: number, headers: Record<string, string> = {}, body = ''): ReceiverHandler =>
  (_request, response) => {
    response.writeHead(code, headers).end(body);
  };

describe('webhook delivery', () => {
  it('delivers a 2xx with standard headers that the reference library verifies', async () => {
    const target = await receiver(status(204));
    const delivery = signedDelivery(target.url);
    const result = await deliverWebhook(delivery);
    expect(result).toMatchObject({ outcome: 'delivered', statusCode: 204 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const [request] = target.received;
    expect(request).toMatchObject({ method: 'POST', url: '/hooks', body: delivery.body });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.host).toBe(`127.0.0.1:${target.port}`);
    const verified = new Webhook(delivery.secrets[0]!).verify(
      request!.body,
      request!.headers as Record<string, string>,
    );
    expect(verified).toEqual(JSON.parse(delivery.body));
  });

  it('sends both signatures during a rotation, each verifying with its own secret', async () => {
    const target = await receiver(status(200));
    const delivery = signedDelivery(target.url, [generateWebhookSecret(), generateWebhookSecret()]);
    expect((await deliverWebhook(delivery)).outcome).toBe('delivered');
    const headers = target.received[0]!.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of delivery.secrets) {
      expect(() => new Webhook(secret).verify(target.received[0]!.body, headers)).not.toThrow();
    }
  });

  it('reports a 500 as failed with the status and the response excerpt', async () => {
    const target = await receiver(status(500, {}, 'database down'));
    expect(await deliverWebhook(signedDelivery(target.url))).toMatchObject({
      outcome: 'failed',
      statusCode: 500,
      error: 'HTTP 500',
      responseExcerpt: 'database down',
    });
  });

  it('reports a 410 as gone so the caller disables the endpoint', async () => {
    const target = await receiver(status(410));
    expect(await deliverWebhook(signedDelivery(target.url))).toMatchObject({
      outcome: 'gone',
      statusCode: 410,
    });
  });

  it('reads Retry-After in seconds on a 429', async () => {
    const target = await receiver(status(429, { 'retry-after': '120' }));
    expect(await deliverWebhook(signedDelivery(target.url))).toMatchObject({
      outcome: 'failed',
      statusCode: 429,
      retryAfterMs: 120_000,
    });
  });

  it('reads Retry-After as an HTTP date on a 503', async () => {
    const inTenMinutes = new Date(Date.now() + 10 * 60_000).toUTCString();
    const target = await receiver(status(503, { 'retry-after': inTenMinutes }));
    const result = await deliverWebhook(signedDelivery(target.url));
    expect(result).toMatchObject({ outcome: 'failed', statusCode: 503 });
    // HTTP dates have whole seconds, and a little time passes before the header is read.
    expect(result.retryAfterMs).toBeGreaterThan(9 * 60_000);
    expect(result.retryAfterMs).toBeLessThanOrEqual(10 * 60_000);
  });

  it('fails a receiver that does not answer within the deadline', async () => {
    const target = await receiver(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      response.end();
    });
    const result = await deliverWebhook({ ...signedDelivery(target.url), timeoutMs: 200 });
    expect(result).toMatchObject({ outcome: 'failed', error: 'timed out after 200 ms' });
    expect(result.statusCode).toBeUndefined();
    expect(result.latencyMs).toBeLessThan(1_500);
  });

  it('reads at most maxResponseBytes of an endless body and hangs up', async () => {
    let bytesSent = 0;
    let hungUp!: () => void;
    const receiverSawHangUp = new Promise<void>((resolve) => (hungUp = resolve));
    const target = await receiver((_request, response) => {
      response.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (!response.destroyed && response.write(chunk)) bytesSent += chunk.length;
      };
      response.on('drain', pump);
      response.on('close', hungUp);
      pump();
    });
    const result = await deliverWebhook({ ...signedDelivery(target.url), maxResponseBytes: 1000 });
    expect(result).toMatchObject({ outcome: 'delivered', statusCode: 200 });
    expect(result.responseExcerpt).toBe('a'.repeat(1000));
    await receiverSawHangUp;
    expect(bytesSent).toBeLessThan(64 * 1024 * 1024);
  });

  it('does not follow a redirect and says where it pointed', async () => {
    const elsewhere = await receiver(status(200));
    const target = await receiver(status(302, { location: elsewhere.url }));
    expect(await deliverWebhook(signedDelivery(target.url))).toMatchObject({
      outcome: 'failed',
      statusCode: 302,
      error: 'HTTP 302: redirects are not followed',
      responseExcerpt: `Location: ${elsewhere.url}\n\n`,
    });
    expect(elsewhere.received).toEqual([]);
  });

  it('removes the signing secret from an excerpt that quotes it', async () => {
    const secret = generateWebhookSecret();
    const key = secret.slice('whsec_'.length);
    const target = await receiver(status(401, {}, `expected ${secret}, or just ${key}`));
    const result = await deliverWebhook(signedDelivery(target.url, [secret]));
    expect(result.responseExcerpt).toBe('expected [redacted], or just [redacted]');
  });

  it.each([
    ['http://127.0.0.1:{port}/hooks', 'loopback'],
    ['http://[::1]:{port}/hooks', 'loopback'],
    ['http://[::ffff:127.0.0.1]:{port}/hooks', 'loopback'],
    ['http://0x7f.1:{port}/hooks', 'loopback'],
    ['http://2130706433:{port}/hooks', 'loopback'],
    ['http://10.0.0.1:{port}/hooks', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
  ])('refuses %s without the allowlist and records why', async (template, category) => {
    const target = await receiver(status(200));
    const url = template.replace('{port}', String(target.port));
    const result = await deliverWebhook({ ...signedDelivery(url), allowedHosts: [] });
    expect(result.outcome).toBe('refused');
    expect(result.error).toContain(`refused range (${category})`);
    expect(target.received).toEqual([]);
  });

  it('refuses a host name that resolves to loopback, without connecting', async () => {
    const target = await receiver(status(200));
    const result = await deliverWebhook({
      ...signedDelivery(`http://receiver.example:${target.port}/hooks`),
      allowedHosts: [],
      lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    expect(result).toMatchObject({
      outcome: 'refused',
      error: 'webhook URL refused: the host resolves to an address in a refused range (loopback)',
    });
    expect(target.received).toEqual([]);
  });

  it('refuses a non-http scheme', async () => {
    expect(await deliverWebhook(signedDelivery('ftp://127.0.0.1/hooks'))).toMatchObject({
      outcome: 'refused',
      error: 'webhook URL refused: only http and https URLs are allowed',
    });
  });

  it('connects to the checked address even when DNS answers differently afterwards', async () => {
    const target = await receiver(status(200));
    const answers = ['203.0.114.7', '127.0.0.1'];
    let lookups = 0;
    const connections = watchConnections();
    try {
      const result = await deliverWebhook({
        ...signedDelivery(`http://rebinding.example:${target.port}/hooks`),
        allowedHosts: [],
        lookup: async () => [{ address: answers[Math.min(lookups++, 1)]!, family: 4 }],
      });
      expect(result.outcome).toBe('failed');
    } finally {
      connections.stop();
    }
    expect(lookups).toBe(1);
    expect(connections.addresses).toEqual(['203.0.114.7']);
    expect(target.received).toEqual([]);
  });

  it('delivers to a host name on the allowlist, resolving it once and keeping its Host header', async () => {
    const target = await receiver(status(200));
    let lookups = 0;
    const result = await deliverWebhook({
      ...signedDelivery(`http://Receiver.Internal:${target.port}/hooks?tenant=a`),
      allowedHosts: ['receiver.internal'],
      lookup: async () => {
        lookups++;
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    expect(result.outcome).toBe('delivered');
    expect(lookups).toBe(1);
    expect(target.received[0]).toMatchObject({ url: '/hooks?tenant=a' });
    expect(target.received[0]!.headers.host).toBe(`receiver.internal:${target.port}`);
  });

  it('presents the host name, not the pinned address, for TLS and still checks the certificate', async () => {
    const tlsReceiver = await startTlsReceiver('receiver.internal');
    try {
      const result = await deliverWebhook({
        ...signedDelivery(`https://receiver.internal:${tlsReceiver.port}/hooks`),
        allowedHosts: ['receiver.internal'],
        lookup: async () => [{ address: '127.0.0.1', family: 4 }],
      });
      expect(result).toMatchObject({
        outcome: 'failed',
        error: 'request failed (DEPTH_ZERO_SELF_SIGNED_CERT)',
      });
      expect(tlsReceiver.serverNames).toEqual(['receiver.internal']);
      expect(tlsReceiver.requests).toBe(0);
    } finally {
      await tlsReceiver.close();
    }
  });

  it('fails, rather than refuses, when the receiver is not listening', async () => {
    const target = await receiver(status(200));
    await receivers.pop()!.close();
    expect(await deliverWebhook(signedDelivery(target.url))).toMatchObject({
      outcome: 'failed',
      error: 'request failed (ECONNREFUSED)',
    });
  });
});
