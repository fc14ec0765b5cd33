import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getSession } from '../db/sessions';
import { EpilogueError } from '../lib/errors';
import { searchAttributes, sessionWorkflowId } from '../lib/ids';
import { pauseUpdate } from '../workflows/session';
import type { RunningWorkers } from './support/running-workers';
import {
  newSessionId,
  startSessionEnvironment,
  type SessionEnvironment,
} from './support/session-environment';

let s: SessionEnvironment;
let worker: RunningWorkers;
const organizationId = 'org_sessions';
const minute = 60_000;

beforeAll(async () => {
  s = await startSessionEnvironment();
  worker = await s.startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await s?.close();
});

async function startSession(
  options: { organizationId?: string; maxDurationMinutes?: number } = {},
): Promise<string> {
  const sessionId = newSessionId();
  await s.sessions.start({
    sessionId,
    organizationId: options.organizationId ?? organizationId,
    runId: `run_${sessionId}`,
    at: await s.now(),
    ...(options.maxDurationMinutes ? { maxDurationMinutes: options.maxDurationMinutes } : {}),
  });
  await s.ready(sessionId);
  return sessionId;
}

/** Sends the event at the server's time, and returns that time. */
async function send(
  event: 'heartbeat' | 'activity',
  sessionId: string,
  org = organizationId,
): Promise<Date> {
  const at = await s.now();
  await s.sessions[event]({ sessionId, organizationId: org, runId: `run_${sessionId}`, at });
  return at;
}

async function pause(sessionId: string, org = organizationId) {
  return s.sessions.pause({
    sessionId,
    organizationId: org,
    by: 'participant',
    reason: 'participant_request',
    at: await s.now(),
  });
}

async function resume(sessionId: string, org = organizationId) {
  await s.sessions.resume({ sessionId, organizationId: org, at: await s.now() });
}

describe('heartbeat rule (time-skipping)', () => {
  it('a session silent for 4:59 is still active, and abandoned at 5:01', async () => {
    const sessionId = await startSession();
    await s.env.sleep(4 * minute + 59_000);
    expect((await s.state(sessionId)).status).toBe('active');
    await s.env.sleep(2000);
    const ended = await s.result(sessionId);
    expect(ended).toMatchObject({ status: 'abandoned', endReason: 'heartbeat_lost', timers: [] });
    expect(Date.parse(ended.endedAt!) - Date.parse(ended.lastHeartbeatAt)).toBe(5 * minute);
  });

  it('each heartbeat moves the deadline: 5 minutes after the last one, not the first', async () => {
    const sessionId = await startSession();
    await s.env.sleep(4 * minute);
    const lastBeat = await send('heartbeat', sessionId);
    await s.env.sleep(4 * minute + 59_000);
    const state = await s.state(sessionId);
    expect(state.status).toBe('active');
    expect(state.timers).toContainEqual({
      rule: 'heartbeat',
      deadline: new Date(lastBeat.getTime() + 5 * minute).toISOString(),
    });
    await s.env.sleep(2000);
    expect((await s.result(sessionId)).status).toBe('abandoned');
  });
});

describe('pause limit (time-skipping)', () => {
  it('a pause of 29:59 is still paused; at 30:01 the session expires, then is abandoned', async () => {
    const sessionId = await startSession();
    await pause(sessionId);
    // Paused: no heartbeats come, and none are expected.
    await s.env.sleep(29 * minute + 59_000);
    const paused = await s.state(sessionId);
    expect(paused.status).toBe('paused');
    expect(paused.timers.map((timer) => timer.rule)).toEqual(['pause_limit']);
    await s.env.sleep(2000);
    const ended = await s.result(sessionId);
    expect(ended).toMatchObject({ status: 'abandoned', endReason: 'pause_expired' });
    const row = await getSession(s.database.pool, organizationId, sessionId);
    expect(row).toMatchObject({ status: 'abandoned', endReason: 'pause_expired', pausesUsed: 1 });
    expect(row?.expiredAt?.toISOString()).toBe(ended.endedAt);
  });

  it('with pause_limit 24h (the other documented value) a day-long pause expires at 24 h', async () => {
    const org = 'org_pause_24h';
    await s.setSettings(org, { pause_limit: '24h' });
    const sessionId = await startSession({ organizationId: org });
    await pause(sessionId, org);
    await s.env.sleep(24 * 60 * minute - 1000);
    const paused = await s.state(sessionId);
    expect(paused.status).toBe('paused');
    expect(paused.rules?.pauseLimitMs).toBe(24 * 60 * minute);
    await s.env.sleep(2000);
    expect(await s.result(sessionId)).toMatchObject({
      status: 'abandoned',
      endReason: 'pause_expired',
    });
  });

  it('resuming in time clears the pause and starts the heartbeat clock again', async () => {
    const sessionId = await startSession();
    await pause(sessionId);
    await s.env.sleep(29 * minute);
    await resume(sessionId);
    const resumed = await s.state(sessionId);
    expect(resumed).toMatchObject({ status: 'active', pause: null, pausesUsed: 1 });
    expect(resumed.timers.map((timer) => timer.rule)).toEqual([
      'heartbeat',
      'max_duration',
      'inactivity_prompt',
    ]);
    await s.env.sleep(4 * minute + 59_000);
    expect((await s.state(sessionId)).status).toBe('active');
    await s.env.sleep(2000);
    expect((await s.result(sessionId)).endReason).toBe('heartbeat_lost');
  });
});

describe('pauses allowed (time-skipping)', () => {
  it('three pauses are allowed; the fourth is refused with PauseLimitReached', async () => {
    const sessionId = await startSession();
    for (let count = 1; count <= 3; count++) {
      const paused = await pause(sessionId);
      expect(paused).toMatchObject({ status: 'paused', pausesUsed: count, pausesAllowed: 3 });
      await s.env.sleep(minute);
      await resume(sessionId);
    }
    const refused = await pause(sessionId).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EpilogueError);
    expect(refused).toMatchObject({ type: 'PauseLimitReached' });

    // The same refusal as the workflow gives it to any Temporal client: a typed ApplicationFailure.
    const raw = await s.env.client.workflow
      .getHandle(sessionWorkflowId(sessionId))
      .executeUpdate(pauseUpdate, {
        args: [{ at: (await s.now()).toISOString(), by: 'admin', reason: 'technical_issue' }],
      })
      .catch((error: unknown) => error);
    expect(raw).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((raw as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect((raw as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'PauseLimitReached' });

    const state = await s.state(sessionId);
    expect(state).toMatchObject({ status: 'active', pausesUsed: 3 });
    await s.sessions.complete({ sessionId, organizationId, at: await s.now() });
    expect((await s.result(sessionId)).status).toBe('completed');
  });

  it('a pause while paused is refused with InvalidSessionTransition, and so is a resume while active', async () => {
    const sessionId = await startSession();
    await resume(sessionId);
    expect((await s.state(sessionId)).lastRefusal).toMatchObject({
      event: 'resume',
      type: 'InvalidSessionTransition',
    });
    await pause(sessionId);
    await expect(pause(sessionId)).rejects.toMatchObject({ type: 'InvalidSessionTransition' });
    expect((await s.state(sessionId)).pausesUsed).toBe(1);
    await s.sessions.end({ sessionId, organizationId, reason: 'test_session', at: await s.now() });
    await s.result(sessionId);
  });
});

describe('administrators (time-skipping)', () => {
  it('an admin end during a pause ends the session as admin_ended, keeping the pause', async () => {
    const sessionId = await startSession();
    await pause(sessionId);
    await s.env.sleep(10 * minute);
    await s.sessions.end({
      sessionId,
      organizationId,
      reason: 'stuck_in_loop',
      at: await s.now(),
    });
    const ended = await s.result(sessionId);
    expect(ended).toMatchObject({
      status: 'admin_ended',
      endReason: 'admin_end:stuck_in_loop',
      pause: { by: 'participant', reason: 'participant_request' },
      timers: [],
    });
    expect(await getSession(s.database.pool, organizationId, sessionId)).toMatchObject({
      status: 'admin_ended',
      endReason: 'admin_end:stuck_in_loop',
      pausesUsed: 1,
    });
    // Over is over: a late heartbeat does not start the session again.
    await expect(send('heartbeat', sessionId)).rejects.toMatchObject({
      type: 'InvalidSessionTransition',
    });
  });

  it('an end without a reason code is refused before it reaches the session', async () => {
    const sessionId = await startSession();
    await expect(
      s.sessions.end({ sessionId, organizationId, reason: 'Participant was rude to Anna' }),
    ).rejects.toMatchObject({ type: 'InvalidSessionEvent' });
    expect((await s.state(sessionId)).status).toBe('active');
    await s.sessions.complete({ sessionId, organizationId, at: await s.now() });
    await s.result(sessionId);
  });
});

describe('inactivity prompt (time-skipping)', () => {
  it('2 minutes without the participant speaking bring one auto-resume prompt; speaking again re-arms it', async () => {
    const sessionId = await startSession();
    await s.env.sleep(minute + 59_000);
    expect((await s.state(sessionId)).autoResumePrompts).toBe(0);
    await s.env.sleep(2000);
    const prompted = await s.state(sessionId);
    expect(prompted.autoResumePrompts).toBe(1);
    expect(prompted.timers.map((timer) => timer.rule)).not.toContain('inactivity_prompt');
    // One prompt per silence, however long it lasts.
    await send('heartbeat', sessionId);
    await s.env.sleep(2 * minute);
    expect((await s.state(sessionId)).autoResumePrompts).toBe(1);
    await send('activity', sessionId);
    await s.env.sleep(2 * minute + 1000);
    expect((await s.state(sessionId)).autoResumePrompts).toBe(2);
    await s.sessions.complete({ sessionId, organizationId, at: await s.now() });
    await s.result(sessionId);
  });
});

describe('auto-resume prompt while paused (time-skipping)', () => {
  it('a paused participant is prompted 2 minutes into the pause, once, and the pause still expires', async () => {
    const sessionId = await startSession();
    await pause(sessionId);
    await s.env.sleep(minute + 59_000);
    expect((await s.state(sessionId)).autoResumePrompts).toBe(0);
    await s.env.sleep(2000);
    const prompted = await s.state(sessionId);
    expect(prompted).toMatchObject({ status: 'paused', autoResumePrompts: 1 });
    expect(prompted.timers.map((timer) => timer.rule)).toEqual(['pause_limit']);
    expect(await s.result(sessionId)).toMatchObject({
      status: 'abandoned',
      endReason: 'pause_expired',
      autoResumePrompts: 1,
    });
  });
});

describe('maximum length (time-skipping)', () => {
  it("a session ends as expired when its active time reaches the blueprint's max_duration_m; pauses do not count", async () => {
    const org = 'org_long_heartbeats';
    await s.setSettings(org, { heartbeat_timeout: '2h' });
    const sessionId = await startSession({ organizationId: org, maxDurationMinutes: 30 });
    await s.env.sleep(10 * minute);
    const paused = await pause(sessionId, org);
    const activeBefore = Date.parse(paused.pause!.at) - Date.parse(paused.startedAt);
    await s.env.sleep(15 * minute);
    const resumedAt = (await s.now()).getTime();
    await resume(sessionId, org);
    const resumed = await s.state(sessionId);
    expect(resumed.rules).toMatchObject({
      maxDurationMs: 30 * minute,
      maxDurationFrom: 'blueprint',
    });
    const deadline = Date.parse(
      resumed.timers.find((timer) => timer.rule === 'max_duration')!.deadline,
    );
    // What was left of the 30 minutes at the pause, counted from the resume.
    expect(Math.abs(deadline - (resumedAt + 30 * minute - activeBefore))).toBeLessThan(1000);
    await s.env.sleep(deadline - (await s.now()).getTime() - 1000);
    expect((await s.state(sessionId)).status).toBe('active');
    await s.env.sleep(2000);
    expect(await s.result(sessionId)).toMatchObject({
      status: 'expired',
      endReason: 'max_duration',
      activeSeconds: 30 * 60,
    });
  });
});

describe('rules and operators (time-skipping)', () => {
  it("reads the organization's rules once: a change of settings leaves running sessions alone", async () => {
    const org = 'org_changing';
    await s.setSettings(org, { heartbeat_timeout: '10m', max_pauses: 1 });
    const sessionId = await startSession({ organizationId: org });
    await s.setSettings(org, { heartbeat_timeout: '1m', max_pauses: 5 });
    await s.env.sleep(9 * minute);
    const state = await s.state(sessionId);
    expect(state).toMatchObject({ status: 'active', pausesAllowed: 1 });
    expect(state.rules).toMatchObject({ heartbeatTimeoutMs: 10 * minute, maxPauses: 1 });
    await pause(sessionId, org);
    await resume(sessionId, org);
    await expect(pause(sessionId, org)).rejects.toMatchObject({ type: 'PauseLimitReached' });
    await s.sessions.complete({ sessionId, organizationId: org, at: await s.now() });
    await s.result(sessionId);
  });

  it('an invalid setting falls back to its default and says so in the state', async () => {
    const org = 'org_bad_settings';
    await s.setSettings(org, { heartbeat_timeout: 'soon', max_pauses: 2 });
    const sessionId = await startSession({ organizationId: org });
    const state = await s.state(sessionId);
    expect(state.rules).toMatchObject({ heartbeatTimeoutMs: 5 * minute, maxPauses: 2 });
    expect(state.settingsIgnored).toEqual(['heartbeat_timeout']);
    await s.sessions.complete({ sessionId, organizationId: org, at: await s.now() });
    await s.result(sessionId);
  });

  it('shows the session to operators by status and organization, and hides it from other organizations', async () => {
    const sessionId = await startSession();
    await pause(sessionId);
    const handle = s.env.client.workflow.getHandle(sessionWorkflowId(sessionId));
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(searchAttributes.sessionStatus)).toBe('paused');
    expect(described.typedSearchAttributes.get(searchAttributes.organizationId)).toBe(
      organizationId,
    );
    expect(described.typedSearchAttributes.get(searchAttributes.runId)).toBe(`run_${sessionId}`);
    await expect(
      s.sessions.state({ sessionId, organizationId: 'org_other' }),
    ).rejects.toMatchObject({ type: 'SessionNotFound' });
    await expect(
      s.sessions.resume({ sessionId, organizationId: 'org_other' }),
    ).rejects.toMatchObject({ type: 'SessionNotFound' });
    // The row follows the workflow: an activity records each change, a moment later.
    await vi.waitFor(
      async () =>
        expect(await s.sessions.state({ sessionId, organizationId })).toMatchObject({
          workflowStatus: 'RUNNING',
          state: { status: 'paused', pausesUsed: 1 },
          stored: { status: 'paused', pausesUsed: 1 },
        }),
      { timeout: 30_000, interval: 200 },
    );
    await s.sessions.end({ sessionId, organizationId, reason: 'test_session', at: await s.now() });
    await s.result(sessionId);
    expect(
      (await handle.describe()).typedSearchAttributes.get(searchAttributes.sessionStatus),
    ).toBe('admin_ended');
  });
});
