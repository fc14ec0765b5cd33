import { type Command, InvalidArgumentError } from 'commander';
import type { SessionState } from '../../lib/sessions/session-state';
import { pausedBy, type PausedBy } from '../../lib/domain/session-status';
import { type SessionReport, SessionsClient } from '../sessions-client';
import { type CommandContext, report } from './context';

interface EventOptions {
  org: string;
  at?: Date;
  json?: boolean;
}

interface StartOptions extends EventOptions {
  run: string;
  maxDurationM?: number;
}

export function registerSession(program: Command, context: CommandContext): void {
  const session = program
    .command('session')
    .description("send a live session's events, or read its state and timers");

  const withSessions = <T>(work: (client: SessionsClient) => Promise<T>): Promise<T> =>
    context.withClient(async (epilogue) =>
      work(
        new SessionsClient({
          temporal: await epilogue.temporal(),
          db: epilogue.db,
          taskQueue: context.config().EPILOGUE_TASK_QUEUE,
        }),
      ),
    );

  const event = (name: string, description: string) =>
    session
      .command(name)
      .description(description)
      .argument('<sessionId>', 'session id')
      .requiredOption('--org <organizationId>', 'organization the session belongs to')
      .option('--at <time>', 'when it happened, ISO 8601 (default: now)', parseTime)
      .option('--json', 'print one JSON object');

  const starting = (name: string, description: string) =>
    event(name, description)
      .requiredOption('--run <runId>', 'the run the session records')
      .option(
        '--max-duration-m <minutes>',
        "the blueprint's max_duration_m (default: the organization's max_duration)",
        parseMinutes,
      );

  for (const [name, description, send] of [
    ['start', 'start a session (a heartbeat if it runs already)', 'start'],
    [
      'heartbeat',
      "the participant's page is connected (starts the session if needed)",
      'heartbeat',
    ],
    ['activity', 'the participant spoke (starts the session if needed)', 'activity'],
  ] as const) {
    starting(name, description).action(async (sessionId: string, options: StartOptions) => {
      const started = await withSessions((client) =>
        client[send]({
          sessionId,
          organizationId: options.org,
          runId: options.run,
          ...(options.at ? { at: options.at } : {}),
          ...(options.maxDurationM === undefined
            ? {}
            : { maxDurationMinutes: options.maxDurationM }),
        }),
      );
      report(options.json, started, () => `${started.workflowId}: ${name} recorded`);
    });
  }

  event('pause', 'pause the session; refused after the organization’s max_pauses')
    .requiredOption('--reason <code>', 'why, as a code such as technical_issue')
    .option('--by <who>', 'participant or admin', parseBy, 'admin')
    .option('--request-id <id>', 'makes a retried request pause once')
    .action(
      async (
        sessionId: string,
        options: EventOptions & { reason: string; by: PausedBy; requestId?: string },
      ) => {
        const state = await withSessions((client) =>
          client.pause({
            sessionId,
            organizationId: options.org,
            by: options.by,
            reason: options.reason,
            ...(options.requestId ? { requestId: options.requestId } : {}),
            ...(options.at ? { at: options.at } : {}),
          }),
        );
        report(options.json, state, () => describeState(state));
      },
    );

  for (const [name, description, send] of [
    ['resume', 'resume a paused session', 'resume'],
    ['complete', 'the participant finished the interview', 'complete'],
  ] as const) {
    event(name, description).action(async (sessionId: string, options: EventOptions) => {
      await withSessions((client) =>
        client[send]({
          sessionId,
          organizationId: options.org,
          ...(options.at ? { at: options.at } : {}),
        }),
      );
      report(options.json, { sessionId, event: name }, () => `session ${sessionId}: ${name} sent`);
    });
  }

  event('end', 'end the session early as admin_ended')
    .requiredOption('--reason <code>', 'why, as a code such as stuck_in_loop')
    .action(async (sessionId: string, options: EventOptions & { reason: string }) => {
      await withSessions((client) =>
        client.end({
          sessionId,
          organizationId: options.org,
          reason: options.reason,
          ...(options.at ? { at: options.at } : {}),
        }),
      );
      report(options.json, { sessionId, event: 'end' }, () => `session ${sessionId}: end sent`);
    });

  event('restart', 'end the session as restarted and start a new one for the same run')
    .option('--new-session-id <id>', 'id of the new session (default: a new one)')
    .action(async (sessionId: string, options: EventOptions & { newSessionId?: string }) => {
      const next = await withSessions((client) =>
        client.restart({
          sessionId,
          organizationId: options.org,
          ...(options.newSessionId ? { newSessionId: options.newSessionId } : {}),
          ...(options.at ? { at: options.at } : {}),
        }),
      );
      report(
        options.json,
        next,
        () => `session ${sessionId} restarted as ${next.sessionId} (${next.workflowId})`,
      );
    });

  session
    .command('state')
    .description("show a session's status, pauses, pending timers and last heartbeat")
    .argument('<sessionId>', 'session id')
    .requiredOption('--org <organizationId>', 'organization the session belongs to')
    .option('--json', 'print one JSON object')
    .action(async (sessionId: string, options: { org: string; json?: boolean }) => {
      const found = await withSessions((client) =>
        client.state({ sessionId, organizationId: options.org }),
      );
      report(options.json, found, () => describeReport(found));
    });
}

function parseTime(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError('expected an ISO 8601 time');
  return at;
}

function parseMinutes(value: string): number {
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new InvalidArgumentError('expected a positive number of minutes');
  }
  return minutes;
}

function parseBy(value: string): PausedBy {
  if (!(pausedBy as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${pausedBy.join(', ')}`);
  }
  return value as PausedBy;
}

function describeState(state: SessionState): string {
  const lines = [
    `session ${state.sessionId} (run ${state.runId}, organization ${state.organizationId}): ${state.status}` +
      (state.endReason ? ` — ${state.endReason}` : ''),
    `  started ${state.startedAt}, last heartbeat ${state.lastHeartbeatAt}, active ${state.activeSeconds} s`,
    `  pauses ${state.pausesUsed}/${state.pausesAllowed ?? '?'}` +
      (state.pause
        ? `; paused at ${state.pause.at} by ${state.pause.by} (${state.pause.reason})`
        : ''),
  ];
  for (const timer of state.timers) lines.push(`  timer ${timer.rule} at ${timer.deadline}`);
  if (state.autoResumePrompts > 0) {
    lines.push(
      `  auto-resume prompts ${state.autoResumePrompts}, last at ${state.lastAutoResumePromptAt}`,
    );
  }
  if (state.restartedAs) lines.push(`  restarted as ${state.restartedAs}`);
  if (state.lastRefusal) {
    lines.push(
      `  refused ${state.lastRefusal.event} at ${state.lastRefusal.at} (${state.lastRefusal.type})`,
    );
  }
  return lines.join('\n');
}

function describeReport(found: SessionReport): string {
  if (found.state)
    return `${describeState(found.state)}\n  workflow ${found.workflowId}: ${found.workflowStatus}`;
  const stored = found.stored;
  const workflow = found.workflowStatus
    ? `workflow ${found.workflowId}: ${found.workflowStatus} (no worker answered the state query)`
    : `workflow ${found.workflowId}: no longer in Temporal`;
  return stored
    ? `session ${stored.id} (run ${stored.runId}): ${stored.status}` +
        (stored.endReason ? ` — ${stored.endReason}` : '') +
        `; pauses ${stored.pausesUsed}\n  ${workflow}`
    : workflow;
}
