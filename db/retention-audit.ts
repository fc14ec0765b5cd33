/**
 * The audit log's one writer. Every entry names an actor and an action and carries ids, counts
 * and times only, never personal data (a subject, when there is one, appears as a keyed hash).
 * Each entry stores the SHA-256 of its own canonical content; chaining it to the previous entry's
 * hash (`prev_hash`) belongs here too, so that no other code writes audit rows.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from './queryable';

export interface AuditEntry {
  organizationId: string;
  /** Who did it: `retention` (the workflow), `operator` (the CLI), ... */
  actor: string;
  /** What was done, dotted: `retention.audio_deleted`. */
  action: string;
  subjectHash?: string | null;
  /** Ids, counts and times; never text from the run. */
  details: Record<string, unknown>;
  at: Date;
}

/** JSON with object keys sorted, so the same entry always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Appends one entry; returns its sequence number. */
export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<number> {
  const content = {
    organization_id: entry.organizationId,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject_hash: entry.subjectHash ?? null,
    details: entry.details,
  };
  const hash = createHash('sha256').update(canonicalJson(content)).digest('hex');
  const { rows } = await db.query<{ seq: string }>(
    `insert into audit_log (organization_id, at, actor, action, subject_hash, details, hash)
     values ($1::text, $2::timestamptz, $3::text, $4::text, $5::text, $6::jsonb, $7::text)
     returning seq`,
    [
      entry.organizationId,
      entry.at,
      entry.actor,
      entry.action,
      entry.subjectHash ?? null,
      JSON.stringify(entry.details),
      hash,
    ],
  );
  return Number(rows[0]!.seq);
}
