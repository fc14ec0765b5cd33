/**
 * The tokens redaction writes (`[EMAIL]`, `[EMAIL:3f9a0c12d4e5]`), recognized so that redacting a
 * redacted text leaves it as it is: nothing inside a token is ever detected again.
 */
import type { TextSpan } from '../pii/pii-entity';

const token = /\[[A-Z][A-Z_]*(?::[0-9a-f]{12})?\]/g;

export function redactionTokenSpans(text: string): TextSpan[] {
  return Array.from(text.matchAll(token), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
}

export function isRedactionToken(text: string): boolean {
  const spans = redactionTokenSpans(text);
  return spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end === text.length;
}
