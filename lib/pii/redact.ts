/**
 * Replaces detected spans in a text. `label` mode writes the type (`[EMAIL]`); `hash` mode writes
 * the type and a keyed hash of the value's canonical form (`[EMAIL:3f9a0c12d4e5]`), so that within
 * one organization (one key) the same person's email maps to the same token wherever it appears,
 * typed or spoken, and analysis can still count distinct values. Without the key, a token cannot
 * be turned back into the value by guessing candidates (HMAC-SHA256, not a plain hash).
 */
import { createHmac } from 'node:crypto';
import { EpilogueError } from '../errors';
import { canonicalValue } from './canonical-value';
import { detectPii, type DetectionContext } from './detect-pii';
import type { PiiEntity } from './pii-entity';

export type RedactionMode = 'label' | 'hash';

export interface RedactionOptions {
  mode: RedactionMode;
  /** The organization's redaction key; required in hash mode. */
  key?: string | Buffer;
}

/** 12 hex characters (48 bits): collisions stay unlikely among the values of one organization. */
export const HASH_TOKEN_LENGTH = 12;

function hashToken(entity: PiiEntity, value: string, key: string | Buffer): string {
  const hash = createHmac('sha256', key)
    .update(`${entity.type}\u0000${canonicalValue(entity.type, value)}`)
    .digest('hex');
  return `[${entity.type}:${hash.slice(0, HASH_TOKEN_LENGTH)}]`;
}

/** The replacement for each span, checked before any work is done. */
function replacementFor({
  mode,
  key,
}: RedactionOptions): (entity: PiiEntity, value: string) => string {
  if (mode === 'label') return (entity) => `[${entity.type}]`;
  if (key === undefined || key.length === 0) {
    throw new EpilogueError(
      'hash redaction needs the organization redaction key (EPILOGUE_REDACTION_KEY for the CLI)',
      'ConfigError',
    );
  }
  return (entity, value) => hashToken(entity, value, key);
}

/** `entities` must index `text` and must not overlap, as detectPii returns them. */
export function redactText(
  text: string,
  entities: readonly PiiEntity[],
  options: RedactionOptions,
): string {
  return applyRedaction(text, entities, replacementFor(options));
}

function applyRedaction(
  text: string,
  entities: readonly PiiEntity[],
  replace: (entity: PiiEntity, value: string) => string,
): string {
  const sorted = [...entities].sort((a, b) => a.start - b.start);
  let redacted = '';
  let cursor = 0;
  for (const entity of sorted) {
    if (entity.start < cursor || entity.end > text.length || entity.end <= entity.start) {
      throw new RangeError(
        `cannot redact ${entity.type} at ${entity.start}-${entity.end}: spans must be non-empty, inside the text and not overlap`,
      );
    }
    redacted +=
      text.slice(cursor, entity.start) + replace(entity, text.slice(entity.start, entity.end));
    cursor = entity.end;
  }
  return redacted + text.slice(cursor);
}

/** Detects and redacts in one step; `entities` index the original text. */
export function redactPii(
  text: string,
  options: RedactionOptions & DetectionContext,
): { redacted: string; entities: PiiEntity[] } {
  const replace = replacementFor(options);
  const entities = detectPii(text, { knownNames: options.knownNames ?? [] });
  return { redacted: applyRedaction(text, entities, replace), entities };
}
