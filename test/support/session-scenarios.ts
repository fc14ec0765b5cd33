/**
 * Session lifecycles whose histories are kept in test/fixtures/session-histories/ and replayed
 * against the current workflow code (test/session.replay.test.ts), so that a change that would
 * break sessions already running fails the tests instead. Each covers a path through the
 * workflow: every rule, the handlers, continue-as-new and the hand-over.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { format } from 'prettier';
import { ingestRunBundle } from '../../client/ingest-run-bundle';
import { sessionWorkflowId } from '../../lib/ids';
import { projectRoot } from '../../lib/project-root';
import type { SessionState } from '../../lib/sessions/session-state';
import { writeBundle } from './bundle-fixture';
import type { SessionEnvironment } from './session-environment';

export const historiesDir = path.join(projectRoot, 'test', 'fixtures', 'session-histories');

/** Histories are kept in protobuf's JSON form, which `History.fromObject` reads back. */
export const History = temporal.api.history.v1.History;

const minute = 60_000;
const organizationId = 'org_recorded';

export interface SessionScenario {
  name: string;
  /** Plays the lifecycle; returns the session whose history is kept, and its final state. */
  play(s: SessionEnvironment, sessionId: string): Promise<SessionState>;
}

async function start(s: SessionEnvironment, sessionId: string): Promise<void> {
  await s.sessions.start({
    sessionId,
    organizationId,
    runId: `run_${sessionId}`,
    at: await s.now(),
  });
  await s.ready(sessionId);
}

async function beat(s: SessionEnvironment, sessionId: string, event: 'heartbeat' | 'activity') {
  await s.sessions[event]({
    sessionId,
    organizationId,
    runId: `run_${sessionId}`,
    at: await s.now(),
  });
}

async function pause(s: SessionEnvironment, sessionId: string): Promise<void> {
  await s.sessions.pause({
    sessionId,
    organizationId,
    by: 'participant',
    reason: 'browser_closed',
    at: await s.now(),
  });
}

async function resume(s: SessionEnvironment, sessionId: string): Promise<void> {
  await s.sessions.resume({ sessionId, organizationId, at: await s.now() });
}

export const sessionScenarios: SessionScenario[] = [
  {
    name: 'heartbeat-lost',
    async play(s, sessionId) {
      await start(s, sessionId);
      await s.env.sleep(minute);
      await beat(s, sessionId, 'heartbeat');
      await beat(s, sessionId, 'activity');
      await s.env.sleep(3 * minute);
      await beat(s, sessionId, 'heartbeat');
      return s.result(sessionId);
    },
  },
  {
    name: 'pause-expired',
    async play(s, sessionId) {
      await start(s, sessionId);
      await s.env.sleep(minute);
      await pause(s, sessionId);
      return s.result(sessionId);
    },
  },
  {
    name: 'pauses-used-then-completed',
    async play(s, sessionId) {
      await start(s, sessionId);
      for (let count = 0; count < 3; count++) {
        await pause(s, sessionId);
        await s.env.sleep(3 * minute);
        await resume(s, sessionId);
        await beat(s, sessionId, 'activity');
      }
      await pause(s, sessionId).catch(() => undefined);
      await resume(s, sessionId);
      await s.sessions.complete({ sessionId, organizationId, at: await s.now() });
      return s.result(sessionId);
    },
  },
  {
    name: 'admin-end-while-paused',
    async play(s, sessionId) {
      await start(s, sessionId);
      await pause(s, sessionId);
      await s.env.sleep(10 * minute);
      await s.sessions.end({
        sessionId,
        organizationId,
        reason: 'stuck_in_loop',
        at: await s.now(),
      });
      return s.result(sessionId);
    },
  },
  {
    name: 'max-duration',
    async play(s, sessionId) {
      await s.sessions.start({
        sessionId,
        organizationId,
        runId: `run_${sessionId}`,
        at: await s.now(),
        maxDurationMinutes: 4,
      });
      for (let count = 0; count < 3; count++) {
        await s.env.sleep(minute);
        await beat(s, sessionId, 'heartbeat');
      }
      return s.result(sessionId);
    },
  },
  {
    name: 'continued-as-new',
    async play(s, sessionId) {
      await start(s, sessionId);
      await pause(s, sessionId);
      await resume(s, sessionId);
      const handle = s.env.client.workflow.getHandle(sessionWorkflowId(sessionId));
      const firstRun = (await handle.describe()).runId;
      while ((await handle.describe()).runId === firstRun) {
        for (let count = 0; count < 100; count++) await beat(s, sessionId, 'heartbeat');
        // A quiet moment, in which the session continues as new.
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await s.sessions.complete({ sessionId, organizationId, at: await s.now() });
      return s.result(sessionId);
    },
  },
  // These two leave child workflows running (the next session, the pipeline): last.
  {
    name: 'restarted',
    async play(s, sessionId) {
      await start(s, sessionId);
      await pause(s, sessionId);
      await s.sessions.restart({ sessionId, organizationId, at: await s.now() });
      return s.result(sessionId);
    },
  },
  {
    name: 'completed-run-handed-over',
    async play(s, sessionId) {
      const bundle = await writeBundle({ runId: `run_${sessionId}`, organizationId });
      await ingestRunBundle(s.deps, bundle.dir);
      await start(s, sessionId);
      await beat(s, sessionId, 'activity');
      await s.sessions.complete({ sessionId, organizationId, at: await s.now() });
      return s.result(sessionId);
    },
  },
];

/**
 * Writes the histories of a session's runs as `<file>.json`, and `<file>.run<n>.json` for the
 * runs before the last when it continued as new.
 */
export async function saveHistories(
  s: SessionEnvironment,
  sessionId: string,
  file: string,
): Promise<void> {
  const workflowId = sessionWorkflowId(sessionId);
  await fs.mkdir(historiesDir, { recursive: true });
  let runId: string | undefined = (await s.env.client.workflow.getHandle(workflowId).describe())
    .runId;
  const runs: string[] = [];
  while (runId) {
    const history = await s.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(JSON.stringify(History.fromObject(history).toJSON()));
    runId =
      history.events![0]!.workflowExecutionStartedEventAttributes!.continuedExecutionRunId ||
      undefined;
  }
  for (const [index, json] of runs.entries()) {
    const name = index === runs.length - 1 ? file : `${file}.run${index + 1}`;
    // Formatted as the repository's other files are, so that `prettier --check .` passes.
    await fs.writeFile(
      path.join(historiesDir, `${name}.json`),
      await format(json, { parser: 'json' }),
    );
  }
}
