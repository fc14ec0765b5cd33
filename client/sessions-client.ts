/**
 * Live sessions, for the platform and the CLI. The platform's first event starts the session's
 * workflow (signal-with-start), so it need not know whether a session exists: `start`,
 * `heartbeat` and `activity` all start it when needed. The other calls need a running session of
 * the organization named (checked from its search attributes, which need no worker) and fail with
 * SessionNotFound otherwise, or InvalidSessionTransition once it has ended. Every call carries the
 * time of the event, the client's now unless given: it is the session's clock.
 */
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { appendAudit } from '../db/audit-log';
import type { Pool } from '../db/pool';
import { getSession, type SessionRow } from '../db/sessions';
import { pausedBy, REASON_CODE_PATTERN, type PausedBy } from '../lib/domain/session-status';
import { EpilogueError } from '../lib/errors';
import { FailureType, type FailureTypeName } from '../lib/failure-types';
import {
  PLATFORM_ID_PATTERN,
  searchAttributes,
  sessionWorkflowId,
  workflowTypes,
} from '../lib/ids';
import type { SessionState } from '../lib/sessions/session-state';
import {
  activitySignal,
  adminEndSignal,
  completeSignal,
  heartbeatSignal,
  pauseUpdate,
  restartUpdate,
  resumeSignal,
  stateQuery,
  type interviewSession,
  type RestartResult,
  type SessionEvent,
  type SessionStart,
} from '../workflows/session';

const STATE_QUERY_TIMEOUT_MS = 3000;
const DEFAULT_SIGNAL_INTERVAL_MS = 1000;

export interface SessionRef {
  sessionId: string;
  organizationId: string;
  /** When the event happened; now by default. */
  at?: Date;
}

export interface SessionStartInput extends SessionRef {
  runId: string;
  /** The blueprint's `max_duration_m`, which comes before the organization's `max_duration`. */
  maxDurationMinutes?: number;
}

export interface StartedSession {
  sessionId: string;
  workflowId: string;
}

export interface SessionReport {
  sessionId: string;
  organizationId: string;
  workflowId: string;
  /** The workflow's status (`RUNNING`, `COMPLETED`...), or null when Temporal no longer has it. */
  workflowStatus: string | null;
  /** The `state` query's answer; null when no worker answered in time. */
  state: SessionState | null;
  /** The row the workflow last wrote (at the last change of status). */
  stored: SessionRow | null;
}

export interface SessionsClientDependencies {
  temporal: Client;
  db: Pool;
  taskQueue: string;
  /**
   * At most one heartbeat signal (and one activity signal) per session in this interval; the
   * latest that came meanwhile is sent after it. Default 1000 ms: the rules count in minutes.
   */
  signalIntervalMs?: number;
}

export class SessionsClient {
  private readonly heartbeats: LatestOnly<StartedSession>;
  private readonly speech: LatestOnly<StartedSession>;

  constructor(private readonly deps: SessionsClientDependencies) {
    const interval = deps.signalIntervalMs ?? DEFAULT_SIGNAL_INTERVAL_MS;
    this.heartbeats = new LatestOnly(interval);
    this.speech = new LatestOnly(interval);
  }

  /** Starts the session, or records a heartbeat if it runs already; safe to call twice. */
  async start(input: SessionStartInput): Promise<StartedSession> {
    return this.signalWithStart(input, heartbeatSignal);
  }

  /**
   * The participant's page is connected. Starts the session when this is its first event.
   * Resolves once this heartbeat, or a later one that replaced it, reached the session.
   */
  async heartbeat(input: SessionStartInput): Promise<StartedSession> {
    const event = { ...input, at: input.at ?? new Date() };
    return this.heartbeats.send(input.sessionId, event, (latest) =>
      this.signalWithStart(latest, heartbeatSignal),
    );
  }

  /** The participant spoke. Starts the session when this is its first event; coalesced too. */
  async activity(input: SessionStartInput): Promise<StartedSession> {
    const event = { ...input, at: input.at ?? new Date() };
    return this.speech.send(input.sessionId, event, (latest) =>
      this.signalWithStart(latest, activitySignal),
    );
  }

  /** PauseLimitReached after the organization's `max_pauses`; returns the paused session's state. */
  async pause(
    input: SessionRef & { by: PausedBy; reason: string; requestId?: string },
  ): Promise<SessionState> {
    if (!(pausedBy as readonly string[]).includes(input.by)) {
      throw invalid(`by must be one of ${pausedBy.join(', ')}`);
    }
    const handle = await this.liveSession(input);
    const state = await this.mapped(input.sessionId, () =>
      handle.executeUpdate(pauseUpdate, {
        args: [{ at: eventTime(input), by: input.by, reason: reasonCode(input.reason) }],
        // Temporal runs an update once per id: a retried request does not pause twice.
        ...(input.requestId ? { updateId: input.requestId } : {}),
      }),
    );
    if (input.by === 'admin') {
      await this.auditAdminAction(input, 'session.admin_paused', reasonCode(input.reason));
    }
    return state;
  }

  async resume(input: SessionRef): Promise<void> {
    const handle = await this.liveSession(input);
    await this.mapped(input.sessionId, () => handle.signal(resumeSignal, { at: eventTime(input) }));
  }

  /** The participant finished the interview. */
  async complete(input: SessionRef): Promise<void> {
    const handle = await this.liveSession(input);
    await this.mapped(input.sessionId, () =>
      handle.signal(completeSignal, { at: eventTime(input) }),
    );
  }

  /** An administrator ends the session early (`admin_ended`); `reason` is a code, not free text. */
  async end(input: SessionRef & { reason: string }): Promise<void> {
    const reason = reasonCode(input.reason);
    const handle = await this.liveSession(input);
    await this.mapped(input.sessionId, () =>
      handle.signal(adminEndSignal, { at: eventTime(input), reason }),
    );
    await this.auditAdminAction(input, 'session.admin_ended', reason);
  }

  /** Audits an administrator's action on a session; its run appears as a keyed hash only. */
  private async auditAdminAction(input: SessionRef, action: string, reason: string): Promise<void> {
    const session = await getSession(this.deps.db, input.organizationId, input.sessionId);
    await appendAudit(this.deps.db, {
      organizationId: input.organizationId,
      actor: 'operator',
      action,
      ...(session ? { subject: { runId: session.runId } } : {}),
      details: { reason },
      at: new Date(),
    });
  }

  /** Ends the session as `restarted` and returns the new session of the same run. */
  async restart(input: SessionRef & { newSessionId?: string }): Promise<RestartResult> {
    if (input.newSessionId !== undefined) platformId('new session id', input.newSessionId);
    const handle = await this.liveSession(input);
    return this.mapped(input.sessionId, () =>
      handle.executeUpdate(restartUpdate, {
        args: [
          {
            at: eventTime(input),
            ...(input.newSessionId === undefined ? {} : { newSessionId: input.newSessionId }),
          },
        ],
      }),
    );
  }

  /** The session's state from its workflow, and its row; SessionNotFound if neither exists. */
  async state(input: Omit<SessionRef, 'at'>): Promise<SessionReport> {
    platformId('session id', input.sessionId);
    const workflowId = sessionWorkflowId(input.sessionId);
    const stored = (await getSession(this.deps.db, input.organizationId, input.sessionId)) ?? null;
    const handle = this.deps.temporal.workflow.getHandle<typeof interviewSession>(workflowId);
    const workflowStatus = await this.workflowStatus(handle, input.organizationId);
    if (workflowStatus === null && stored === null) throw notFound(input.sessionId);
    const state =
      workflowStatus === null
        ? null
        : await this.deps.temporal.connection
            .withDeadline(Date.now() + STATE_QUERY_TIMEOUT_MS, () => handle.query(stateQuery))
            .catch(() => null);
    return {
      sessionId: input.sessionId,
      organizationId: input.organizationId,
      workflowId,
      workflowStatus,
      state,
      stored,
    };
  }

  private async signalWithStart(
    input: SessionStartInput,
    signal: typeof heartbeatSignal,
  ): Promise<StartedSession> {
    platformId('session id', input.sessionId);
    platformId('organization id', input.organizationId);
    platformId('run id', input.runId);
    const workflowId = sessionWorkflowId(input.sessionId);
    const at = eventTime(input);
    const start: SessionStart = {
      sessionId: input.sessionId,
      organizationId: input.organizationId,
      runId: input.runId,
      startedAt: at,
      ...(input.maxDurationMinutes === undefined
        ? {}
        : { maxDurationMinutes: input.maxDurationMinutes }),
    };
    try {
      await this.deps.temporal.workflow.signalWithStart<typeof interviewSession, [SessionEvent]>(
        workflowTypes.interviewSession,
        {
          workflowId,
          taskQueue: this.deps.taskQueue,
          args: [start],
          signal,
          signalArgs: [{ at }],
          // A session id is used once: an event after its end must not start it again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: searchAttributes.organizationId, value: input.organizationId },
            { key: searchAttributes.runId, value: input.runId },
            { key: searchAttributes.sessionStatus, value: 'active' },
          ],
        },
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw ended(input.sessionId);
      throw error;
    }
    return { sessionId: input.sessionId, workflowId };
  }

  /** The handle of a running session of this organization. */
  private async liveSession(input: SessionRef): Promise<WorkflowHandle<typeof interviewSession>> {
    platformId('session id', input.sessionId);
    const handle = this.deps.temporal.workflow.getHandle<typeof interviewSession>(
      sessionWorkflowId(input.sessionId),
    );
    const status = await this.workflowStatus(handle, input.organizationId);
    if (status === null) throw notFound(input.sessionId);
    if (status !== 'RUNNING') throw ended(input.sessionId);
    return handle;
  }

  /** The workflow's status, or null when there is none in this organization. */
  private async workflowStatus(
    handle: WorkflowHandle<typeof interviewSession>,
    organizationId: string,
  ): Promise<string | null> {
    try {
      const description = await handle.describe();
      const owner = description.typedSearchAttributes.get(searchAttributes.organizationId);
      // Another organization's session is reported as missing rather than revealed.
      return owner === organizationId ? description.status.name : null;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  /** Runs a call on a live session, turning the workflow's refusals into typed errors. */
  private async mapped<T>(sessionId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        throw new EpilogueError(error.cause.message, error.cause.type as FailureTypeName, {
          cause: error,
        });
      }
      // The session ended between the check and the call.
      if (error instanceof WorkflowNotFoundError) throw ended(sessionId);
      throw error;
    }
  }
}

interface Waiting<T> {
  input: SessionStartInput & { at: Date };
  settle: { resolve: (value: T) => void; reject: (error: unknown) => void }[];
}

/**
 * One signal of a kind in flight per session, at most one per interval, and only the latest of
 * those that came meanwhile waiting: a burst of heartbeats becomes two signals, the second
 * carrying the latest time, which is all the session's rules read (each event keeps its own time,
 * so waiting costs no precision). A session flooded with signals could not continue as new: each
 * attempt fails while new signals keep arriving, until Temporal's limit of signals per run.
 */
class LatestOnly<T> {
  private readonly waiting = new Map<string, Waiting<T> | null>();

  constructor(private readonly intervalMs: number) {}

  send(
    sessionId: string,
    input: SessionStartInput & { at: Date },
    deliver: (input: SessionStartInput & { at: Date }) => Promise<T>,
  ): Promise<T> {
    if (!this.waiting.has(sessionId)) {
      this.waiting.set(sessionId, null);
      return deliver(input).finally(() => this.after(sessionId, deliver));
    }
    return new Promise<T>((resolve, reject) => {
      const waiting = this.waiting.get(sessionId) ?? { input, settle: [] };
      if (input.at.getTime() >= waiting.input.at.getTime()) waiting.input = input;
      waiting.settle.push({ resolve, reject });
      this.waiting.set(sessionId, waiting);
    });
  }

  private after(
    sessionId: string,
    deliver: (input: SessionStartInput & { at: Date }) => Promise<T>,
  ): void {
    if (this.intervalMs === 0) this.next(sessionId, deliver);
    else setTimeout(() => this.next(sessionId, deliver), this.intervalMs);
  }

  private next(
    sessionId: string,
    deliver: (input: SessionStartInput & { at: Date }) => Promise<T>,
  ): void {
    const waiting = this.waiting.get(sessionId);
    if (!waiting) {
      this.waiting.delete(sessionId);
      return;
    }
    this.waiting.set(sessionId, null);
    void deliver(waiting.input)
      .then(
        (value) => waiting.settle.forEach(({ resolve }) => resolve(value)),
        (error: unknown) => waiting.settle.forEach(({ reject }) => reject(error)),
      )
      .finally(() => this.after(sessionId, deliver));
  }
}

function eventTime(input: { at?: Date }): string {
  const at = input.at ?? new Date();
  if (Number.isNaN(at.getTime())) throw invalid('at must be a valid time');
  return at.toISOString();
}

function reasonCode(reason: string): string {
  if (!REASON_CODE_PATTERN.test(reason)) {
    throw invalid('reason must be a code of lowercase letters, digits and "_" (no free text)');
  }
  return reason;
}

function platformId(name: string, value: string): void {
  if (!PLATFORM_ID_PATTERN.test(value)) {
    throw invalid(
      `${name} must be 1-64 letters, digits, "_" or "-", starting with one of the first two`,
    );
  }
}

function invalid(message: string): EpilogueError {
  return new EpilogueError(message, FailureType.InvalidSessionEvent);
}

function notFound(sessionId: string): EpilogueError {
  return new EpilogueError(`session ${sessionId} not found`, FailureType.SessionNotFound);
}

function ended(sessionId: string): EpilogueError {
  return new EpilogueError(
    `session ${sessionId} has ended; a new session needs a new id`,
    FailureType.InvalidSessionTransition,
  );
}
