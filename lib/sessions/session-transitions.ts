/**
 * How each event changes a session: pure functions over its memory, shared by the workflow's
 * handlers and the pause validator. An event the session's status does not allow is refused with
 * a documented failure type and changes nothing. Only changes the workflow must act on (a pause, an
 * end) bump `version`; heartbeats and speech only move times, which the timers read when they fire.
 */
import { FailureType, type FailureTypeName } from '../failure-types';
import type { EndedSessionStatus, PausedBy, SessionEndReason } from '../domain/session-status';
import type { SessionRules } from '../domain/session-settings';
import type { SessionMemory } from './session-memory';

export type Refusal = FailureTypeName | undefined;

const live = (memory: SessionMemory) => memory.status === 'active' || memory.status === 'paused';

/** The participant's page is connected. */
export function heartbeat(memory: SessionMemory, nowMs: number): void {
  if (!live(memory)) return;
  memory.lastHeartbeatAtMs = Math.max(memory.lastHeartbeatAtMs, nowMs);
}

/** The participant spoke: present, and connected. */
export function participantActivity(memory: SessionMemory, nowMs: number): void {
  if (!live(memory)) return;
  memory.lastActivityAtMs = Math.max(memory.lastActivityAtMs, nowMs);
  memory.lastHeartbeatAtMs = Math.max(memory.lastHeartbeatAtMs, nowMs);
}

/** Why a pause would be refused now; undefined when it is allowed. Reads only (update validator). */
export function pauseRefusal(memory: SessionMemory, rules: SessionRules): Refusal {
  if (memory.status !== 'active') return FailureType.InvalidSessionTransition;
  if (memory.pausesUsed >= rules.maxPauses) return FailureType.PauseLimitReached;
  return undefined;
}

export function pause(
  memory: SessionMemory,
  rules: SessionRules,
  nowMs: number,
  input: { by: PausedBy; reason: string },
): Refusal {
  const refusal = pauseRefusal(memory, rules);
  if (refusal) return refusal;
  closeActiveStretch(memory, nowMs);
  memory.status = 'paused';
  memory.pausesUsed += 1;
  memory.pause = { atMs: nowMs, by: input.by, reason: input.reason };
  // Pausing is the participant's (or an administrator's) own act: a new stretch of inactivity.
  memory.lastActivityAtMs = nowMs;
  memory.version += 1;
  return undefined;
}

export function resume(memory: SessionMemory, nowMs: number): Refusal {
  if (memory.status !== 'paused') return FailureType.InvalidSessionTransition;
  memory.status = 'active';
  memory.pause = null;
  memory.activeSinceMs = nowMs;
  // Coming back means the page is there and the participant too: both clocks start again.
  memory.lastHeartbeatAtMs = Math.max(memory.lastHeartbeatAtMs, nowMs);
  memory.lastActivityAtMs = Math.max(memory.lastActivityAtMs, nowMs);
  memory.version += 1;
  return undefined;
}

/** Ends a live session; refused once it has ended. */
export function endSession(
  memory: SessionMemory,
  nowMs: number,
  status: EndedSessionStatus,
  reason: SessionEndReason,
  detail?: string,
): Refusal {
  if (!live(memory)) return FailureType.InvalidSessionTransition;
  closeActiveStretch(memory, nowMs);
  memory.status = status;
  memory.endedAtMs = nowMs;
  memory.endReason = detail === undefined ? reason : `${reason}:${detail}`;
  memory.version += 1;
  return undefined;
}

/** A pause ran past its limit: `expired` now, and `abandoned` once that has been announced. */
export function expirePause(memory: SessionMemory, nowMs: number): void {
  endSession(memory, nowMs, 'expired', 'pause_expired');
}

export function abandonExpired(memory: SessionMemory): void {
  if (memory.status !== 'expired' || memory.endReason !== 'pause_expired') return;
  memory.status = 'abandoned';
  memory.version += 1;
}

/** The auto-resume prompt of the current stretch of inactivity was sent. */
export function promptSent(memory: SessionMemory, nowMs: number): void {
  memory.promptedStretchMs = memory.lastActivityAtMs;
  memory.autoResumePrompts += 1;
  memory.lastPromptAtMs = nowMs;
}

export function refuse(
  memory: SessionMemory,
  event: string,
  type: FailureTypeName,
  nowMs: number,
): void {
  memory.lastRefusal = { event, type, atMs: nowMs };
}

function closeActiveStretch(memory: SessionMemory, nowMs: number): void {
  if (memory.activeSinceMs !== null) {
    memory.activeMsBefore += Math.max(0, nowMs - memory.activeSinceMs);
    memory.activeSinceMs = null;
  }
}
