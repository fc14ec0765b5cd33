/**
 * The statuses a live interview session moves through (seeds/001 and seeds/002). `expired` is
 * passed through when a pause runs out, on the way to `abandoned`, and is final when the session's
 * active time reaches its maximum. Only ids and these codes describe a session: no personal data.
 */

export const liveSessionStatuses = ['active', 'paused'] as const;

/** How a session ends; each is also a run status (lib/domain/run.ts). */
export const endedSessionStatuses = [
  'completed',
  'abandoned',
  'expired',
  'admin_ended',
  'restarted',
] as const;

export const sessionStatuses = [...liveSessionStatuses, ...endedSessionStatuses] as const;

export type LiveSessionStatus = (typeof liveSessionStatuses)[number];
export type EndedSessionStatus = (typeof endedSessionStatuses)[number];
export type SessionStatus = (typeof sessionStatuses)[number];

export function isSessionEnded(status: SessionStatus): status is EndedSessionStatus {
  return (endedSessionStatuses as readonly string[]).includes(status);
}

/**
 * Why a session ended, recorded with it: the rule that ended it, or who did. An administrator's
 * own reason code is kept next to it (`admin_end:<code>`).
 */
export const sessionEndReasons = [
  'completed',
  'heartbeat_lost',
  'pause_expired',
  'max_duration',
  'admin_end',
  'restart',
] as const;
export type SessionEndReason = (typeof sessionEndReasons)[number];

/** Who paused a session: the participant (button, closed tab) or an administrator. */
export const pausedBy = ['participant', 'admin'] as const;
export type PausedBy = (typeof pausedBy)[number];

/**
 * Reasons are short codes such as `technical_issue` or `participant_request`, never free text:
 * they travel through Temporal history and webhooks, where personal data must not.
 */
export const REASON_CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
