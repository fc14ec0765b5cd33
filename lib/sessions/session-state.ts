/**
 * What the `state` query answers: a session's status, pauses, rules and pending timers with their
 * deadlines, as ISO times. Ids and codes only, so it is safe to show in the UI and the CLI.
 */
import type { SessionRules } from '../domain/session-settings';
import type { PausedBy, SessionStatus } from '../domain/session-status';
import { activeMs, type SessionMemory } from './session-memory';
import { type DeadlineOptions, type SessionRuleName, sessionDeadlines } from './session-deadlines';

export interface SessionIdentity {
  sessionId: string;
  organizationId: string;
  runId: string;
  /** The session this one replaced, when it was started by a restart. */
  restartedFrom?: string;
}

export interface SessionState extends SessionIdentity {
  status: SessionStatus;
  startedAt: string;
  lastHeartbeatAt: string;
  lastActivityAt: string;
  pausesUsed: number;
  /** Null only in the first moments, before the rules are read. */
  pausesAllowed: number | null;
  pause: { at: string; by: PausedBy; reason: string } | null;
  /** Active time so far, pauses excluded. */
  activeSeconds: number;
  timers: { rule: SessionRuleName; deadline: string }[];
  autoResumePrompts: number;
  lastAutoResumePromptAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  restartedAs: string | null;
  lastRefusal: { event: string; type: string; at: string } | null;
  rules: SessionRules | null;
  /** Organization settings that were invalid when the session started, replaced by defaults. */
  settingsIgnored: string[];
  /** The session's time when this was computed (the latest it knows of). */
  asOf: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function describeSession(
  identity: SessionIdentity,
  memory: SessionMemory,
  rules: SessionRules | undefined,
  settingsIgnored: string[],
  nowMs: number,
  options: DeadlineOptions,
): SessionState {
  return {
    ...identity,
    status: memory.status,
    startedAt: iso(memory.startedAtMs),
    lastHeartbeatAt: iso(memory.lastHeartbeatAtMs),
    lastActivityAt: iso(memory.lastActivityAtMs),
    pausesUsed: memory.pausesUsed,
    pausesAllowed: rules?.maxPauses ?? null,
    pause: memory.pause
      ? { at: iso(memory.pause.atMs), by: memory.pause.by, reason: memory.pause.reason }
      : null,
    activeSeconds: Math.floor(activeMs(memory, nowMs) / 1000),
    timers: (rules ? sessionDeadlines(memory, rules, options) : []).map((deadline) => ({
      rule: deadline.rule,
      deadline: iso(deadline.atMs),
    })),
    autoResumePrompts: memory.autoResumePrompts,
    lastAutoResumePromptAt: memory.lastPromptAtMs === null ? null : iso(memory.lastPromptAtMs),
    endedAt: memory.endedAtMs === null ? null : iso(memory.endedAtMs),
    endReason: memory.endReason,
    restartedAs: memory.restartedAs,
    lastRefusal: memory.lastRefusal
      ? {
          event: memory.lastRefusal.event,
          type: memory.lastRefusal.type,
          at: iso(memory.lastRefusal.atMs),
        }
      : null,
    rules: rules ?? null,
    settingsIgnored,
    asOf: iso(nowMs),
  };
}
