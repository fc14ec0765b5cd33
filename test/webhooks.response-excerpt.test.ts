import { describe, expect, it } from 'vitest';
import { responseExcerpt } from '../lib/webhooks/response-excerpt';
import { generateWebhookSecret } from '../lib/webhooks/secrets';

describe('webhook response excerpt', () => {
  const secret = generateWebhookSecret();
  const key = secret.slice('whsec_'.length);

  it('removes every signing secret, with or without its prefix', () => {
    const previous = generateWebhookSecret();
    const text = `configured ${secret}; old ${previous.slice(6)}; again ${secret}`;
    expect(responseExcerpt(text, [secret, previous])).toBe(
      'configured [redacted]; old [redacted]; again [redacted]',
    );
  });

  it('removes a secret cut off by the end of the excerpt', () => {
    expect(responseExcerpt(`bad signature for ${secret.slice(0, 20)}`, [secret])).toBe(
      'bad signature for [redacted]',
    );
    expect(responseExcerpt(`key=${key.slice(0, 12)}`, [secret])).toBe('key=[redacted]');
  });

  it('leaves other text alone and turns an empty body into no excerpt', () => {
    expect(responseExcerpt('{"ok":true}', [secret])).toBe('{"ok":true}');
    expect(responseExcerpt('', [secret])).toBeUndefined();
  });
});
