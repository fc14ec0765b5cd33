import { type Command, Option } from 'commander';
import { plans } from '../../db/organizations';
import {
  audioRedactionStyles,
  redactionModes,
  type RetentionPolicy,
} from '../../lib/domain/retention-policy';
import { EpilogueError } from '../../lib/errors';
import type { RetentionPlan } from '../../lib/retention/plan-retention';
import { RetentionClient, type RetentionPolicyChange } from '../retention-client';
import { type CommandContext, report } from './context';

/** `retention.<key>` options of `policy set`; `default` goes back to the plan's value. */
const periodOptions = [
  ['transcript', '--transcript <period>', 'transcripts and responses'],
  ['turn_log', '--turn-log <period>', 'the raw turn log (default: as the transcript)'],
  ['audio', '--audio <period>', 'uploads, masters and MP3s'],
  ['analytics', '--analytics <period>', 'analyses and diarization'],
  ['metadata', '--metadata <period>', 'the run itself: everything left of it'],
] as const;

interface PolicySetOptions {
  org: string;
  json?: boolean;
  plan?: string;
  transcript?: string;
  turnLog?: string;
  audio?: string;
  analytics?: string;
  metadata?: string;
  piiRedactAfter?: string;
  piiMode?: string;
  piiAudio?: string;
}

const orDefault = (value: string | undefined) =>
  value === undefined ? undefined : value === 'default' ? null : value;

function describePolicy(organizationId: string, policy: RetentionPolicy): string {
  const rows = [
    `organization ${organizationId} (plan ${policy.plan})`,
    ...Object.entries(policy.periods).map(
      ([type, period]) =>
        `  ${type.padEnd(11)} ${period}${policy.overrides.includes(`retention.${type}`) ? '' : ' (plan)'}`,
    ),
    `  pii         redact after ${policy.pii.redact_after}, mode ${policy.pii.mode}, audio ${policy.pii.audio}`,
    `  legal hold  ${policy.legal_hold ? 'on' : 'off'}`,
  ];
  return rows.join('\n');
}

function describePlan(plan: RetentionPlan): string[] {
  if (plan.actions.length === 0) return ['  nothing is scheduled: every period is forever'];
  return plan.actions.map(
    (action) =>
      `  ${action.action.padEnd(17)} ${action.dueAt}  ${action.state}${action.doneAt ? ` ${action.doneAt}` : ''}`,
  );
}

export function registerRetention(program: Command, context: CommandContext): void {
  const retention = program
    .command('retention')
    .description('retention policies, legal holds and each run’s deadlines');

  const withRetention = <T>(work: (client: RetentionClient) => Promise<T>): Promise<T> =>
    context.withClient((epilogue) =>
      work(
        new RetentionClient({
          db: epilogue.db,
          temporal: () => epilogue.temporal(),
          taskQueue: context.config().EPILOGUE_TASK_QUEUE,
        }),
      ),
    );

  retention
    .command('show')
    .description("a run's deadlines, what is done, holds, and its retention workflow")
    .argument('<runId>', 'run id')
    .option('--org <organizationId>', 'organization the run must belong to')
    .option('--json', 'print one JSON object')
    .action(async (runId: string, options: { org?: string; json?: boolean }) => {
      const shown = await withRetention((client) =>
        client.showRun(runId, { organizationId: options.org }),
      );
      report(options.json, shown, () =>
        [
          `run ${shown.runId} (organization ${shown.organizationId}, plan ${shown.policy.plan})`,
          ...(shown.plan.heldBy ? [`  held by a legal hold on the ${shown.plan.heldBy}`] : []),
          ...describePlan(shown.plan),
          `workflow ${shown.workflow.workflowId}: ${shown.workflow.status ?? 'not started'}`,
        ].join('\n'),
      );
    });

  const policy = retention.command('policy').description("an organization's retention policy");

  policy
    .command('get')
    .description('the effective policy: the organization’s settings over its plan’s defaults')
    .requiredOption('--org <organizationId>', 'organization')
    .option('--json', 'print one JSON object')
    .action(async (options: { org: string; json?: boolean }) => {
      const result = await withRetention((client) => client.getPolicy(options.org));
      report(options.json, result, () => describePolicy(result.organizationId, result.policy));
    });

  const set = policy
    .command('set')
    .description(
      'change settings (periods like 10s, 30m, 12h, 90d, 6w, 1y or forever; `default` resets); existing runs re-plan',
    )
    .requiredOption('--org <organizationId>', 'organization')
    .addOption(new Option('--plan <plan>', 'the organization’s plan').choices(plans))
    .option('--json', 'print one JSON object');
  for (const [, flags, what] of periodOptions) set.option(flags, `how long to keep ${what}`);
  set
    .option(
      '--pii-redact-after <delay>',
      'redact personal data this long after the run ends, or never',
    )
    .addOption(
      new Option('--pii-mode <mode>', 'label ([EMAIL]) or hash ([EMAIL:<keyed hash>])').choices([
        ...redactionModes,
        'default',
      ]),
    )
    .addOption(
      new Option('--pii-audio <sound>', 'what replaces personal data in the audio').choices([
        ...audioRedactionStyles,
        'default',
      ]),
    )
    .action(async (options: PolicySetOptions) => {
      const change: RetentionPolicyChange = {
        ...(options.plan ? { plan: options.plan as RetentionPolicyChange['plan'] } : {}),
        retention: Object.fromEntries(
          periodOptions.flatMap(([key]) => {
            const value = orDefault(options[key === 'turn_log' ? 'turnLog' : key]);
            return value === undefined ? [] : [[key, value]];
          }),
        ),
        pii: Object.fromEntries(
          (
            [
              ['redact_after', options.piiRedactAfter],
              ['mode', options.piiMode],
              ['audio', options.piiAudio],
            ] as const
          ).flatMap(([key, value]) => {
            const setting = orDefault(value);
            return setting === undefined ? [] : [[key, setting]];
          }),
        ),
      };
      const result = await withRetention((client) => client.setPolicy(options.org, change));
      report(options.json, result, () =>
        [
          describePolicy(result.organizationId, result.policy),
          `existing runs re-plan (${result.rolloutWorkflowId})`,
        ].join('\n'),
      );
    });

  retention
    .command('hold')
    .description('set or release a legal hold on a run, or with --org on every run of it')
    .usage('<runId> on|off | --org <organizationId> on|off')
    .argument('<target>', 'run id, or on|off with --org')
    .argument('[state]', 'on or off')
    .option('--org <organizationId>', 'the organization (alone: hold all its runs)')
    .option('--json', 'print one JSON object')
    .action(
      async (
        target: string,
        state: string | undefined,
        options: { org?: string; json?: boolean },
      ) => {
        const runId = state === undefined ? undefined : target;
        const value = state ?? target;
        if (value !== 'on' && value !== 'off') {
          throw new EpilogueError('the hold must be `on` or `off`', 'UsageError');
        }
        if (runId === undefined && options.org === undefined) {
          throw new EpilogueError('name a run, or an organization with --org', 'UsageError');
        }
        const on = value === 'on';
        if (runId === undefined) {
          const result = await withRetention((client) =>
            client.setOrganizationHold(options.org!, on),
          );
          report(
            options.json,
            { organizationId: result.organizationId, legalHold: result.policy.legal_hold },
            () => `legal hold ${value} for every run of ${result.organizationId}`,
          );
          return;
        }
        const result = await withRetention((client) =>
          client.setRunHold(runId, on, { organizationId: options.org }),
        );
        report(options.json, result, () => `legal hold ${value} for run ${result.runId}`);
      },
    );

  retention
    .command('schedule')
    .description('create the Temporal Schedule of the retention reconciler (once; safe to repeat)')
    .option('--every <interval>', 'how often it runs, e.g. 1h or 15m', '1h')
    .option('--json', 'print one JSON object')
    .action(async (options: { every: string; json?: boolean }) => {
      const result = await withRetention((client) =>
        client.ensureReconcilerSchedule({ every: options.every }),
      );
      report(options.json, result, () =>
        result.created
          ? `created schedule ${result.scheduleId} (every ${options.every})`
          : `schedule ${result.scheduleId} already exists`,
      );
    });
}
