/**
 * A time-skipping Temporal server, a database and workers for the session tests, with the
 * sessions client the platform would use. Time moves only when a test sleeps (`env.sleep`) or
 * waits for a result, so each rule can be checked a second before and a second after its deadline.
 * Events carry the server's time, as a platform's clock in step with Temporal's would.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject, vi } from 'vitest';
import type { ActivityDependencies } from '../../activities/dependencies';
import { SessionsClient } from '../../client/sessions-client';
import { sessionWorkflowId } from '../../lib/ids';
import type { SessionState } from '../../lib/sessions/session-state';
import { createWorkers } from '../../worker/create-workers';
import { stateQuery, type interviewSession } from '../../workflows/session';
import { startWorkers, type RunningWorkers } from './running-workers';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testDependencies } from './test-worker';
import { startTimeSkippingEnvironment } from './webhook-time-skipping';

export interface SessionEnvironment {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  taskQueue: string;
  deps: ActivityDependencies;
  sessions: SessionsClient;
  /** Starts a worker on the session queue; a test may stop it and start another. */
  startWorker(): Promise<RunningWorkers>;
  /** The server's time, for the `at` of events. */
  now(): Promise<Date>;
  state(sessionId: string): Promise<SessionState>;
  /** Waits until the session has read its rules (its first activity ran). */
  ready(sessionId: string): Promise<SessionState>;
  /** Sets an organization's `settings.sessions` (read by sessions that start afterwards). */
  setSettings(organizationId: string, sessions: Record<string, unknown>): Promise<void>;
  result(sessionId: string): Promise<SessionState>;
  close(): Promise<void>;
}

export async function startSessionEnvironment(): Promise<SessionEnvironment> {
  const env = await startTimeSkippingEnvironment();
  const database = await createTestDatabase();
  const taskQueue = `sessions-${randomUUID()}`;
  // Webhooks reach the tests' receivers on loopback; retries come quickly.
  const deps = await testDependencies(database.pool, {
    webhooks: { allowedHosts: '127.0.0.1', retrySchedule: '0,5s' },
  });
  const handle = (sessionId: string) =>
    env.client.workflow.getHandle<typeof interviewSession>(sessionWorkflowId(sessionId));
  const running = new Set<RunningWorkers>();
  return {
    env,
    database,
    taskQueue,
    deps,
    // Every call a signal: the tests space their events themselves.
    sessions: new SessionsClient({
      temporal: env.client,
      db: database.pool,
      taskQueue,
      signalIntervalMs: 0,
    }),
    async startWorker() {
      const workers = startWorkers(
        await createWorkers({
          connection: env.nativeConnection,
          namespace: env.namespace ?? 'default',
          taskQueue,
          deps,
          mediaConcurrency: 1,
          activityConcurrency: 20,
          workflowBundlePath: inject('workflowBundlePath'),
        }),
      );
      running.add(workers);
      return {
        async stop() {
          running.delete(workers);
          await workers.stop();
        },
      };
    },
    async now() {
      return new Date(await env.currentTimeMs());
    },
    state: (sessionId) => handle(sessionId).query(stateQuery),
    ready: (sessionId) =>
      vi.waitFor(
        async () => {
          const state = await handle(sessionId).query(stateQuery);
          if (state.rules === null) throw new Error(`session ${sessionId} has no rules yet`);
          return state;
        },
        { timeout: 10_000, interval: 50 },
      ),
    async setSettings(organizationId, sessions) {
      await database.pool.query(
        `insert into organizations (id, settings) values ($1::text, $2::jsonb)
         on conflict (id) do update set settings = excluded.settings`,
        [organizationId, JSON.stringify({ sessions })],
      );
    },
    result: (sessionId) => handle(sessionId).result(),
    async close() {
      await Promise.all([...running].map((workers) => workers.stop()));
      await env.teardown();
      await database.drop();
    },
  };
}

/** A session id of its own for each test. */
export const newSessionId = () => `ses_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
