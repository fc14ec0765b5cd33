import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../lib/webhooks/secrets';
import { signMessage } from '../lib/webhooks/sign-message';

const body = JSON.stringify({ type: 'run.analyzed', id: 'msg_abc', data: { score: 0.9 } });

describe('webhook signing', () => {
  it('produces the three Standard Webhooks headers with a v1 HMAC-SHA256 signature', () => {
    const secret = generateWebhookSecret();
    const timestamp = new Date();
    const headers = signMessage({ id: 'msg_abc', timestamp, body }, [secret]);
    expect(headers['webhook-id']).toBe('msg_abc');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(timestamp.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with every secret during a rotation, and each secret verifies alone', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const headers = signMessage({ id: 'msg_abc', timestamp: new Date(), body }, [
      current,
      previous,
    ]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(previous).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow(
      WebhookVerificationError,
    );
  });

  it('is rejected by the reference verifier when the body was tampered with', () => {
    const secret = generateWebhookSecret();
    const headers = signMessage({ id: 'msg_abc', timestamp: new Date(), body }, [secret]);
    expect(() => new Webhook(secret).verify(body.replace('0.9', '1.0'), { ...headers })).toThrow(
      'No matching signature found',
    );
  });

  it('is rejected by the reference verifier when the timestamp is more than 5 minutes off', () => {
    const secret = generateWebhookSecret();
    const sixMinutes = 6 * 60_000;
    for (const [offset, message] of [
      [-sixMinutes, 'Message timestamp too old'],
      [sixMinutes, 'Message timestamp too new'],
    ] as const) {
      const timestamp = new Date(Date.now() + offset);
      const headers = signMessage({ id: 'msg_abc', timestamp, body }, [secret]);
      expect(() => new Webhook(secret).verify(body, { ...headers })).toThrow(message);
    }
  });

  it('binds the signature to the message id', () => {
    const secret = generateWebhookSecret();
    const headers = signMessage({ id: 'msg_abc', timestamp: new Date(), body }, [secret]);
    expect(() =>
      new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_other' }),
    ).toThrow(WebhookVerificationError);
  });

  it('refuses to sign without a secret or with a malformed one', () => {
    const message = { id: 'msg_abc', timestamp: new Date(), body };
    expect(() => signMessage(message, [])).toThrow('at least one secret');
    expect(() => signMessage(message, ['whsec_short'])).toThrow(
      expect.objectContaining({ type: 'InvalidWebhookEndpoint' }),
    );
  });
});
