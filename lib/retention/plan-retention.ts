/**
 * The retention plan of one run: each action's deadline (the run's `completed_at` plus the policy's
 * period), what is done, what is due now, and when to look again. Pure: the workflow gets it from
 * an activity (which knows the time), and every action re-checks it right before acting, so a
 * policy lengthened or a hold set since the workflow went to sleep is honoured even without a
 * signal.
 */
import { periodMs } from '../domain/retention-period';
import { retentionDataTypes, type RetentionPolicy } from '../domain/retention-policy';
import { deletionActionFor, retentionActions, type RetentionAction } from './retention-actions';

/**
 * The longest a workflow sleeps without planning again, even when nothing is due for years: it
 * bounds how stale a missed signal can leave a plan, and how long the reconciler takes to notice a
 * workflow that is gone.
 */
export const MAX_PLAN_SLEEP_MS = 30 * 86_400_000;

export type ActionState = 'done' | 'due' | 'waiting' | 'held' | 'deferred';

export interface PlannedAction {
  action: RetentionAction;
  /** ISO 8601. */
  dueAt: string;
  state: ActionState;
  doneAt: string | null;
}

export interface RetentionPlan {
  /** `run` or `organization` when a legal hold blocks every action, else null. */
  heldBy: 'run' | 'organization' | null;
  /** Every action with a deadline, by deadline then by the order actions run in. */
  actions: PlannedAction[];
  /** The action to do now, if any. */
  due: RetentionAction | null;
  /** When to plan again (now when an action is due). ISO 8601. */
  wakeAt: string;
}

export interface RetentionPlanInput {
  completedAt: Date;
  policy: RetentionPolicy;
  runHold: boolean;
  /** Action → when it was done. */
  done: Partial<Record<RetentionAction, string>>;
  /** Actions that failed and wait until the given time before they are tried again. */
  deferred?: Partial<Record<RetentionAction, string>>;
  now: Date;
}

function deadlines(policy: RetentionPolicy, completedAt: Date): Map<RetentionAction, number> {
  const due = new Map<RetentionAction, number>();
  for (const type of retentionDataTypes) {
    const ms = periodMs(policy.periods[type]);
    if (ms !== null) due.set(deletionActionFor[type], completedAt.getTime() + ms);
  }
  const redactMs = periodMs(policy.pii.redact_after);
  if (redactMs !== null) due.set('redact_pii', completedAt.getTime() + redactMs);
  return due;
}

export function planRetention(input: RetentionPlanInput): RetentionPlan {
  const now = input.now.getTime();
  const heldBy = input.runHold ? 'run' : input.policy.legal_hold ? 'organization' : null;
  const order = (action: RetentionAction) => retentionActions.indexOf(action);
  const actions: PlannedAction[] = [...deadlines(input.policy, input.completedAt)]
    .map(([action, dueAt]) => {
      const doneAt = input.done[action] ?? null;
      const deferredUntil = Date.parse(input.deferred?.[action] ?? '') || 0;
      const state: ActionState =
        doneAt !== null
          ? 'done'
          : heldBy !== null
            ? 'held'
            : deferredUntil > now
              ? 'deferred'
              : dueAt <= now
                ? 'due'
                : 'waiting';
      return { action, dueAt: new Date(dueAt).toISOString(), state, doneAt };
    })
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || order(a.action) - order(b.action));
  const due = actions
    .filter((action) => action.state === 'due')
    .sort((a, b) => order(a.action) - order(b.action))[0];
  const wakeTimes = actions.flatMap((action) =>
    action.state === 'waiting'
      ? [Date.parse(action.dueAt)]
      : action.state === 'deferred'
        ? [Date.parse(input.deferred![action.action]!)]
        : [],
  );
  const wakeAt = due ? now : Math.min(now + MAX_PLAN_SLEEP_MS, ...wakeTimes);
  return { heldBy, actions, due: due?.action ?? null, wakeAt: new Date(wakeAt).toISOString() };
}
