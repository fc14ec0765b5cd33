import type { Command } from 'commander';
import { type CommandContext, report } from './context';

export function registerReprocess(program: Command, context: CommandContext): void {
  program
    .command('reprocess')
    .description(
      'run chosen pipeline stages of a run again, in place (stages after them rerun too)',
    )
    .argument('<runId>', 'run id')
    .requiredOption(
      '--stages <stages>',
      'comma-separated: normalize, diarize, transcript, responses',
    )
    .option('--org <organizationId>', 'organization the run must belong to')
    .option('--json', 'print one JSON object')
    .action(async (runId: string, options: { stages: string; org?: string; json?: boolean }) => {
      const stages = options.stages
        .split(',')
        .map((stage) => stage.trim())
        .filter(Boolean);
      const result = await context.withClient((client) =>
        client.reprocessRun(runId, {
          stages,
          ...(options.org ? { organizationId: options.org } : {}),
        }),
      );
      report(
        options.json,
        result,
        () => `${result.workflowId} started again (execution ${result.executionId})`,
      );
    });
}
