/**
 * A run's retention as it stands: its organization's effective policy, its plan at `now`, and
 * whether one action may run now. The workflow plans with it, every action re-checks with it right
 * before acting (under row locks, so a hold set meanwhile wins), and the CLI shows it.
 */
import { getRunRetentionState, type RunRetentionState } from '../../db/retention';
import type { Queryable } from '../../db/queryable';
import type { RetentionPolicy } from '../domain/retention-policy';
import { effectivePolicy } from './effective-policy';
import { planRetention, type RetentionPlan } from './plan-retention';
import type { RetentionAction } from './retention-actions';

export interface RetentionRef {
  organizationId: string;
  runId: string;
}

export interface LoadedRetention {
  state: RunRetentionState;
  policy: RetentionPolicy;
  plan: RetentionPlan;
}

export async function loadRetention(
  db: Queryable,
  ref: RetentionRef,
  now: Date,
  deferred?: Partial<Record<RetentionAction, string>>,
): Promise<LoadedRetention | undefined> {
  const state = await getRunRetentionState(db, ref.organizationId, ref.runId);
  if (!state) return undefined;
  const policy = effectivePolicy(state.plan, state.settings);
  const plan = planRetention({
    completedAt: state.completedAt,
    policy,
    runHold: state.legalHold,
    done: state.actionsDone,
    deferred,
    now,
  });
  return { state, policy, plan };
}

/**
 * Why an action may not run now: the run is gone, held, the action is done or not due (a policy
 * lengthened since the workflow slept), or the run's pipeline is still writing its results.
 */
export type GateOutcome = 'ready' | 'gone' | 'held' | 'done' | 'not_due' | 'busy';

export interface RetentionGate {
  outcome: GateOutcome;
  loaded?: LoadedRetention;
}

export async function retentionGate(
  db: Queryable,
  ref: RetentionRef,
  action: RetentionAction,
  now: Date,
): Promise<RetentionGate> {
  const loaded = await loadRetention(db, ref, now);
  if (!loaded) return { outcome: 'gone' };
  const planned = loaded.plan.actions.find((candidate) => candidate.action === action);
  const outcome: GateOutcome =
    planned?.state === 'done'
      ? 'done'
      : planned?.state === 'held'
        ? 'held'
        : planned?.state !== 'due'
          ? 'not_due'
          : loaded.state.status === 'processing'
            ? 'busy'
            : 'ready';
  return { outcome, loaded };
}

/**
 * Inside a transaction: locks the run's retention row (created if missing) and its organization,
 * so that a hold or a policy change commits either before this check or after the action.
 */
export async function lockRetention(db: Queryable, ref: RetentionRef): Promise<void> {
  await db.query(
    `insert into run_retention (organization_id, run_id)
     select organization_id, id from runs where organization_id = $1::text and id = $2::text
     on conflict (run_id) do nothing`,
    [ref.organizationId, ref.runId],
  );
  await db.query(
    `select 1 from run_retention where organization_id = $1::text and run_id = $2::text for update`,
    [ref.organizationId, ref.runId],
  );
  await db.query(`select 1 from organizations where id = $1::text for share`, [ref.organizationId]);
}
