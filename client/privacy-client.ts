/**
 * Privacy requests for compliance staff and the platform: erasure of a participant's data (or one
 * run's) with a signed receipt, receipts fetched and verified again, and the audit chain verified.
 * Without `confirm`, an erasure request is a dry run that reads and counts and changes nothing.
 *
 * A confirmed request is recorded in PostgreSQL (erasure_requests, with the subject's id for as
 * long as it runs) and carried out by `erasure:<requestId>`, whose history holds ids only. Legal
 * holds and another organization's run refuse it before anything is written. Asking again for
 * the same subject is the same request: it returns the same receipt.
 */
import { randomBytes } from 'node:crypto';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  countErasableBlobs,
  countRunRows,
  erasureHold,
  runWorkflowKeys,
  subjectRunIds,
} from '../db/erasure-runs';
import {
  getErasureRequest,
  subjectErasureRequests,
  upsertErasureRequest,
  type ErasureRequestRow,
  type ErasureScope,
} from '../db/erasure-requests';
import { getOrganization } from '../db/organizations';
import type { Pool } from '../db/pool';
import { organizationRedactionKey } from '../db/redaction';
import { subjectExports } from '../db/subject-exports';
import { EpilogueError } from '../lib/errors';
import { FailureType, type FailureTypeName } from '../lib/failure-types';
import {
  erasureWorkflowId,
  PLATFORM_ID_PATTERN,
  searchAttributes,
  workflowTypes,
} from '../lib/ids';
import { verifyAuditChain, type AuditVerification } from '../lib/privacy/audit-chain';
import { derivedErasureRequestId } from '../lib/privacy/erasure-request-id';
import {
  erasureReceiptSchema,
  erasureReceiptSignatureValid,
  type ErasureReceipt,
} from '../lib/privacy/erasure-receipt';
import { organizationPublicKey } from '../lib/privacy/organization-signer';
import { findRetentionRollouts, findRunWorkflows } from '../lib/privacy/run-workflows';
import {
  existingSubjectHash,
  subjectHashWithKey,
  type PrivacySubject,
} from '../lib/privacy/subject-hash';
import type { erasure, ErasureInput } from '../workflows/erasure';

export interface ErasureRequestInput {
  organizationId: string;
  /** The participant whose every run goes; or `runId` for one run. */
  participantExternalId?: string;
  runId?: string;
  /** Without it nothing changes: the result says what would go. */
  confirm?: boolean;
  /** The caller's own id for the request; derived from the subject when absent. */
  requestId?: string;
}

/** What a confirmed request would erase, now. Counts only. */
export interface ErasurePreview {
  dryRun: true;
  organizationId: string;
  scope: ErasureScope;
  /** The subject's keyed hash; null while the organization has no key (a dry run makes none). */
  subjectHash: string | null;
  runs: number;
  /** Rows by table. */
  rows: Record<string, number>;
  /** Audio files and export files that would be deleted. */
  blobs: number;
  /** Temporal workflow executions whose histories would be deleted. */
  workflows: number;
  exports: number;
  /** What refuses the request, if anything. */
  legalHold: 'run' | 'organization' | null;
}

export interface ErasureOutcome {
  dryRun: false;
  requestId: string;
  workflowId: string;
  receipt: ErasureReceipt;
}

export interface ReceiptVerification {
  ok: boolean;
  requestId: string | null;
  organizationId: string | null;
  keyId: string | null;
  /** Why it does not verify; null when it does. */
  reason: string | null;
}

export interface PrivacyClientDependencies {
  db: Pool;
  /** Connected on first use: verifying needs no Temporal. */
  temporal: () => Promise<Client>;
  taskQueue: string;
  now?: () => Date;
}

/** The longest participant external id accepted (the platform's ids are far shorter). */
const MAX_EXTERNAL_ID_LENGTH = 256;

function scopeOf(input: ErasureRequestInput): { scope: ErasureScope; subject: string } {
  const participant = input.participantExternalId;
  if ((participant === undefined) === (input.runId === undefined)) {
    throw new EpilogueError('name either a participant or a run', 'UsageError');
  }
  if (!PLATFORM_ID_PATTERN.test(input.organizationId)) {
    throw new EpilogueError('organization id must be a platform id', 'UsageError');
  }
  if (input.requestId !== undefined && !PLATFORM_ID_PATTERN.test(input.requestId)) {
    throw new EpilogueError('request id must be a platform id', 'UsageError');
  }
  if (participant !== undefined) {
    if (participant.length === 0 || participant.length > MAX_EXTERNAL_ID_LENGTH) {
      throw new EpilogueError(
        `participant id must be 1 to ${MAX_EXTERNAL_ID_LENGTH} characters`,
        'UsageError',
      );
    }
    return { scope: 'participant', subject: participant };
  }
  if (!PLATFORM_ID_PATTERN.test(input.runId!)) {
    throw new EpilogueError('run id must be a platform id', 'UsageError');
  }
  return { scope: 'run', subject: input.runId! };
}

const privacySubject = (scope: ErasureScope, subject: string): PrivacySubject =>
  scope === 'participant' ? { participantExternalId: subject } : { runId: subject };

const runNotFound = () =>
  new EpilogueError('no such run in this organization', FailureType.RunNotFound);

const heldError = (by: 'run' | 'organization') =>
  new EpilogueError(
    by === 'run'
      ? 'a legal hold on one of the subject’s runs blocks erasure; nothing was erased'
      : 'a legal hold on the organization blocks erasure; nothing was erased',
    FailureType.LegalHold,
  );

export class PrivacyClient {
  private readonly now: () => Date;

  constructor(private readonly deps: PrivacyClientDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Erases the subject's data (with `confirm`), or says what that would erase. Resolves when the
   * erasure is done, with its signed receipt.
   */
  async requestErasure(input: ErasureRequestInput & { confirm: true }): Promise<ErasureOutcome>;
  async requestErasure(input: ErasureRequestInput): Promise<ErasurePreview | ErasureOutcome>;
  async requestErasure(input: ErasureRequestInput): Promise<ErasurePreview | ErasureOutcome> {
    const { scope, subject } = scopeOf(input);
    if (!(await getOrganization(this.deps.db, input.organizationId))) {
      throw new EpilogueError(`no organization ${input.organizationId}`, 'UsageError');
    }
    return input.confirm === true
      ? this.erase(input, scope, subject)
      : this.preview(input.organizationId, scope, subject);
  }

  /** The stored receipt of a completed request. */
  async getReceipt(organizationId: string, requestId: string): Promise<ErasureReceipt> {
    const request = await getErasureRequest(this.deps.db, organizationId, requestId);
    if (!request?.receipt) {
      throw new EpilogueError(
        `no completed erasure request ${requestId} in ${organizationId}`,
        FailureType.ErasureNotFound,
      );
    }
    return erasureReceiptSchema.parse(request.receipt);
  }

  /** Checks a receipt's shape and its signature against its organization's public key. */
  async verifyReceipt(receipt: unknown): Promise<ReceiptVerification> {
    const parsed = erasureReceiptSchema.safeParse(receipt);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return {
        ok: false,
        requestId: null,
        organizationId: null,
        keyId: null,
        reason: `not an erasure receipt (${issue.path.join('.') || 'receipt'}: ${issue.message})`,
      };
    }
    const { request_id: requestId, organization_id: organizationId } = parsed.data;
    const keyId = parsed.data.signature.key_id;
    const publicKey = await organizationPublicKey(this.deps.db, organizationId, keyId);
    const result = { requestId, organizationId, keyId };
    if (!publicKey) {
      return { ...result, ok: false, reason: `${organizationId} has no signing key ${keyId}` };
    }
    return erasureReceiptSignatureValid(parsed.data, publicKey)
      ? { ...result, ok: true, reason: null }
      : { ...result, ok: false, reason: 'the signature does not match the receipt' };
  }

  /** Verifies the audit chain of one organization, or of every one. */
  async verifyAudit(options: { organizationId?: string } = {}): Promise<AuditVerification> {
    return verifyAuditChain(this.deps.db, options);
  }

  private async preview(
    organizationId: string,
    scope: ErasureScope,
    subject: string,
  ): Promise<ErasurePreview> {
    const { db } = this.deps;
    const runIds = await subjectRunIds(db, organizationId, scope, subject);
    if (scope === 'run' && runIds.length === 0) throw runNotFound();
    const temporal = await this.deps.temporal();
    const workflows = await findRunWorkflows(
      temporal,
      organizationId,
      await runWorkflowKeys(db, organizationId, runIds),
    );
    const rollouts = runIds.length > 0 ? await findRetentionRollouts(temporal, organizationId) : [];
    const exports = await subjectExports(db, organizationId, runIds);
    const exportFiles = new Set(exports.flatMap((row) => (row.blobKey ? [row.blobKey] : [])));
    return {
      dryRun: true,
      organizationId,
      scope,
      subjectHash: await existingSubjectHash(db, organizationId, privacySubject(scope, subject)),
      runs: runIds.length,
      rows: await countRunRows(db, organizationId, runIds),
      blobs: (await countErasableBlobs(db, organizationId, runIds)) + exportFiles.size,
      workflows: workflows.length + rollouts.length,
      exports: exports.length,
      legalHold: await erasureHold(db, organizationId, runIds),
    };
  }

  private async erase(
    input: ErasureRequestInput,
    scope: ErasureScope,
    subject: string,
  ): Promise<ErasureOutcome> {
    const { db } = this.deps;
    const organizationId = input.organizationId;
    const key = await organizationRedactionKey(db, organizationId, () => randomBytes(32));
    const subjectHash = subjectHashWithKey(key, privacySubject(scope, subject));
    const runIds = await subjectRunIds(db, organizationId, scope, subject);

    let requestId = input.requestId;
    if (requestId === undefined) {
      const completed = (await subjectErasureRequests(db, organizationId, subjectHash)).filter(
        (request) => request.state === 'completed',
      );
      // Nothing left and erased before: this is that request again.
      if (runIds.length === 0 && completed[0]) return this.outcome(completed[0]);
      requestId = derivedErasureRequestId(key, subjectHash, completed.length);
    }
    const existing = await getErasureRequest(db, organizationId, requestId);
    if (existing && existing.subjectHash !== subjectHash) {
      throw new EpilogueError(`request id ${requestId} is another subject's request`, 'UsageError');
    }
    if (existing?.state === 'completed') return this.outcome(existing);

    if (scope === 'run' && runIds.length === 0) throw runNotFound();
    const held = await erasureHold(db, organizationId, runIds);
    if (held) throw heldError(held);

    await upsertErasureRequest(
      db,
      { organizationId, requestId, scope, subjectHash, subject },
      this.now(),
    );
    const temporal = await this.deps.temporal();
    const workflowId = erasureWorkflowId(requestId);
    const workflowInput: ErasureInput = { organizationId, requestId };
    try {
      await temporal.workflow.start<typeof erasure>(workflowTypes.erasure, {
        workflowId,
        taskQueue: this.deps.taskQueue,
        args: [workflowInput],
        // A running request is joined; a refused one (failed) runs again; a completed one stays.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        typedSearchAttributes: [{ key: searchAttributes.organizationId, value: organizationId }],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    try {
      await temporal.workflow.getHandle<typeof erasure>(workflowId).result();
    } catch (error) {
      const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type) {
        throw new EpilogueError(cause.message, cause.type as FailureTypeName, { cause: error });
      }
      throw error;
    }
    return this.outcome((await getErasureRequest(db, organizationId, requestId))!);
  }

  private outcome(request: ErasureRequestRow): ErasureOutcome {
    return {
      dryRun: false,
      requestId: request.requestId,
      workflowId: erasureWorkflowId(request.requestId),
      // Parsed: the members come back in the documented order (jsonb keeps its own).
      receipt: erasureReceiptSchema.parse(request.receipt),
    };
  }
}
