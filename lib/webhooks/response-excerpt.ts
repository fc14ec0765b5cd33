/**
 * What a receiver answered, kept with each attempt for the customer and operator to read. Signing
 * secrets are never sent, but a receiver's error page may quote the one it configured; the excerpt
 * must not carry it into logs, the database or the CLI.
 */
import { WEBHOOK_SECRET_PREFIX } from './secrets';

const redacted = '[redacted]';

/** A secret cut off by the excerpt's end still leaks this many characters of key, or more. */
const minLeakedPrefix = 8;

/** The response text with every signing secret (with or without `whsec_`) removed; undefined if empty. */
export function responseExcerpt(text: string, secrets: readonly string[]): string | undefined {
  let excerpt = text;
  for (const secret of secrets) {
    const key = secret.startsWith(WEBHOOK_SECRET_PREFIX)
      ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
      : secret;
    for (const form of [secret, key].filter((form) => form.length >= minLeakedPrefix)) {
      excerpt = withoutTruncatedSecret(excerpt.replaceAll(form, redacted), form);
    }
  }
  return excerpt === '' ? undefined : excerpt;
}

/** Reading stops at a byte limit, which may fall in the middle of a quoted secret. */
function withoutTruncatedSecret(text: string, secret: string): string {
  for (let length = secret.length - 1; length >= minLeakedPrefix; length--) {
    if (text.endsWith(secret.slice(0, length))) return text.slice(0, -length) + redacted;
  }
  return text;
}
