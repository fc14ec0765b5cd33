/**
 * The session rules as deadlines. Each rule is a time computed from the session's memory, so a
 * workflow needs one timer, for the earliest deadline, whatever the number of heartbeats: when it
 * fires, the deadlines are computed again from what happened meanwhile, and only a rule whose
 * deadline has really come applies.
 */
import type { SessionRules } from '../domain/session-settings';
import type { SessionMemory } from './session-memory';

export const sessionRuleNames = [
  'heartbeat',
  'pause_limit',
  'max_duration',
  'inactivity_prompt',
] as const;
export type SessionRuleName = (typeof sessionRuleNames)[number];

export interface SessionDeadline {
  rule: SessionRuleName;
  atMs: number;
}

export interface DeadlineOptions {
  /** Whether paused participants get the auto-resume prompt too (a later workflow version). */
  promptWhilePaused: boolean;
}

/** Every pending deadline of a live session, in the order of `sessionRuleNames`. */
export function sessionDeadlines(
  memory: SessionMemory,
  rules: SessionRules,
  options: DeadlineOptions,
): SessionDeadline[] {
  const deadlines: SessionDeadline[] = [];
  const promptPending = memory.promptedStretchMs !== memory.lastActivityAtMs;
  const prompt = {
    rule: 'inactivity_prompt',
    atMs: memory.lastActivityAtMs + rules.inactivityPromptMs,
  } as const;
  if (memory.status === 'active') {
    deadlines.push({
      rule: 'heartbeat',
      atMs: memory.lastHeartbeatAtMs + rules.heartbeatTimeoutMs,
    });
    if (memory.activeSinceMs !== null) {
      deadlines.push({
        rule: 'max_duration',
        atMs: memory.activeSinceMs + rules.maxDurationMs - memory.activeMsBefore,
      });
    }
    if (promptPending) deadlines.push(prompt);
  } else if (memory.status === 'paused' && memory.pause) {
    deadlines.push({ rule: 'pause_limit', atMs: memory.pause.atMs + rules.pauseLimitMs });
    if (promptPending && options.promptWhilePaused) deadlines.push(prompt);
  }
  return deadlines;
}

export function earliestDeadline(deadlines: SessionDeadline[]): SessionDeadline | undefined {
  return deadlines.reduce<SessionDeadline | undefined>(
    (earliest, deadline) => (earliest && earliest.atMs <= deadline.atMs ? earliest : deadline),
    undefined,
  );
}

/**
 * The rule that applies at `nowMs`, if any. A rule that ends the session comes before the prompt,
 * and among those the first in `sessionRuleNames` order: a heartbeat lost and a limit reached at
 * the same instant is an abandonment.
 */
export function dueRule(
  memory: SessionMemory,
  rules: SessionRules,
  nowMs: number,
  options: DeadlineOptions,
): SessionDeadline | undefined {
  return sessionDeadlines(memory, rules, options).find((deadline) => deadline.atMs <= nowMs);
}
