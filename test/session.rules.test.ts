import { describe, expect, it } from 'vitest';
import { resolveSessionRules, type SessionRules } from '../lib/domain/session-settings';
import { SessionClock } from '../lib/sessions/session-clock';
import { dueRule, earliestDeadline, sessionDeadlines } from '../lib/sessions/session-deadlines';
import { newSessionMemory } from '../lib/sessions/session-memory';
import * as transitions from '../lib/sessions/session-transitions';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const t0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const v1 = { promptWhilePaused: false };
const v2 = { promptWhilePaused: true };

const defaults = (): SessionRules => resolveSessionRules(undefined).rules;

describe('session settings', () => {
  it("defaults to the brief's rules: 5 min heartbeat, 30 min pause, 2 min prompt, 3 pauses, 4 h", () => {
    expect(resolveSessionRules({})).toEqual({
      rules: {
        heartbeatTimeoutMs: 5 * minute,
        pauseLimitMs: 30 * minute,
        inactivityPromptMs: 2 * minute,
        maxPauses: 3,
        maxDurationMs: 4 * hour,
        maxDurationFrom: 'organization',
      },
      ignored: [],
    });
  });

  it('reads durations as 30s, 24h or a number of seconds, and the pause count', () => {
    const { rules } = resolveSessionRules({
      heartbeat_timeout: 90,
      pause_limit: '24h',
      inactivity_prompt: '45s',
      max_pauses: 0,
      max_duration: '2h',
    });
    expect(rules).toMatchObject({
      heartbeatTimeoutMs: 90 * second,
      pauseLimitMs: 24 * hour,
      inactivityPromptMs: 45 * second,
      maxPauses: 0,
      maxDurationMs: 2 * hour,
    });
  });

  it("prefers the blueprint's max_duration_m to the organization's max_duration", () => {
    expect(resolveSessionRules({ max_duration: '2h' }, 45).rules).toMatchObject({
      maxDurationMs: 45 * minute,
      maxDurationFrom: 'blueprint',
    });
  });

  it('replaces an invalid setting by its default and names it, without its value', () => {
    const resolved = resolveSessionRules({
      heartbeat_timeout: 'soon',
      pause_limit: '30d',
      max_pauses: -1,
      inactivity_prompt: '0s',
    });
    expect(resolved.ignored).toEqual([
      'heartbeat_timeout',
      'pause_limit',
      'inactivity_prompt',
      'max_pauses',
    ]);
    expect(resolved.rules).toEqual(defaults());
    expect(resolveSessionRules('not an object').rules).toEqual(defaults());
  });
});

describe('session clock', () => {
  it('never goes back: a late event does not undo a later one', () => {
    const clock = new SessionClock(t0);
    expect(clock.observe(t0 + 5 * second)).toBe(t0 + 5 * second);
    expect(clock.observe(t0 + 2 * second)).toBe(t0 + 5 * second);
  });

  it('never passes a pending timer: a platform clock running ahead cannot end a session early', () => {
    const clock = new SessionClock(t0);
    clock.arm(t0 + minute);
    expect(clock.observe(t0 + hour)).toBe(t0 + minute);
    clock.fired(t0 + minute);
    expect(clock.now).toBe(t0 + minute);
    expect(clock.observe(t0 + hour)).toBe(t0 + hour);
  });
});

describe('session deadlines', () => {
  it('an active session has its heartbeat, maximum length and prompt deadlines', () => {
    const memory = newSessionMemory(t0);
    expect(sessionDeadlines(memory, defaults(), v1)).toEqual([
      { rule: 'heartbeat', atMs: t0 + 5 * minute },
      { rule: 'max_duration', atMs: t0 + 4 * hour },
      { rule: 'inactivity_prompt', atMs: t0 + 2 * minute },
    ]);
    expect(earliestDeadline(sessionDeadlines(memory, defaults(), v1))?.rule).toBe(
      'inactivity_prompt',
    );
  });

  it('heartbeats move the heartbeat deadline; speech moves the prompt too', () => {
    const memory = newSessionMemory(t0);
    transitions.heartbeat(memory, t0 + 4 * minute);
    expect(dueRule(memory, defaults(), t0 + 5 * minute, v1)?.rule).toBe('inactivity_prompt');
    transitions.participantActivity(memory, t0 + 4 * minute);
    expect(dueRule(memory, defaults(), t0 + 5 * minute, v1)).toBeUndefined();
    expect(dueRule(memory, defaults(), t0 + 9 * minute - 1, v1)?.rule).toBe('inactivity_prompt');
    expect(dueRule(memory, defaults(), t0 + 9 * minute, v1)?.rule).toBe('heartbeat');
  });

  it('prompts once per stretch of inactivity', () => {
    const memory = newSessionMemory(t0);
    transitions.promptSent(memory, t0 + 2 * minute);
    expect(sessionDeadlines(memory, defaults(), v1).map((one) => one.rule)).toEqual([
      'heartbeat',
      'max_duration',
    ]);
    transitions.participantActivity(memory, t0 + 3 * minute);
    expect(sessionDeadlines(memory, defaults(), v1).at(-1)).toEqual({
      rule: 'inactivity_prompt',
      atMs: t0 + 5 * minute,
    });
  });

  it('a paused session has the pause limit only, and the prompt from v2 on', () => {
    const memory = newSessionMemory(t0);
    transitions.pause(memory, defaults(), t0 + 10 * minute, { by: 'admin', reason: 'x' });
    expect(sessionDeadlines(memory, defaults(), v1)).toEqual([
      { rule: 'pause_limit', atMs: t0 + 40 * minute },
    ]);
    expect(sessionDeadlines(memory, defaults(), v2)).toEqual([
      { rule: 'pause_limit', atMs: t0 + 40 * minute },
      { rule: 'inactivity_prompt', atMs: t0 + 12 * minute },
    ]);
  });

  it('counts active time only towards the maximum length', () => {
    const memory = newSessionMemory(t0);
    const rules = { ...defaults(), maxDurationMs: hour };
    transitions.pause(memory, rules, t0 + 20 * minute, { by: 'participant', reason: 'x' });
    transitions.resume(memory, t0 + 50 * minute);
    expect(sessionDeadlines(memory, rules, v1).find((one) => one.rule === 'max_duration')).toEqual({
      rule: 'max_duration',
      atMs: t0 + 90 * minute,
    });
  });

  it('a heartbeat lost and a limit reached at the same instant is an abandonment', () => {
    const memory = newSessionMemory(t0);
    const rules = { ...defaults(), maxDurationMs: 5 * minute };
    expect(dueRule(memory, rules, t0 + 5 * minute, v1)?.rule).toBe('heartbeat');
  });
});

describe('session transitions', () => {
  it('refuses a pause beyond max_pauses, and while paused', () => {
    const memory = newSessionMemory(t0);
    const rules = { ...defaults(), maxPauses: 1 };
    expect(transitions.pause(memory, rules, t0, { by: 'admin', reason: 'x' })).toBeUndefined();
    expect(transitions.pause(memory, rules, t0, { by: 'admin', reason: 'x' })).toBe(
      'InvalidSessionTransition',
    );
    transitions.resume(memory, t0 + minute);
    expect(transitions.pauseRefusal(memory, rules)).toBe('PauseLimitReached');
    expect(memory.pausesUsed).toBe(1);
  });

  it('ends a session once; a paused session that expires is abandoned afterwards', () => {
    const memory = newSessionMemory(t0);
    transitions.pause(memory, defaults(), t0, { by: 'participant', reason: 'x' });
    transitions.expirePause(memory, t0 + 30 * minute);
    expect(memory).toMatchObject({ status: 'expired', endReason: 'pause_expired' });
    transitions.abandonExpired(memory);
    expect(memory).toMatchObject({ status: 'abandoned', endedAtMs: t0 + 30 * minute });
    expect(transitions.endSession(memory, t0 + hour, 'completed', 'completed')).toBe(
      'InvalidSessionTransition',
    );
    expect(memory.status).toBe('abandoned');
  });

  it('ignores heartbeats after the end', () => {
    const memory = newSessionMemory(t0);
    transitions.endSession(memory, t0 + minute, 'admin_ended', 'admin_end', 'test_session');
    transitions.heartbeat(memory, t0 + 2 * minute);
    expect(memory).toMatchObject({
      lastHeartbeatAtMs: t0,
      endReason: 'admin_end:test_session',
    });
  });
});
