/**
 * `session:<sessionId>` — keeps the promises made about a live interview session with durable
 * timers: a lost heartbeat abandons it, a pause past its limit expires it (then abandons it), an
 * inactive participant gets an auto-resume prompt, a fourth pause is refused, and a session past
 * its maximum active time expires. When it ends, the run goes to the post-interview pipeline
 * (workflows/session-handoff.ts).
 *
 * Heartbeats arrive every few seconds for hours, so a heartbeat only moves a time in memory: no
 * activity, no timer, no command. The workflow keeps one timer, for the earliest deadline, and
 * when it fires computes the deadlines again (lib/sessions/session-deadlines.ts). History grows by
 * the signals alone and is rolled over with continue-as-new, carrying the whole state.
 *
 * Started by signal-with-start on the platform's first event (client/sessions-client.ts). The
 * rules are read once, at start, and travel with the session, so changing an organization's
 * settings or the defaults never changes a session already running.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { SessionRules } from '../lib/domain/session-settings';
import {
  isSessionEnded,
  pausedBy,
  REASON_CODE_PATTERN,
  type PausedBy,
  type SessionStatus,
} from '../lib/domain/session-status';
import { FailureType, type FailureTypeName } from '../lib/failure-types';
import { PLATFORM_ID_PATTERN, searchAttributes } from '../lib/ids';
import { SessionClock } from '../lib/sessions/session-clock';
import {
  dueRule,
  earliestDeadline,
  sessionDeadlines,
  type DeadlineOptions,
} from '../lib/sessions/session-deadlines';
import { newSessionMemory, type SessionMemory } from '../lib/sessions/session-memory';
import {
  describeSession,
  type SessionIdentity,
  type SessionState,
} from '../lib/sessions/session-state';
import * as transitions from '../lib/sessions/session-transitions';
import { autoResumePromptEvent } from '../lib/sessions/session-webhooks';
import { handOffEndedSession, sessionChange } from './session-handoff';
import { emitWebhookEvent } from './webhook-event';

/** A few small queries each: quick, retried on transient errors for as long as it takes. */
const quickDbOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

const { beginSession, recordSessionChange } = proxyActivities<Activities>(quickDbOptions);

/**
 * A run rolls over at this many events if the server has not suggested it earlier (Temporal does
 * at about 4,096). Kept small because a heartbeat may cost a workflow task of its own, and a
 * worker that lost the session from its cache replays the run at about a millisecond per event:
 * a thousand events replay in under a second. Far from Temporal's 10,000 signals per run, too.
 */
export const SESSION_HISTORY_LIMIT = 1_000;

/** A moment without signals, in which continue-as-new is unlikely to be refused; a minute at most. */
const QUIET_MOMENT_MS = 250;
const QUIET_WAIT_LIMIT = 240;

/** Every event carries the platform's time of it (ISO 8601): the session's clock. */
export interface SessionEvent {
  at: string;
}

export interface PauseInput extends SessionEvent {
  by: PausedBy;
  /** A short code such as `participant_request` or `technical_issue`, never free text. */
  reason: string;
}

export interface AdminEndInput extends SessionEvent {
  reason: string;
}

export interface RestartInput extends SessionEvent {
  /** The new session's id; one is made when absent. */
  newSessionId?: string;
}

export interface RestartResult {
  sessionId: string;
  workflowId: string;
}

export const heartbeatSignal = defineSignal<[SessionEvent]>('heartbeat');
export const activitySignal = defineSignal<[SessionEvent]>('activity');
export const resumeSignal = defineSignal<[SessionEvent]>('resume');
export const completeSignal = defineSignal<[SessionEvent]>('complete');
export const adminEndSignal = defineSignal<[AdminEndInput]>('adminEnd');
/** An update, so that a refused pause (PauseLimitReached) reaches the caller as a typed error. */
export const pauseUpdate = defineUpdate<SessionState, [PauseInput]>('pause');
/** An update, so that the caller gets the new session's id, or the reason there is none. */
export const restartUpdate = defineUpdate<RestartResult, [RestartInput]>('restart');
export const stateQuery = defineQuery<SessionState>('state');

export interface SessionStart {
  sessionId: string;
  organizationId: string;
  runId: string;
  /** ISO time of the platform's first event. */
  startedAt: string;
  /** The blueprint's `max_duration_m`, when the platform knows it. */
  maxDurationMinutes?: number;
  restartedFrom?: string;
}

/**
 * v2: paused participants get the auto-resume prompt too, 2 minutes into the pause (seeds/001
 * lists it under Paused). Sessions started by v1 code keep prompting only while active.
 */
export const PROMPT_WHILE_PAUSED = 'session-prompt-while-paused';

/** What continue-as-new carries to the next run of the same session. */
export interface CarriedSession {
  /** The behaviour the session started with; absent in runs carried over by v1 code. */
  options?: DeadlineOptions;
  memory: SessionMemory;
  rules: SessionRules;
  settingsIgnored: string[];
  clockMs: number;
  persistedVersion: number;
}

export interface SessionInput extends SessionStart {
  carried?: CarriedSession;
}

export async function interviewSession(input: SessionInput): Promise<SessionState> {
  const identity: SessionIdentity = {
    sessionId: input.sessionId,
    organizationId: input.organizationId,
    runId: input.runId,
    ...(input.restartedFrom === undefined ? {} : { restartedFrom: input.restartedFrom }),
  };
  const carried = input.carried;
  // A session keeps the workflow version it started with for its whole life, continue-as-new
  // included: a run carried over from before a patch goes on without it.
  const options: DeadlineOptions = carried
    ? (carried.options ?? { promptWhilePaused: false })
    : { promptWhilePaused: patched(PROMPT_WHILE_PAUSED) };
  const clock = new SessionClock(
    Math.max(carried?.clockMs ?? 0, workflowInfo().runStartTime.getTime()),
  );
  const memory =
    carried?.memory ?? newSessionMemory(clock.observe(eventTime(input.startedAt) ?? clock.now));
  let rules = carried?.rules;
  let settingsIgnored = carried?.settingsIgnored ?? [];
  let persistedVersion = carried?.persistedVersion ?? memory.version;
  /** Set once the next session of a restart has started: the restart update then answers. */
  const restarted: { next?: RestartResult } = {};

  const state = () => describeSession(identity, memory, rules, settingsIgnored, clock.now, options);
  /** Signals received by this run, to find a quiet moment to continue as new in. */
  let signalsReceived = 0;
  /** The session's time at an event; an unreadable time is refused and changes nothing. */
  const at = (event: string, value: unknown): number | undefined => {
    signalsReceived += 1;
    const ms = eventTime(value);
    if (ms === undefined)
      transitions.refuse(memory, event, FailureType.InvalidSessionEvent, clock.now);
    return ms === undefined ? undefined : clock.observe(ms);
  };
  const refused = (event: string, refusal: FailureTypeName | undefined, nowMs: number) => {
    if (refusal) transitions.refuse(memory, event, refusal, nowMs);
  };

  setHandler(stateQuery, state);
  setHandler(heartbeatSignal, ({ at: time }) => {
    const nowMs = at('heartbeat', time);
    if (nowMs !== undefined) transitions.heartbeat(memory, nowMs);
  });
  setHandler(activitySignal, ({ at: time }) => {
    const nowMs = at('activity', time);
    if (nowMs !== undefined) transitions.participantActivity(memory, nowMs);
  });
  setHandler(resumeSignal, ({ at: time }) => {
    const nowMs = at('resume', time);
    if (nowMs !== undefined) refused('resume', transitions.resume(memory, nowMs), nowMs);
  });
  setHandler(completeSignal, ({ at: time }) => {
    const nowMs = at('complete', time);
    if (nowMs === undefined) return;
    refused('complete', transitions.endSession(memory, nowMs, 'completed', 'completed'), nowMs);
  });
  setHandler(adminEndSignal, ({ at: time, reason }) => {
    const nowMs = at('adminEnd', time);
    if (nowMs === undefined) return;
    if (!isReasonCode(reason)) {
      transitions.refuse(memory, 'adminEnd', FailureType.InvalidSessionEvent, nowMs);
      return;
    }
    refused(
      'adminEnd',
      transitions.endSession(memory, nowMs, 'admin_ended', 'admin_end', reason),
      nowMs,
    );
  });
  setHandler(
    pauseUpdate,
    async (pause) => {
      // The rules arrive with the first activity; a pause that comes before them waits for them.
      await condition(() => rules !== undefined);
      const nowMs = clock.observe(eventTime(pause.at)!);
      const refusal = transitions.pause(memory, rules!, nowMs, pause);
      if (refusal) throw refusalFailure(refusal, memory, rules);
      return state();
    },
    {
      validator: (pause: PauseInput) => {
        if (
          eventTime(pause.at) === undefined ||
          !(pausedBy as readonly string[]).includes(pause.by) ||
          !isReasonCode(pause.reason)
        ) {
          throw ApplicationFailure.nonRetryable(
            'a pause needs `at` (ISO 8601), `by` (participant or admin) and a reason code',
            FailureType.InvalidSessionEvent,
          );
        }
        const refusal = rules ? transitions.pauseRefusal(memory, rules) : undefined;
        if (refusal) throw refusalFailure(refusal, memory, rules);
      },
    },
  );
  setHandler(
    restartUpdate,
    async (restart) => {
      const nowMs = clock.observe(eventTime(restart.at)!);
      const refusal = transitions.endSession(memory, nowMs, 'restarted', 'restart');
      if (refusal) throw refusalFailure(refusal, memory, rules);
      // uuid4 is the workflow's deterministic one: the same id on replay.
      memory.restartedAs = restart.newSessionId ?? `ses_${uuid4().replace(/-/g, '')}`;
      await condition(() => restarted.next !== undefined);
      return restarted.next!;
    },
    {
      validator: (restart: RestartInput) => {
        if (
          eventTime(restart.at) === undefined ||
          (restart.newSessionId !== undefined &&
            (!PLATFORM_ID_PATTERN.test(restart.newSessionId) ||
              restart.newSessionId === input.sessionId))
        ) {
          throw ApplicationFailure.nonRetryable(
            'a restart needs `at` (ISO 8601) and, if given, a new session id of 1-64 letters, digits, "_" or "-"',
            FailureType.InvalidSessionEvent,
          );
        }
        if (isSessionEnded(memory.status))
          throw refusalFailure(FailureType.InvalidSessionTransition, memory, rules);
      },
    },
  );

  let shownStatus: SessionStatus | undefined = carried ? memory.status : undefined;
  const showStatus = () => {
    if (shownStatus === memory.status) return;
    shownStatus = memory.status;
    upsertSearchAttributes([{ key: searchAttributes.sessionStatus, value: memory.status }]);
  };

  if (!carried) {
    upsertSearchAttributes([
      { key: searchAttributes.organizationId, value: input.organizationId },
      { key: searchAttributes.runId, value: input.runId },
    ]);
    const begun = await beginSession({
      sessionId: input.sessionId,
      organizationId: input.organizationId,
      runId: input.runId,
      startedAt: new Date(memory.startedAtMs).toISOString(),
      ...(input.maxDurationMinutes === undefined
        ? {}
        : { maxDurationMinutes: input.maxDurationMinutes }),
      ...(input.restartedFrom === undefined ? {} : { restartedFrom: input.restartedFrom }),
    });
    rules = begun.rules;
    settingsIgnored = begun.settingsIgnored;
  }
  const sessionRules = rules!;
  const rollOverDue = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= SESSION_HISTORY_LIMIT;

  while (!isSessionEnded(memory.status)) {
    showStatus();
    if (memory.version !== persistedVersion) {
      const version = memory.version;
      await recordSessionChange(sessionChange(identity, memory));
      persistedVersion = version;
      continue;
    }
    if (rollOverDue()) {
      // A signal arriving while the run continues as new makes Temporal refuse it (nothing is
      // lost: the signal is handled here and the run tries again), and each refusal costs a
      // replay. During a burst of signals, wait for a quiet moment first: a minute at most, and
      // never past a deadline, which the next run then meets at once.
      const seen = memory.version;
      const deadline = earliestDeadline(sessionDeadlines(memory, sessionRules, options))!;
      for (let waited = 0; waited < QUIET_WAIT_LIMIT; waited++) {
        if (memory.version !== seen || deadline.atMs - clock.now <= QUIET_MOMENT_MS) break;
        const before = signalsReceived;
        await condition(() => memory.version !== seen, QUIET_MOMENT_MS);
        if (signalsReceived === before) break;
      }
      // Handlers still running would be cut off.
      await condition(allHandlersFinished);
      if (memory.version !== persistedVersion || isSessionEnded(memory.status)) continue;
      return await continueAsNew<typeof interviewSession>({
        ...input,
        carried: {
          options,
          memory,
          rules: sessionRules,
          settingsIgnored,
          clockMs: clock.now,
          persistedVersion,
        },
      });
    }

    const next = earliestDeadline(sessionDeadlines(memory, sessionRules, options))!;
    const seen = memory.version;
    let fired = next.atMs <= clock.now;
    if (!fired) {
      clock.arm(next.atMs);
      const changed = await condition(
        () => memory.version !== seen || rollOverDue(),
        next.atMs - clock.now,
        { summary: `${next.rule} deadline` },
      );
      if (changed) clock.disarm();
      else clock.fired(next.atMs);
      fired = !changed;
    }
    if (!fired) continue;

    const due = dueRule(memory, sessionRules, clock.now, options);
    if (due?.rule === 'heartbeat') {
      transitions.endSession(memory, clock.now, 'abandoned', 'heartbeat_lost');
    } else if (due?.rule === 'pause_limit') {
      transitions.expirePause(memory, clock.now);
    } else if (due?.rule === 'max_duration') {
      transitions.endSession(memory, clock.now, 'expired', 'max_duration');
    } else if (due?.rule === 'inactivity_prompt') {
      transitions.promptSent(memory, clock.now);
      await emitWebhookEvent(autoResumePromptEvent(identity, memory, clock.now));
    }
  }

  restarted.next = await handOffEndedSession({
    identity,
    memory,
    nowMs: clock.now,
    maxDurationMinutes: input.maxDurationMinutes,
    showStatus,
  });
  await condition(allHandlersFinished);
  return state();
}

function eventTime(value: unknown): number | undefined {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function isReasonCode(value: unknown): value is string {
  return typeof value === 'string' && REASON_CODE_PATTERN.test(value);
}

function refusalFailure(
  type: FailureTypeName,
  memory: SessionMemory,
  rules: SessionRules | undefined,
): ApplicationFailure {
  const message =
    type === FailureType.PauseLimitReached
      ? `the session has used its ${rules?.maxPauses ?? 0} pauses`
      : `the session is ${memory.status}`;
  return ApplicationFailure.nonRetryable(message, type);
}
