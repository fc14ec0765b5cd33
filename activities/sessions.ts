/**
 * Activities of the session workflow, run at state changes only (start, pause, resume, expiry,
 * end), never per heartbeat. Each is safe to retry: the start finds the row its first attempt
 * wrote and returns the rules stored there; the others write the state the workflow holds, so
 * writing it twice changes nothing; the end settles the run with one conditional statement.
 */
import { Context } from '@temporalio/activity';
import { ensureOrganization, getOrganization } from '../db/organizations';
import { inTransaction } from '../db/pool';
import { getRun } from '../db/runs';
import { settleRunForSession, type RunSettlement } from '../db/session-runs';
import { insertSession, updateSession, type SessionChange } from '../db/sessions';
import { resolveSessionRules, type SessionRules } from '../lib/domain/session-settings';
import type { EndedSessionStatus } from '../lib/domain/session-status';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import type { ActivityDependencies } from './dependencies';

export interface BeginSessionInput {
  sessionId: string;
  organizationId: string;
  runId: string;
  /** ISO time of the platform's first event. */
  startedAt: string;
  /** The blueprint's `max_duration_m`, when the platform passed it at start. */
  maxDurationMinutes?: number;
  restartedFrom?: string;
}

export interface BegunSession {
  rules: SessionRules;
  settingsIgnored: string[];
}

export interface FinishSessionInput extends SessionChange {
  runId: string;
  status: EndedSessionStatus;
}

export const createSessionActivities = ({ db }: ActivityDependencies) => ({
  /**
   * Reads the rules the session will run under (the organization's settings, the blueprint's
   * maximum length when known) and records the session. SessionConflict when the id belongs to
   * another organization or run.
   */
  beginSession: async (input: BeginSessionInput): Promise<BegunSession> => {
    await ensureOrganization(db, input.organizationId);
    const organization = await getOrganization(db, input.organizationId);
    const run = await getRun(db, input.organizationId, input.runId);
    const resolved = resolveSessionRules(
      organization?.settings['sessions'],
      input.maxDurationMinutes ?? run?.blueprint.settings.max_duration_m,
    );
    const row = await insertSession(db, {
      id: input.sessionId,
      organizationId: input.organizationId,
      runId: input.runId,
      startedAt: input.startedAt,
      restartedFrom: input.restartedFrom ?? null,
      rules: resolved.rules,
    });
    if (row.organizationId !== input.organizationId || row.runId !== input.runId) {
      throw new EpilogueError(
        `session ${input.sessionId} already exists for another organization or run`,
        FailureType.SessionConflict,
      );
    }
    if (resolved.ignored.length > 0) {
      Context.current().log.warn('invalid session settings replaced by their defaults', {
        organizationId: input.organizationId,
        sessionId: input.sessionId,
        settings: resolved.ignored,
      });
    }
    return { rules: row.rules, settingsIgnored: resolved.ignored };
  },

  /** Records a pause, a resume or a pause's expiry. */
  recordSessionChange: async (change: SessionChange): Promise<void> => {
    await updateSession(db, change);
  },

  /**
   * Records how the session ended and, when the platform already ingested the run, gives the run
   * that outcome as its status (unless a pipeline already took it), in one transaction.
   */
  finishSession: async (input: FinishSessionInput): Promise<{ run: RunSettlement }> => {
    const settlement = await inTransaction(db, async (client) => {
      await updateSession(client, input);
      return settleRunForSession(client, {
        organizationId: input.organizationId,
        runId: input.runId,
        status: input.status,
        reason: `session ${input.sessionId}: ${input.endReason ?? input.status}`,
      });
    });
    Context.current().log.info('session ended', {
      sessionId: input.sessionId,
      runId: input.runId,
      status: input.status,
      run: settlement.settlement,
    });
    return { run: settlement.settlement };
  },
});
