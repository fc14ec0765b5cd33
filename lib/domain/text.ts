/**
 * String rules shared by every schema: PostgreSQL cannot store NUL, and a lone UTF-16 surrogate
 * would be silently replaced on the way in, so both are refused up front with a clear message.
 */
import { z } from 'zod';
import { PLATFORM_ID_PATTERN } from '../ids';

export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .refine((value) => value.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)');

/** Ids minted by the platform; they appear in workflow ids and blob keys, so the set is small. */
export const platformId = z
  .string()
  .regex(
    PLATFORM_ID_PATTERN,
    'must be 1-64 letters, digits, "_" or "-", starting with a letter or digit',
  );

export const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

/** Whether any string (value or key) inside a JSON value is one PostgreSQL's jsonb cannot store. */
function holdsUnstorableString(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000') || !value.isWellFormed();
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(
    ([key, item]) => holdsUnstorableString(key) || holdsUnstorableString(item),
  );
}

/**
 * Free-form JSON the platform passes through (metadata, edge conditions). jsonb refuses `\u0000`
 * and lone surrogates anywhere inside, so they are refused here, before anything is stored.
 */
export const storableJson = z
  .json()
  .refine(
    (value) => !holdsUnstorableString(value),
    'must not contain NUL characters or lone surrogates in any string',
  );

export const metadata = z.record(text(200), storableJson).default({});
