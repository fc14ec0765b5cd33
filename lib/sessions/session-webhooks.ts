/**
 * The webhook events a session sends: `session.abandoned`, `session.expired` and
 * `session.auto_resume_prompt`. Ids, codes, counts and times only. Event keys are unique per
 * session (and per prompt), so an event emitted again after a retry is the same event.
 */
import type { WebhookEventInput } from '../../activities/webhooks';
import { webhookEventTypes } from '../webhooks/event-payload';
import { activeMs, type SessionMemory } from './session-memory';
import type { SessionIdentity } from './session-state';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function sessionData(identity: SessionIdentity, memory: SessionMemory, nowMs: number) {
  return {
    session_id: identity.sessionId,
    run_id: identity.runId,
    status: memory.status,
    started_at: iso(memory.startedAtMs),
    last_heartbeat_at: iso(memory.lastHeartbeatAtMs),
    pauses_used: memory.pausesUsed,
    active_s: Math.floor(activeMs(memory, nowMs) / 1000),
  };
}

/** The session ended without the participant finishing (`heartbeat_lost` or `pause_expired`). */
export function sessionAbandonedEvent(
  identity: SessionIdentity,
  memory: SessionMemory,
  nowMs: number,
): WebhookEventInput {
  return {
    organizationId: identity.organizationId,
    eventType: webhookEventTypes.sessionAbandoned,
    eventKey: `${webhookEventTypes.sessionAbandoned}:${identity.sessionId}`,
    runId: identity.runId,
    occurredAt: iso(nowMs)!,
    data: {
      ...sessionData(identity, memory, nowMs),
      reason: memory.endReason,
      ended_at: iso(memory.endedAtMs),
    },
  };
}

/** The session ran out of time: its pause (`pause_expired`) or its active time (`max_duration`). */
export function sessionExpiredEvent(
  identity: SessionIdentity,
  memory: SessionMemory,
  nowMs: number,
): WebhookEventInput {
  return {
    organizationId: identity.organizationId,
    eventType: webhookEventTypes.sessionExpired,
    eventKey: `${webhookEventTypes.sessionExpired}:${identity.sessionId}`,
    runId: identity.runId,
    occurredAt: iso(nowMs)!,
    data: {
      ...sessionData(identity, memory, nowMs),
      status: 'expired',
      reason: memory.endReason,
      paused_at: iso(memory.pause?.atMs ?? null),
      expired_at: iso(memory.endedAtMs),
    },
  };
}

/** The participant has been inactive for the prompt delay: the platform may ask them to go on. */
export function autoResumePromptEvent(
  identity: SessionIdentity,
  memory: SessionMemory,
  nowMs: number,
): WebhookEventInput {
  return {
    organizationId: identity.organizationId,
    eventType: webhookEventTypes.sessionAutoResumePrompt,
    eventKey: `${webhookEventTypes.sessionAutoResumePrompt}:${identity.sessionId}:${memory.autoResumePrompts}`,
    runId: identity.runId,
    occurredAt: iso(nowMs)!,
    data: {
      ...sessionData(identity, memory, nowMs),
      prompt: memory.autoResumePrompts,
      inactive_since: iso(memory.lastActivityAtMs),
    },
  };
}
