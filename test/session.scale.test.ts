import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSession } from '../db/sessions';
import { sessionWorkflowId } from '../lib/ids';
import { SESSION_HISTORY_LIMIT } from '../workflows/session';
import type { RunningWorkers } from './support/running-workers';
import {
  newSessionId,
  startSessionEnvironment,
  type SessionEnvironment,
} from './support/session-environment';

type History = temporal.api.history.v1.IHistory;

let s: SessionEnvironment;
let worker: RunningWorkers;
const organizationId = 'org_scale';

beforeAll(async () => {
  s = await startSessionEnvironment();
  worker = await s.startWorker();
  // An hour of heartbeat silence is allowed, so that only the number of heartbeats matters here.
  await s.setSettings(organizationId, { heartbeat_timeout: '1h' });
});

afterAll(async () => {
  await worker?.stop();
  await s?.close();
});

/** Server time without asking the server each time: no time is skipped in this file. */
async function serverClock(): Promise<() => Date> {
  const server = (await s.now()).getTime();
  const local = Date.now();
  return () => new Date(server + Date.now() - local);
}

/** The histories of every run of a session, oldest first, followed back from the latest. */
async function runHistories(sessionId: string): Promise<History[]> {
  const workflowId = sessionWorkflowId(sessionId);
  const histories: History[] = [];
  let runId: string | undefined = (await s.env.client.workflow.getHandle(workflowId).describe())
    .runId;
  while (runId) {
    const history = await s.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.unshift(history);
    runId =
      history.events![0]!.workflowExecutionStartedEventAttributes!.continuedExecutionRunId ||
      undefined;
  }
  return histories;
}

describe('long sessions (time-skipping server)', () => {
  it('10,000 heartbeats: history stays bounded through continue-as-new and no state is lost', async () => {
    const now = await serverClock();
    const sessionId = newSessionId();
    const runId = `run_${sessionId}`;
    await s.sessions.start({ sessionId, organizationId, runId, at: now() });
    await s.ready(sessionId);
    await s.sessions.pause({
      sessionId,
      organizationId,
      by: 'participant',
      reason: 'break',
      at: now(),
    });
    await s.sessions.resume({ sessionId, organizationId, at: now() });
    const before = await s.state(sessionId);

    // As fast as the server takes them, one at a time, with a breath after every 250: the
    // session waits for such a quiet moment to continue as new.
    const total = 10_000;
    let last = now();
    for (let count = 1; count <= total; count++) {
      last = now();
      await s.sessions.heartbeat({ sessionId, organizationId, runId, at: last });
      if (count % 250 === 0) await new Promise((resolve) => setTimeout(resolve, 1200));
    }
    const histories = await runHistories(sessionId);
    console.log(histories.map((h) => h.events!.length));
    expect(histories.length).toBeGreaterThanOrEqual(4);
    for (const history of histories) {
      expect(history.events!.length).toBeLessThan(2 * SESSION_HISTORY_LIMIT);
    }
    const events = histories.flatMap((history) => history.events!);
    const count = (attribute: keyof temporal.api.history.v1.IHistoryEvent) =>
      events.filter((event) => event[attribute]).length;
    // Every heartbeat arrived, in one run or another; none needed an activity or a timer.
    expect(count('workflowExecutionSignaledEventAttributes')).toBe(total + 2);
    expect(count('activityTaskScheduledEventAttributes')).toBe(3);
    expect(count('timerStartedEventAttributes')).toBeLessThanOrEqual(histories.length * 5);

    const after = await s.state(sessionId);
    expect(after).toMatchObject({
      status: 'active',
      pausesUsed: 1,
      startedAt: before.startedAt,
      rules: before.rules,
      lastHeartbeatAt: last.toISOString(),
    });
    await s.sessions.complete({ sessionId, organizationId, at: now() });
    expect(await s.result(sessionId)).toMatchObject({ status: 'completed', pausesUsed: 1 });
    expect(await getSession(s.database.pool, organizationId, sessionId)).toMatchObject({
      status: 'completed',
      pausesUsed: 1,
    });
  }, 300_000);

  it('a flood of heartbeats keeps the latest: one signal in flight, the newest waiting', async () => {
    const now = await serverClock();
    const sessionId = newSessionId();
    const runId = `run_${sessionId}`;
    await s.sessions.start({ sessionId, organizationId, runId, at: now() });
    // Ahead of the session's start, so that each is news to it.
    const times = Array.from(
      { length: 2000 },
      (_, index) => new Date(now().getTime() + 1000 + index),
    );
    const latest = times.reduce((a, b) => (a > b ? a : b));
    // All at once, in any order: every call resolves once a heartbeat as recent has arrived.
    await Promise.all(
      [...times]
        .reverse()
        .map((at) => s.sessions.heartbeat({ sessionId, organizationId, runId, at })),
    );
    const state = await s.state(sessionId);
    expect(state.lastHeartbeatAt).toBe(latest.toISOString());
    const signals = (await runHistories(sessionId))
      .flatMap((history) => history.events!)
      .filter((event) => event.workflowExecutionSignaledEventAttributes);
    expect(signals.length).toBeLessThan(10);
    await s.sessions.complete({ sessionId, organizationId, at: now() });
    await s.result(sessionId);
  });
});
