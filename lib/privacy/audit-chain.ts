/**
 * Verifies audit chains (db/audit-log.ts): recomputes each entry's hash from its content and the
 * previous entry's hash, in seq order per organization, and compares the end with the chain head.
 * An edited entry no longer matches its hash; a removed one leaves the next entry pointing at a
 * hash that is not its predecessor's; entries moved to other positions fail both (seq is hashed);
 * entries cut off the end leave the head pointing past the last one. The first break is named by
 * its seq. The canonical text is built here from the columns, independently of the SQL function
 * that computed the hashes, so a changed function cannot vouch for itself.
 */
import { createHash } from 'node:crypto';
import {
  auditedOrganizations,
  getAuditChainHead,
  readAuditEntries,
  type StoredAuditEntry,
} from '../../db/audit-log';
import type { Queryable } from '../../db/queryable';

const PAGE = 1000;

export function auditEntryHash(entry: StoredAuditEntry): string {
  const text = [
    'epilogue-audit-v1',
    String(entry.seq),
    entry.organizationId,
    entry.at,
    entry.actor,
    entry.action,
    entry.subjectHash ?? '',
    entry.details,
    entry.prevHash ?? '',
  ].join('\n');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface AuditChainReport {
  organizationId: string;
  entries: number;
  ok: boolean;
  /** The first entry that does not verify (or, when entries were cut off the end, the head's). */
  firstBadSeq: number | null;
  reason: string | null;
  /**
   * The chain's last entry and hash as recorded. Kept outside the database (a ticket, a log), it
   * shows later that the chain was not rewritten wholesale from some entry on.
   */
  head: { seq: number; hash: string } | null;
}

export interface AuditVerification {
  ok: boolean;
  organizations: AuditChainReport[];
}

/** Verifies one organization's chain, reading it a page at a time. */
export async function verifyOrganizationAuditChain(
  db: Queryable,
  organizationId: string,
): Promise<AuditChainReport> {
  let head: AuditChainReport['head'] = null;
  const report = (
    entries: number,
    firstBadSeq: number | null,
    reason: string | null,
  ): AuditChainReport => ({
    organizationId,
    entries,
    ok: reason === null,
    firstBadSeq,
    reason,
    head,
  });
  let previous: StoredAuditEntry | undefined;
  let entries = 0;
  for (;;) {
    const page = await readAuditEntries(db, organizationId, {
      afterSeq: previous?.seq ?? 0,
      limit: PAGE,
    });
    for (const entry of page) {
      entries += 1;
      const expectedPrev = previous?.hash ?? null;
      if (entry.prevHash !== expectedPrev) {
        return report(
          entries,
          entry.seq,
          previous
            ? `entry ${entry.seq} does not follow entry ${previous.seq}: an entry between them was removed or the order changed`
            : `entry ${entry.seq} is the first left but points to an earlier entry: entries were removed`,
        );
      }
      if (auditEntryHash(entry) !== entry.hash) {
        return report(entries, entry.seq, `entry ${entry.seq} was changed after it was written`);
      }
      previous = entry;
    }
    if (page.length < PAGE) break;
  }
  const recorded = await getAuditChainHead(db, organizationId);
  head = recorded ? { seq: recorded.lastSeq, hash: recorded.lastHash } : null;
  if (!recorded) {
    return previous
      ? report(entries, previous.seq, 'the chain head is missing')
      : report(entries, null, null);
  }
  if (!previous || recorded.lastSeq !== previous.seq || recorded.lastHash !== previous.hash) {
    return report(
      entries,
      recorded.lastSeq,
      `the chain head is entry ${recorded.lastSeq} but the last entry left is ${previous?.seq ?? 'none'}: entries were removed from the end`,
    );
  }
  return report(entries, null, null);
}

/** Verifies one organization's chain, or every organization's. */
export async function verifyAuditChain(
  db: Queryable,
  options: { organizationId?: string } = {},
): Promise<AuditVerification> {
  const organizations =
    options.organizationId === undefined
      ? await auditedOrganizations(db)
      : [options.organizationId];
  const reports: AuditChainReport[] = [];
  for (const organizationId of organizations) {
    reports.push(await verifyOrganizationAuditChain(db, organizationId));
  }
  return { ok: reports.every((report) => report.ok), organizations: reports };
}
