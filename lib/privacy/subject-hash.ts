/**
 * How privacy records (the audit log, erasure receipts, `participant.erased` events) name who or
 * what they are about without naming it: an HMAC-SHA256 under the organization's own key, so the
 * same participant or run always gets the same hash within the organization and a different one
 * in any other, and nobody without the key can confirm a guess. Compliance, who holds the key
 * through Epilogue, can still prove afterwards that a given participant was erased by hashing
 * their id again.
 *
 * The key is the organization's redaction key (db/redaction.ts): one secret per organization,
 * created on first use. The hashed text starts with its own purpose, so a subject hash can never
 * equal a hash-mode redaction token of the same value.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { organizationRedactionKey } from '../../db/redaction';
import type { Queryable } from '../../db/queryable';

/** A participant (by the platform's external id) or one run. */
export type PrivacySubject = { participantExternalId: string } | { runId: string };

const PURPOSE = 'epilogue.privacy-subject.v1';

/** `participant:<64 hex>` or `run:<64 hex>`: the kind stays readable, the value does not. */
export function subjectHashWithKey(key: Buffer, subject: PrivacySubject): string {
  const [kind, value] =
    'participantExternalId' in subject
      ? (['participant', subject.participantExternalId] as const)
      : (['run', subject.runId] as const);
  const digest = createHmac('sha256', key).update(`${PURPOSE}\u0000${kind}\u0000${value}`);
  return `${kind}:${digest.digest('hex')}`;
}

/** The subject's hash under its organization's key (created if the organization has none yet). */
export async function subjectHash(
  db: Queryable,
  organizationId: string,
  subject: PrivacySubject,
): Promise<string> {
  const key = await organizationRedactionKey(db, organizationId, () => randomBytes(32));
  return subjectHashWithKey(key, subject);
}

/** The subject's hash if the organization has a key already; a read that creates nothing. */
export async function existingSubjectHash(
  db: Queryable,
  organizationId: string,
  subject: PrivacySubject,
): Promise<string | null> {
  const { rows } = await db.query<{ key: Buffer }>(
    `select key from redaction_keys where organization_id = $1::text`,
    [organizationId],
  );
  return rows[0] ? subjectHashWithKey(rows[0].key, subject) : null;
}

export const SUBJECT_HASH_PATTERN = /^(participant|run):[0-9a-f]{64}$/;
