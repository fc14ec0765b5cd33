/**
 * Redacts the texts of one run: lib/pii's detections (with the participant's name as a known name)
 * plus the participant's own values in any form (participant-identity.ts), replaced by label or
 * keyed-hash tokens. Existing tokens are never detected again, so redacting twice changes nothing
 * the second time. Identical texts (a turn and its transcript entry) are detected once.
 */
import { detectPii } from '../pii/detect-pii';
import type { PiiEntity } from '../pii/pii-entity';
import { redactText, type RedactionOptions } from '../pii/redact';
import { resolveOverlaps } from '../pii/resolve-overlaps';
import { detectParticipantValues, type ParticipantIdentity } from './participant-identity';
import { redactionTokenSpans } from './redaction-token';

export interface TextRedaction {
  redacted: string;
  /** Spans of the given text that were replaced, sorted and not overlapping. */
  entities: PiiEntity[];
}

export interface TextRedactor {
  redact(text: string): TextRedaction;
  /** The token that replaces `value` as an entity of `type` (for whole fields: a name, an email). */
  token(type: PiiEntity['type'], value: string): string;
}

export function createTextRedactor(
  identity: ParticipantIdentity,
  options: RedactionOptions,
): TextRedactor {
  const cache = new Map<string, TextRedaction>();
  const detect = (text: string): PiiEntity[] => {
    const tokens = redactionTokenSpans(text);
    return resolveOverlaps([
      ...detectPii(text, { knownNames: identity.names }),
      ...detectParticipantValues(text, identity),
    ]).filter((entity) => !tokens.some((t) => t.start < entity.end && entity.start < t.end));
  };
  return {
    redact(text) {
      let result = cache.get(text);
      if (!result) {
        const entities = text.trim() === '' ? [] : detect(text);
        result = { redacted: redactText(text, entities, options), entities };
        cache.set(text, result);
      }
      return result;
    },
    token(type, value) {
      return redactText(value, [{ type, start: 0, end: value.length }], options);
    },
  };
}
