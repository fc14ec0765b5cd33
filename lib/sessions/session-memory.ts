/**
 * What a session workflow remembers, carried whole across continue-as-new. Times are session-clock
 * milliseconds (lib/sessions/session-clock.ts); ids and codes only, no personal data.
 */
import type { PausedBy, SessionStatus } from '../domain/session-status';

export interface SessionPause {
  atMs: number;
  by: PausedBy;
  reason: string;
}

export interface SessionRefusal {
  event: string;
  /** A documented failure type (docs/errors.md). */
  type: string;
  atMs: number;
}

export interface SessionMemory {
  status: SessionStatus;
  startedAtMs: number;
  lastHeartbeatAtMs: number;
  /** Where the current stretch without the participant began: start, speech, pause or resume. */
  lastActivityAtMs: number;
  /** The stretch (its `lastActivityAtMs`) the latest auto-resume prompt was for: one per stretch. */
  promptedStretchMs: number | null;
  autoResumePrompts: number;
  lastPromptAtMs: number | null;
  pausesUsed: number;
  pause: SessionPause | null;
  /** Active time of the stretches before the current one; pauses are not counted. */
  activeMsBefore: number;
  /** Start of the current active stretch; null while paused or ended. */
  activeSinceMs: number | null;
  endedAtMs: number | null;
  /** A `SessionEndReason`, with an administrator's code after a colon (`admin_end:stuck_in_loop`). */
  endReason: string | null;
  /** The session that replaced this one after a restart. */
  restartedAs: string | null;
  /** The latest event the session refused, so a refused signal is visible in the `state` query. */
  lastRefusal: SessionRefusal | null;
  /** Counts the changes the workflow must act on (status, pauses); heartbeats do not count. */
  version: number;
}

export function newSessionMemory(startedAtMs: number): SessionMemory {
  return {
    status: 'active',
    startedAtMs,
    lastHeartbeatAtMs: startedAtMs,
    lastActivityAtMs: startedAtMs,
    promptedStretchMs: null,
    autoResumePrompts: 0,
    lastPromptAtMs: null,
    pausesUsed: 0,
    pause: null,
    activeMsBefore: 0,
    activeSinceMs: startedAtMs,
    endedAtMs: null,
    endReason: null,
    restartedAs: null,
    lastRefusal: null,
    version: 0,
  };
}

/** Active time so far, the current stretch included. */
export function activeMs(memory: SessionMemory, nowMs: number): number {
  return (
    memory.activeMsBefore +
    (memory.activeSinceMs === null ? 0 : Math.max(0, nowMs - memory.activeSinceMs))
  );
}
