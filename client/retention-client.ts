/**
 * Retention for the platform and operators: read and change an organization's retention and PII
 * policy, hold and release runs or whole organizations, show a run's deadlines, and create the
 * reconciler's Temporal Schedule. The database is the source of truth; Temporal is told afterwards
 * (a rollout signals every affected `retention:<runId>`; a held run's workflow gets `legalHold`),
 * so a change holds even while no worker runs, and takes effect as soon as one does.
 */
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { ensureOrganization, plans, type Plan } from '../db/organizations';
import { inTransaction, type Pool } from '../db/pool';
import { findRunOrganization } from '../db/runs';
import {
  getOrganizationRetentionSettings,
  getRunRetentionState,
  saveOrganizationRetentionSettings,
} from '../db/retention';
import { appendAudit } from '../db/audit-log';
import { EpilogueError } from '../lib/errors';
import { FailureType } from '../lib/failure-types';
import {
  PLATFORM_ID_PATTERN,
  RETENTION_RECONCILER_SCHEDULE_ID,
  retentionRolloutWorkflowId,
  retentionWorkflowId,
  searchAttributes,
  workflowTypes,
} from '../lib/ids';
import type { RetentionPolicy } from '../lib/domain/retention-policy';
import { changeRunLegalHold } from '../lib/retention/change-run-legal-hold';
import {
  effectivePolicy,
  parsePiiSettings,
  parseRetentionSettings,
} from '../lib/retention/effective-policy';
import { loadRetention } from '../lib/retention/load-retention';
import type { RetentionPlan } from '../lib/retention/plan-retention';
import type { RetentionAction } from '../lib/retention/retention-actions';
import { legalHoldSignal, scheduleQuery, type RetentionSchedule } from '../workflows/retention';
import type { RolloutInput } from '../workflows/retention-rollout';

const SCHEDULE_QUERY_TIMEOUT_MS = 3000;

/** A setting to change: a value, or null to go back to the plan's default. */
export interface RetentionPolicyChange {
  plan?: Plan;
  retention?: Record<string, string | boolean | null>;
  pii?: Record<string, string | null>;
}

export interface OrganizationPolicy {
  organizationId: string;
  policy: RetentionPolicy;
}

export interface PolicyChangeResult extends OrganizationPolicy {
  /** The rollout that tells the organization's retention workflows to re-plan. */
  rolloutWorkflowId: string;
}

export interface RunRetentionReport {
  runId: string;
  organizationId: string;
  policy: RetentionPolicy;
  /** The plan at the time of the call, computed from the database (no worker needed). */
  plan: RetentionPlan;
  workflow: {
    workflowId: string;
    /** `RUNNING`, `COMPLETED`, ...; null when Temporal has no such workflow. */
    status: string | null;
    /** The workflow's `schedule` query; null when no worker answered in time. */
    schedule: RetentionSchedule | null;
  };
}

export interface RetentionClientDependencies {
  db: Pool;
  /** Connected on first use: reading and changing a policy needs no Temporal. */
  temporal: () => Promise<Client>;
  taskQueue: string;
  now?: () => Date;
}

export class RetentionClient {
  private readonly now: () => Date;

  constructor(private readonly deps: RetentionClientDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  async getPolicy(organizationId: string): Promise<OrganizationPolicy> {
    const stored = await getOrganizationRetentionSettings(this.deps.db, organizationId);
    if (!stored) throw new EpilogueError(`no organization ${organizationId}`, 'UsageError');
    return {
      organizationId,
      policy: effectivePolicy(stored.plan, { retention: stored.retention, pii: stored.pii }),
    };
  }

  /**
   * Changes the organization's settings (creating the organization if it is new), audits the
   * change, then rolls it out to the retention workflows of its runs.
   */
  async setPolicy(
    organizationId: string,
    change: RetentionPolicyChange,
    actor = 'operator',
  ): Promise<PolicyChangeResult> {
    if (!PLATFORM_ID_PATTERN.test(organizationId)) {
      throw new EpilogueError('organization id must be a platform id', 'UsageError');
    }
    if (change.plan !== undefined && !plans.includes(change.plan)) {
      throw new EpilogueError(`plan must be one of ${plans.join(', ')}`, 'UsageError');
    }
    const policy = await inTransaction(this.deps.db, async (client) => {
      await ensureOrganization(client, organizationId);
      const stored = (await getOrganizationRetentionSettings(client, organizationId, {
        forUpdate: true,
      }))!;
      const retention = parseRetentionSettings(merge(stored.retention, change.retention));
      const pii = parsePiiSettings(merge(stored.pii, change.pii));
      const plan = change.plan ?? stored.plan;
      if (plan !== stored.plan) {
        await client.query(`update organizations set plan = $2::text where id = $1::text`, [
          organizationId,
          plan,
        ]);
      }
      await saveOrganizationRetentionSettings(client, organizationId, { retention, pii });
      await appendAudit(client, {
        organizationId,
        actor,
        action: 'retention.policy_changed',
        details: { plan, retention, pii },
        at: this.now(),
      });
      return effectivePolicy(plan, { retention, pii });
    });
    return { organizationId, policy, rolloutWorkflowId: await this.rollOut(organizationId) };
  }

  /** Holds (or releases) every run of the organization. */
  async setOrganizationHold(organizationId: string, on: boolean): Promise<PolicyChangeResult> {
    return this.setPolicy(organizationId, { retention: { legal_hold: on } });
  }

  /** Holds (or releases) one run; its workflow re-plans at once if it is running. */
  async setRunHold(
    runId: string,
    on: boolean,
    options: { organizationId?: string } = {},
  ): Promise<{ runId: string; organizationId: string; legalHold: boolean; changed: boolean }> {
    const organizationId = await this.requireRun(runId, options.organizationId);
    const changed = await changeRunLegalHold(
      this.deps.db,
      { organizationId, runId },
      { on, actor: 'operator', at: this.now() },
    );
    const temporal = await this.deps.temporal();
    await temporal.workflow
      .getHandle(retentionWorkflowId(runId))
      .signal(legalHoldSignal, { on })
      .catch((error: unknown) => {
        // No workflow yet (or any more): the stored hold is what its next plan reads.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      });
    return { runId, organizationId, legalHold: on, changed };
  }

  /** The run's policy, its deadlines now, and its workflow's state. */
  async showRun(
    runId: string,
    options: { organizationId?: string } = {},
  ): Promise<RunRetentionReport> {
    const organizationId = await this.requireRun(runId, options.organizationId);
    const loaded = await loadRetention(this.deps.db, { organizationId, runId }, this.now());
    if (!loaded) throw new EpilogueError(`run ${runId} not found`, FailureType.RunNotFound);
    const temporal = await this.deps.temporal();
    const handle = temporal.workflow.getHandle(retentionWorkflowId(runId));
    let status: string | null = null;
    let schedule: RetentionSchedule | null = null;
    try {
      status = (await handle.describe()).status.name;
      if (status === 'RUNNING') {
        // A query needs a worker; without one, the plan above still answers.
        schedule = await temporal.connection
          .withDeadline(Date.now() + SCHEDULE_QUERY_TIMEOUT_MS, () => handle.query(scheduleQuery))
          .catch(() => null);
      }
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    return {
      runId,
      organizationId,
      policy: loaded.policy,
      plan: loaded.plan,
      workflow: { workflowId: handle.workflowId, status, schedule },
    };
  }

  /**
   * Waits until `action` is done for every run (the demo waits for its shortened redaction);
   * returns the runs still not done when `timeoutMs` runs out.
   */
  async waitForAction(
    runIds: string[],
    action: RetentionAction,
    options: { organizationId: string; timeoutMs: number; pollMs?: number },
  ): Promise<string[]> {
    const deadline = Date.now() + options.timeoutMs;
    let pending = runIds;
    for (;;) {
      const states = await Promise.all(
        pending.map((runId) => getRunRetentionState(this.deps.db, options.organizationId, runId)),
      );
      // A run deleted meanwhile has nothing left to wait for.
      pending = pending.filter((_, index) => {
        const state = states[index];
        return state !== undefined && state.actionsDone[action] === undefined;
      });
      if (pending.length === 0 || Date.now() >= deadline) return pending;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
  }

  /**
   * Creates the Schedule that starts the reconciler (hourly by default). An existing schedule is
   * left as it is: calling this from every deployment or `epilogue dev` start is safe.
   */
  async ensureReconcilerSchedule(
    options: { every?: string } = {},
  ): Promise<{ scheduleId: string; created: boolean }> {
    const temporal = await this.deps.temporal();
    try {
      await temporal.schedule.create({
        scheduleId: RETENTION_RECONCILER_SCHEDULE_ID,
        spec: { intervals: [{ every: options.every ?? '1 hour' }] },
        action: {
          type: 'startWorkflow',
          workflowType: workflowTypes.retentionReconciler,
          workflowId: RETENTION_RECONCILER_SCHEDULE_ID,
          taskQueue: this.deps.taskQueue,
          args: [{}],
        },
        // One pass at a time; a pass missed while the cluster was down runs once when it is back.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      });
      return { scheduleId: RETENTION_RECONCILER_SCHEDULE_ID, created: true };
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning) {
        return { scheduleId: RETENTION_RECONCILER_SCHEDULE_ID, created: false };
      }
      throw error;
    }
  }

  /** Starts (or restarts) the rollout that signals `policyChanged` to the organization's runs. */
  private async rollOut(organizationId: string): Promise<string> {
    const temporal = await this.deps.temporal();
    const workflowId = retentionRolloutWorkflowId(organizationId);
    const input: RolloutInput = { organizationId };
    await temporal.workflow.start(workflowTypes.retentionRollout, {
      workflowId,
      taskQueue: this.deps.taskQueue,
      args: [input],
      // A newer change supersedes a rollout in progress: every signal means "plan again".
      workflowIdConflictPolicy: 'TERMINATE_EXISTING',
      typedSearchAttributes: [{ key: searchAttributes.organizationId, value: organizationId }],
    });
    return workflowId;
  }

  private async requireRun(runId: string, organizationId?: string): Promise<string> {
    const found = await findRunOrganization(this.deps.db, runId);
    if (!found || (organizationId !== undefined && organizationId !== found)) {
      throw new EpilogueError(`run ${runId} not found`, FailureType.RunNotFound);
    }
    return found;
  }
}

/** The stored settings with the change applied: null removes a key (back to the plan default). */
function merge(
  stored: unknown,
  change: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    ...(stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {}),
  };
  for (const [key, value] of Object.entries(change ?? {})) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
